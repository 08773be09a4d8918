//! The one HTTP request a provider makes: a POST of JSON to the API host,
//! with the token, within the time left, never following a redirect (the
//! token would go with it), reading at most a bounded answer.

use std::time::{Duration, Instant};

use super::TrackerError;

/// How long the whole enrichment may take, and how large one answer may be.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub total: Duration,
    pub max_body: u64,
}

/// Whether `url` may carry a token: HTTPS, or plain HTTP to this machine
/// only (a test's server on loopback).
pub(super) fn allowed(url: &str) -> bool {
    if url.starts_with("https://") {
        return true;
    }
    let Some(rest) = url.strip_prefix("http://") else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = match host.rsplit_once(':') {
        Some((h, port)) if port.chars().all(|c| c.is_ascii_digit()) => h,
        _ => host,
    };
    matches!(host, "127.0.0.1" | "localhost" | "[::1]")
}

/// POSTs `body` to `url` with `authorization`, before `deadline`; the
/// answer's bytes when the status is 2xx.
pub(super) fn post(
    url: &str,
    authorization: &str,
    body: &str,
    limits: &Limits,
    deadline: Instant,
) -> Result<Vec<u8>, TrackerError> {
    send(url, ("Authorization", authorization), Some(body), limits, deadline)
}

/// GETs `url` with the credential header `auth` (name, value), before `deadline`.
pub(super) fn get(
    url: &str,
    auth: (&str, &str),
    limits: &Limits,
    deadline: Instant,
) -> Result<Vec<u8>, TrackerError> {
    send(url, auth, None, limits, deadline)
}

fn send(
    url: &str,
    auth: (&str, &str),
    body: Option<&str>,
    limits: &Limits,
    deadline: Instant,
) -> Result<Vec<u8>, TrackerError> {
    if !allowed(url) {
        return Err(TrackerError::Http(format!(
            "its API address {} is not HTTPS, and a token is sent over HTTPS only",
            crate::window::quote(url)
        )));
    }
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return Err(TrackerError::Http("its time limit ran out".into()));
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(left))
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
        .into();
    const AGENT: &str = concat!("git-brief/", env!("CARGO_PKG_VERSION"));
    let sent = match body {
        Some(body) => agent
            .post(url)
            .header(auth.0, auth.1)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .header("User-Agent", AGENT)
            .send(body),
        None => agent
            .get(url)
            .header(auth.0, auth.1)
            .header("Accept", "application/json")
            .header("User-Agent", AGENT)
            .call(),
    };
    let response = sent.map_err(|e| TrackerError::Http(describe(&e, left)))?;
    let status = response.status().as_u16();
    let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
    match status {
        200..=299 => {}
        300..=399 => {
            return Err(TrackerError::Http(format!(
                "it answered with a redirect ({status}), which is not followed so that the token stays with its host"
            )))
        }
        401 => return Err(TrackerError::Http("the token was refused (401): check it and its scopes".into())),
        403 | 429 if header("x-ratelimit-remaining").as_deref() == Some("0") || status == 429 => {
            let reset = header("x-ratelimit-reset")
                .and_then(|s| s.parse::<i64>().ok())
                .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
                .map(|t| format!("; it resets at {} UTC", t.format("%H:%M")))
                .unwrap_or_default();
            return Err(TrackerError::Http(format!("its rate limit is used up ({status}){reset}")));
        }
        403 => return Err(TrackerError::Http("access was refused (403): check the token's permissions".into())),
        _ => return Err(TrackerError::Http(format!("it answered with an error ({status})"))),
    }
    response.into_body().with_config().limit(limits.max_body).read_to_vec().map_err(|e| match e {
        ureq::Error::BodyExceedsLimit(_) => {
            TrackerError::Http(format!("its answer was larger than {} MB", limits.max_body / (1 << 20)))
        }
        e => TrackerError::Http(describe(&e, left)),
    })
}

/// A transport failure in a few words (ureq's messages name the URL, never
/// a header, so no token can be in them; they are still cut short).
fn describe(error: &ureq::Error, left: Duration) -> String {
    match error {
        ureq::Error::Timeout(_) => format!("it did not answer within {} s", left.as_secs_f64().ceil()),
        ureq::Error::HostNotFound => "its host name could not be resolved".into(),
        ureq::Error::ConnectionFailed => "it could not be reached".into(),
        e => format!("it could not be reached ({})", crate::window::one_line(&e.to_string(), 120)),
    }
}

#[cfg(test)]
mod tests {
    use super::allowed;

    #[test]
    fn a_token_goes_over_https_or_to_loopback_only() {
        assert!(allowed("https://api.github.com/graphql"));
        assert!(allowed("http://127.0.0.1:8080/graphql"));
        assert!(allowed("http://localhost/api"));
        assert!(!allowed("http://api.github.com/graphql"));
        assert!(!allowed("http://127.0.0.1.evil.example/graphql"));
        assert!(!allowed("ftp://127.0.0.1/"));
    }
}
