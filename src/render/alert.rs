//! An alert in each format: a title, the window, and one line per critical
//! item, every value escaped for its format as in the brief.

use super::{chat, html, markdown, terminal, Format, RenderError};

/// An alert in `format`: a title and one line per critical item; the
/// values are escaped for the format as in the brief.
pub fn alert(alert: &crate::alert::Alert, format: Format) -> Result<String, RenderError> {
    let link_text = |item: &crate::alert::AlertItem, escape: fn(&str) -> String| {
        if item.refs.is_empty() {
            String::new()
        } else {
            format!(" ({})", item.refs.iter().map(|r| escape(r)).collect::<Vec<_>>().join(", "))
        }
    };
    let quoted = |text: &str, escape: fn(&str) -> String| {
        if text.is_empty() {
            String::new()
        } else {
            format!(": “{}”", escape(text))
        }
    };
    Ok(match format {
        Format::Json => serde_json::to_string_pretty(alert)? + "\n",
        Format::Email => {
            return Err(RenderError::Email(
                "an alert is not sent by e-mail: use --format text, html, markdown, slack or teams, or an --output of that kind".into(),
            ))
        }
        Format::Teams => serde_json::to_string(&chat::teams_alert(alert))? + "\n",
        Format::Slack => serde_json::to_string_pretty(&chat::slack_alert(alert))? + "\n",
        Format::Markdown => {
            let mut out = format!("# {}\n\n{}\n\n", markdown(&alert.title), markdown(&alert.window));
            for item in &alert.items {
                out.push_str(&format!(
                    "- **{}** — {}{}{}\n",
                    markdown(&item.area),
                    markdown(&item.note),
                    quoted(&item.text, markdown),
                    link_text(item, markdown)
                ));
            }
            out
        }
        Format::Text => {
            let mut out = format!("{}\n{}\n\n", terminal(&alert.title), terminal(&alert.window));
            for item in &alert.items {
                out.push_str(&format!(
                    "  ! {} — {}{}{}\n",
                    terminal(&item.area),
                    terminal(&item.note),
                    quoted(&item.text, terminal),
                    link_text(item, terminal)
                ));
            }
            out
        }
        Format::Html => {
            let mut out = format!(
                "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{0}</title>\n</head>\n<body>\n<h1>{0}</h1>\n<p>{1}</p>\n<ul>\n",
                html(&alert.title),
                html(&alert.window)
            );
            for item in &alert.items {
                out.push_str(&format!(
                    "  <li><strong>{}</strong> — {}{}{}</li>\n",
                    html(&item.area),
                    html(&item.note),
                    quoted(&item.text, html),
                    link_text(item, html)
                ));
            }
            out.push_str("</ul>\n</body>\n</html>\n");
            out
        }
    })
}
