//! The helpers templates share: lists cut to a length (`take`, `more`), text
//! cut or joined (`truncate`, `join`), and a terminal's colours (`paint`).

use handlebars::{handlebars_helper, Handlebars, JsonValue};

/// A helper whose output is already safe for the format: written as it is.
pub(super) fn text_helper(
    f: impl Fn(&handlebars::Helper) -> String + Send + Sync + 'static,
) -> Box<dyn handlebars::HelperDef + Send + Sync> {
    Box::new(
        move |h: &handlebars::Helper,
              _: &Handlebars,
              _: &handlebars::Context,
              _: &mut handlebars::RenderContext,
              out: &mut dyn handlebars::Output|
              -> handlebars::HelperResult {
            out.write(&f(h))?;
            Ok(())
        },
    )
}

handlebars_helper!(take: |list: JsonValue, n: u64| match list {
    JsonValue::Array(items) => JsonValue::Array(items.iter().take(n as usize).cloned().collect()),
    _ => JsonValue::Array(Vec::new()),
});

handlebars_helper!(more: |list: JsonValue, n: u64| match list {
    JsonValue::Array(items) => JsonValue::from(items.len().saturating_sub(n as usize)),
    _ => JsonValue::from(0),
});

handlebars_helper!(truncate: |text: str, max: u64| {
    let max = usize::try_from(max).unwrap_or(usize::MAX);
    if text.chars().count() <= max {
        JsonValue::String(text.to_string())
    } else {
        JsonValue::String(text.chars().take(max).collect::<String>() + "…")
    }
});

handlebars_helper!(join: |list: JsonValue, separator: str| match list {
    JsonValue::Array(items) => JsonValue::String(
        items.iter().map(|v| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string())).collect::<Vec<_>>().join(separator),
    ),
    other => other.clone(),
});

/// Wraps already-escaped text in a terminal style when colour is on. The
/// style names are the ones templates use: `bold`, `dim`, `green`, `red`,
/// `yellow`, `cyan`, and the KPI verdicts `better` and `worse`.
pub(super) fn paint(style: &str, text: &str, colour: bool) -> String {
    let code = match style {
        "bold" => "1",
        "dim" => "2",
        "green" | "better" => "32",
        "red" | "worse" => "31",
        "yellow" => "33",
        "cyan" => "36",
        _ => return text.to_string(),
    };
    if colour && !text.is_empty() {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}
