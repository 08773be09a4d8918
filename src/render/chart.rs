//! The activity chart of the HTML brief: an inline SVG, stacked bars of the
//! changes per day by bucket.

use handlebars::{handlebars_helper, HelperDef, JsonValue};

use crate::brief::Day;

handlebars_helper!(chart: |days: JsonValue| {
    let days: Vec<Day> = serde_json::from_value(days.clone()).unwrap_or_default();
    JsonValue::String(activity_chart(&days))
});

/// The `chart` template helper: `{{{chart activity}}}`.
pub fn helper() -> Box<dyn HelperDef + Send + Sync> {
    Box::new(chart)
}

/// An inline SVG bar chart of the changes per day, stacked by bucket: no
/// script, no external resource, so it survives being pasted into an email.
/// Used as `{{{chart activity}}}`; every label in it is escaped here.
pub fn activity_chart(days: &[Day]) -> String {
    use std::fmt::Write;
    if days.is_empty() {
        return String::new();
    }
    const HEIGHT: f64 = 120.0;
    const TOP: f64 = 24.0;
    let slot = (640.0 / days.len() as f64).min(64.0);
    let width = slot * days.len() as f64;
    let tallest =
        days.iter().map(|d| d.delivered + d.fixed + d.attention + d.maintenance).max().unwrap_or(0).max(1);
    let scale = HEIGHT / tallest as f64;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
         font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\"><title>Changes per day</title>",
        w = width.max(300.0),
        h = TOP + HEIGHT + 20.0
    );
    let legend = [
        ("delivered", "#2da44e"),
        ("fixed", "#0969da"),
        ("needs attention", "#cf222e"),
        ("maintenance", "#8c959f"),
    ];
    for (i, (name, colour)) in legend.iter().enumerate() {
        let x = i as f64 * 110.0;
        let _ = write!(
            svg,
            "<rect x=\"{x}\" y=\"4\" width=\"10\" height=\"10\" fill=\"{colour}\"/><text x=\"{}\" y=\"13\" fill=\"#57606a\">{name}</text>",
            x + 14.0
        );
    }
    for (i, day) in days.iter().enumerate() {
        let x = i as f64 * slot + slot * 0.2;
        let mut y = TOP + HEIGHT;
        for (count, (_, colour)) in
            [day.delivered, day.fixed, day.attention, day.maintenance].into_iter().zip(legend)
        {
            if count == 0 {
                continue;
            }
            let h = count as f64 * scale;
            y -= h;
            let _ = write!(
                svg,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{h:.1}\" fill=\"{colour}\"/>",
                slot * 0.6
            );
        }
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\" fill=\"#57606a\">{}</text>",
            x + slot * 0.3,
            TOP + HEIGHT + 14.0,
            handlebars::html_escape(&day.label)
        );
    }
    svg.push_str("</svg>");
    svg
}
