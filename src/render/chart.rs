//! The activity chart of the HTML brief: an inline SVG, stacked bars of the
//! changes per day by bucket.

use handlebars::{handlebars_helper, HelperDef, JsonValue};

use crate::brief::Day;

handlebars_helper!(chart: |days: JsonValue| {
    let days: Vec<Day> = serde_json::from_value(days.clone()).unwrap_or_default();
    let svg = activity_chart(&days);
    JsonValue::String(if svg.is_empty() { svg } else { format!("<figure class=\"chart\">{svg}</figure>") })
});

/// The `chart` template helper: `{{{chart activity}}}`.
pub fn helper() -> Box<dyn HelperDef + Send + Sync> {
    Box::new(chart)
}

/// An inline SVG bar chart of the units of work per day, stacked by bucket:
/// no script, no external resource, so it survives being pasted into an email.
/// It scales to the width it is given (a phone's 375 px included) and carries
/// its own scale; a window with no work gets no chart, not an empty frame.
/// Used as `{{{chart activity}}}`; every label in it is escaped here.
pub fn activity_chart(days: &[Day]) -> String {
    use std::fmt::Write;
    let total = |d: &Day| d.delivered + d.fixed + d.attention + d.maintenance;
    let tallest = days.iter().map(total).max().unwrap_or(0);
    if tallest == 0 {
        return String::new();
    }
    const HEIGHT: f64 = 120.0;
    const TOP: f64 = 24.0;
    const AXIS: f64 = 28.0;
    let slot = (612.0 / days.len() as f64).min(64.0);
    let width = (AXIS + slot * days.len() as f64).max(460.0);
    let scale = HEIGHT / tallest as f64;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"100%\" viewBox=\"0 0 {width} {h}\" \
         style=\"max-width:{width}px;height:auto\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">\
         <title>Units of work per day</title>",
        h = TOP + HEIGHT + 20.0
    );
    // The scale: a line and a label at zero, half way and the tallest day.
    let mut marks = vec![0, tallest];
    if tallest >= 4 {
        marks.insert(1, tallest / 2);
    }
    for mark in marks {
        let y = TOP + HEIGHT - mark as f64 * scale;
        let _ = write!(
            svg,
            "<line x1=\"{AXIS}\" x2=\"{width}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#d0d7de\" stroke-width=\"1\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#57606a\">{mark}</text>",
            AXIS - 4.0,
            y + 4.0
        );
    }
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
        let x = AXIS + i as f64 * slot + slot * 0.2;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn day(label: &str, delivered: usize, fixed: usize) -> Day {
        Day { date: String::new(), label: label.to_string(), delivered, fixed, attention: 0, maintenance: 0 }
    }

    #[test]
    fn a_quiet_window_has_no_chart_and_a_busy_one_its_scale() {
        assert_eq!(activity_chart(&[day("Mon 16", 0, 0), day("Tue 17", 0, 0)]), "");
        let svg = activity_chart(&[day("Mon 16", 6, 2), day("Tue 17", 1, 0)]);
        assert!(svg.contains(">8</text>") && svg.contains(">4</text>") && svg.contains(">0</text>"), "{svg}");
        assert!(svg.contains("width=\"100%\"") && svg.contains("max-width:"), "it scales to a phone: {svg}");
    }
}
