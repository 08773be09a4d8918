//! A PromQL expression evaluated at the end of each window through
//! Prometheus's HTTP API (`GET /api/v1/query?query=…&time=…`).

use std::time::Instant;

use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use serde::Deserialize;
use thiserror::Error;

use super::{promql_duration, Period};
use crate::http::{self, Limits};

/// Why a series could not be read.
#[derive(Debug, Error)]
pub(super) enum Failure {
    /// The server did not answer: no other KPI should wait for it again.
    #[error("{0}")]
    Unreachable(String),
    /// It answered, with an error or something that is not one number.
    #[error("{0}")]
    Refused(String),
}

/// The query's value at the end of `period`, `{window}` replaced by the
/// period's length; `None` for a period without data (an empty vector, NaN).
pub(super) fn value(
    base: &str,
    token: Option<&str>,
    query: &str,
    period: &Period,
    limits: &Limits,
    deadline: Instant,
) -> Result<Option<f64>, Failure> {
    let auth = token.map(|t| format!("Bearer {t}"));
    let length = (period.until - period.since).num_seconds();
    let expression = query.replace("{window}", &promql_duration(length));
    let url = format!(
        "{}/api/v1/query?query={}&time={}",
        base.trim_end_matches('/'),
        utf8_percent_encode(&expression, NON_ALPHANUMERIC),
        period.until.timestamp()
    );
    let answer = http::get(&url, auth.as_deref().map(|a| ("Authorization", a)), limits, deadline).map_err(
        |e| match e.status {
            // Prometheus answers a query it cannot run with 400 or 422.
            Some(400 | 422) => Failure::Refused("Prometheus could not run the query: check it".into()),
            Some(_) => Failure::Refused(format!("Prometheus: {e}")),
            None => Failure::Unreachable(format!(
                "Prometheus at {}: {e}",
                crate::window::quote(&crate::http::shown(base))
            )),
        },
    )?;
    read_answer(&answer)
}

#[derive(Deserialize)]
struct Answer {
    status: String,
    #[serde(default)]
    data: Option<Data>,
    #[serde(default)]
    error: Option<String>,
}

#[derive(Deserialize)]
#[serde(tag = "resultType", content = "result", rename_all = "lowercase")]
enum Data {
    Vector(Vec<Sample>),
    Scalar((f64, String)),
    Matrix(serde::de::IgnoredAny),
    String(serde::de::IgnoredAny),
}

#[derive(Deserialize)]
struct Sample {
    value: (f64, String),
}

/// The one number an instant query answered.
fn read_answer(bytes: &[u8]) -> Result<Option<f64>, Failure> {
    let answer: Answer = serde_json::from_slice(bytes)
        .map_err(|e| Failure::Refused(format!("Prometheus's answer could not be read: {e}")))?;
    if answer.status != "success" {
        let why = answer.error.unwrap_or_else(|| "no reason given".to_string());
        return Err(Failure::Refused(format!(
            "Prometheus refused the query: {}",
            crate::window::one_line(&crate::http::redact(&why), 200)
        )));
    }
    let text = match answer.data {
        Some(Data::Scalar((_, text))) => text,
        Some(Data::Vector(samples)) => match samples.as_slice() {
            [] => return Ok(None),
            [one] => one.value.1.clone(),
            many => {
                return Err(Failure::Refused(format!(
                    "the query gives {} series, not one number: aggregate it, with sum(…) for example",
                    many.len()
                )))
            }
        },
        _ => {
            return Err(Failure::Refused(
                "the query does not give a number: use an instant vector or a scalar".into(),
            ))
        }
    };
    // Prometheus writes NaN, +Inf and -Inf as strings too: no value.
    Ok(text.parse::<f64>().ok().filter(|v| v.is_finite()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_instant_query_gives_one_number_or_none() {
        let vector = br#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1700000000,"0.0012"]}]}}"#;
        assert_eq!(read_answer(vector).unwrap(), Some(0.0012));
        let scalar = br#"{"status":"success","data":{"resultType":"scalar","result":[1700000000,"3"]}}"#;
        assert_eq!(read_answer(scalar).unwrap(), Some(3.0));
        let empty = br#"{"status":"success","data":{"resultType":"vector","result":[]}}"#;
        assert_eq!(read_answer(empty).unwrap(), None);
        let nan = br#"{"status":"success","data":{"resultType":"scalar","result":[1700000000,"NaN"]}}"#;
        assert_eq!(read_answer(nan).unwrap(), None);
        let two = br#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":"1"},"value":[1,"1"]},{"metric":{"a":"2"},"value":[1,"2"]}]}}"#;
        assert!(read_answer(two).unwrap_err().to_string().contains("2 series"));
        let bad = br#"{"status":"error","errorType":"bad_data","error":"parse error at char 4"}"#;
        assert!(read_answer(bad).unwrap_err().to_string().contains("parse error at char 4"));
    }
}
