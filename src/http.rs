//! The one HTTP request git-brief makes to a tracker or a monitoring
//! system: to its API host only, with its credential, within the time left,
//! never following a redirect (the credential would go with it), reading at
//! most a bounded answer.

use std::time::{Duration, Instant};

use thiserror::Error;

/// Why a request got no usable answer, in words a warning can carry: never
/// a credential.
#[derive(Debug, Error)]
#[error("{message}")]
pub struct HttpError {
    /// The status the server answered with; `None` when it did not answer.
    pub status: Option<u16>,
    pub message: String,
}

impl HttpError {
    fn unanswered(message: impl Into<String>) -> Self {
        HttpError { status: None, message: redact(&message.into()) }
    }

    fn answered(status: u16, message: impl Into<String>) -> Self {
        HttpError { status: Some(status), message: redact(&message.into()) }
    }
}

/// The environment variables that hold a credential git-brief sends.
const SECRETS: &[&str] =
    &["GITHUB_TOKEN", "GH_TOKEN", "GITLAB_TOKEN", "CI_JOB_TOKEN", "JIRA_API_TOKEN", "PROMETHEUS_TOKEN"];

/// A credential after the name of its scheme, as a server echoing a header writes it.
static SCHEMED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)\b(bearer|basic|token|private-token|job-token)(\s*[:=]?\s*)[A-Za-z0-9._~+/=-]{8,}",
    )
    .unwrap_or_else(|e| unreachable!("{e}"))
});

/// `text` from a server (an error message, a quoted answer) fit to be shown:
/// every configured token (see [`redact_tokens`]) and anything sent as a
/// credential (`Bearer …`, a run with a digit after `token`) replaced by
/// `[redacted]`. A server or a proxy that echoes the request's headers
/// cannot put a token into the brief.
pub(crate) fn redact(text: &str) -> String {
    let text = redact_tokens(text);
    SCHEMED
        .replace_all(&text, |caps: &regex::Captures<'_>| {
            let value = &caps[0][caps[1].len() + caps[2].len()..];
            match value.bytes().any(|b| b.is_ascii_digit()) {
                true => format!("{}{}[redacted]", &caps[1], &caps[2]),
                false => caps[0].to_string(),
            }
        })
        .into_owned()
}

/// `text` with every configured token, and Jira's `email:token` in base64,
/// replaced by `[redacted]`: for a tracker's titles, which are otherwise
/// quoted as they are.
pub(crate) fn redact_tokens(text: &str) -> String {
    let mut secrets: Vec<String> =
        SECRETS.iter().filter_map(|name| std::env::var(name).ok()).map(|v| v.trim().to_string()).collect();
    if let (Ok(email), Ok(token)) = (std::env::var("JIRA_EMAIL"), std::env::var("JIRA_API_TOKEN")) {
        use base64::Engine;
        let pair = format!("{}:{}", email.trim(), token.trim());
        secrets.push(base64::engine::general_purpose::STANDARD.encode(pair));
    }
    // Longest first, so that a token inside another is not half-replaced.
    secrets.retain(|s| s.len() >= 4);
    secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let mut text = text.to_string();
    for secret in &secrets {
        if text.contains(secret.as_str()) {
            text = text.replace(secret.as_str(), "[redacted]");
        }
    }
    text
}

/// How long all the requests of a step may take, and how large one answer may be.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub total: Duration,
    pub max_body: u64,
}

/// The user and password part of a URL in free text.
static USER_INFO: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"://[^/@\s]*@").unwrap_or_else(|e| unreachable!("{e}")));

/// `url` fit to be shown: without a user and password (`https://user:pass@host`)
/// and without its query, which may hold a key.
pub(crate) fn shown(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = rest[..end].rsplit_once('@').map_or(&rest[..end], |(_, host)| host);
    let path = rest[end..].split(['?', '#']).next().unwrap_or("");
    let scheme = if scheme.is_empty() { String::new() } else { format!("{scheme}://") };
    format!("{scheme}{host}{path}")
}

/// Whether `url` may carry a token: HTTPS, or plain HTTP to this machine
/// only (a test's server on loopback).
pub(crate) fn allowed(url: &str) -> bool {
    // A scheme is case-insensitive (RFC 3986): `HTTPS://` is HTTPS.
    let scheme =
        |name: &str| url.get(..name.len()).filter(|s| s.eq_ignore_ascii_case(name)).map(|s| &url[s.len()..]);
    if scheme("https://").is_some() {
        return true;
    }
    let Some(rest) = scheme("http://") else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = match host.rsplit_once(':') {
        Some((h, port)) if port.chars().all(|c| c.is_ascii_digit()) => h,
        _ => host,
    };
    matches!(host, "127.0.0.1" | "localhost" | "[::1]")
}

/// POSTs `body` to `url` with `authorization`, before `deadline`; the
/// answer's bytes when the status is 2xx.
pub(crate) fn post(
    url: &str,
    authorization: &str,
    body: &str,
    limits: &Limits,
    deadline: Instant,
) -> Result<Vec<u8>, HttpError> {
    send(url, Some(("Authorization", authorization)), Some(body), limits, deadline)
}

/// GETs `url` with the credential header `auth` (name, value), if any,
/// before `deadline`.
pub(crate) fn get(
    url: &str,
    auth: Option<(&str, &str)>,
    limits: &Limits,
    deadline: Instant,
) -> Result<Vec<u8>, HttpError> {
    send(url, auth, None, limits, deadline)
}

fn send(
    url: &str,
    auth: Option<(&str, &str)>,
    body: Option<&str>,
    limits: &Limits,
    deadline: Instant,
) -> Result<Vec<u8>, HttpError> {
    if auth.is_some() && !allowed(url) {
        return Err(HttpError::unanswered(format!(
            "its API address {} is not HTTPS, and a token is sent over HTTPS only",
            crate::window::quote(&shown(url))
        )));
    }
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return Err(HttpError::unanswered(format!("its time limit ran out ({})", budget(limits))));
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(left))
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
        .into();
    const AGENT: &str = concat!("git-brief/", env!("CARGO_PKG_VERSION"));
    let sent = match body {
        Some(body) => {
            let request = agent.post(url);
            let request = match auth {
                Some((name, value)) => request.header(name, value),
                None => request,
            };
            request
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("User-Agent", AGENT)
                .send(body)
        }
        None => {
            let request = agent.get(url);
            let request = match auth {
                Some((name, value)) => request.header(name, value),
                None => request,
            };
            request.header("Accept", "application/json").header("User-Agent", AGENT).call()
        }
    };
    let response = sent.map_err(|e| HttpError::unanswered(describe(&e, limits)))?;
    let status = response.status().as_u16();
    let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
    match status {
        200..=299 => {}
        300..=399 => {
            return Err(HttpError::answered(status, format!(
                "it answered with a redirect ({status}), which is not followed so that the token stays with its host"
            )))
        }
        401 => return Err(HttpError::answered(401, "the token was refused (401): check it and its scopes")),
        403 | 429 if header("x-ratelimit-remaining").as_deref() == Some("0") || status == 429 => {
            let reset = header("x-ratelimit-reset")
                .and_then(|s| s.parse::<i64>().ok())
                .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
                .map(|t| format!("; it resets at {} UTC", t.format("%H:%M")))
                .unwrap_or_default();
            return Err(HttpError::answered(status, format!("its rate limit is used up ({status}){reset}")));
        }
        403 => return Err(HttpError::answered(403, "access was refused (403): check the token's permissions")),
        _ => return Err(HttpError::answered(status, format!("it answered with an error ({status})"))),
    }
    response.into_body().with_config().limit(limits.max_body).read_to_vec().map_err(|e| match e {
        ureq::Error::BodyExceedsLimit(_) => HttpError::answered(
            status,
            format!("its answer was larger than {} MB", limits.max_body / (1 << 20)),
        ),
        e => HttpError::unanswered(describe(&e, limits)),
    })
}

/// The time all of a step's requests may take together, as the warning of a
/// step that ran out of it says: a step of several requests names its whole
/// budget, not what was left of it for the last one.
fn budget(limits: &Limits) -> String {
    format!("{} s for all its requests", limits.total.as_secs_f64().ceil())
}

/// A transport failure in a few words (ureq's messages name the URL, never
/// a header, so no token can be in them; they are still cut short).
fn describe(error: &ureq::Error, limits: &Limits) -> String {
    match error {
        ureq::Error::Timeout(_) => format!("it did not answer within its time limit ({})", budget(limits)),
        ureq::Error::HostNotFound => "its host name could not be resolved".into(),
        ureq::Error::ConnectionFailed => "it could not be reached".into(),
        // A URL in ureq's message keeps no user or password.
        e => {
            let message = e.to_string();
            let message = USER_INFO.replace_all(&message, "://");
            format!("it could not be reached ({})", crate::window::one_line(&redact(&message), 120))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{allowed, shown};

    #[test]
    fn a_token_goes_over_https_or_to_loopback_only() {
        assert!(allowed("https://api.github.com/graphql"));
        assert!(allowed("http://127.0.0.1:8080/graphql"));
        assert!(allowed("http://localhost/api"));
        assert!(!allowed("http://api.github.com/graphql"));
        assert!(!allowed("http://127.0.0.1.evil.example/graphql"));
        assert!(!allowed("ftp://127.0.0.1/"));
        assert_eq!(
            shown("https://123:glc_secret@prom.example:9090/api?key=x"),
            "https://prom.example:9090/api"
        );
        assert_eq!(shown("http://127.0.0.1:9"), "http://127.0.0.1:9");
    }
}
