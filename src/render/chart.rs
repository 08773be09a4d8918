//! The charts of the HTML brief, as inline SVG: the activity chart (stacked
//! bars of the changes per day by bucket) and each number's line over the
//! windows of `--trend`.

use handlebars::{handlebars_helper, HelperDef, JsonValue};

use crate::brief::{Day, Kpi, TrendInfo};

handlebars_helper!(chart: |days: JsonValue| {
    let days: Vec<Day> = serde_json::from_value(days.clone()).unwrap_or_default();
    let svg = activity_chart(&days);
    JsonValue::String(if svg.is_empty() { svg } else { format!("<figure class=\"chart\">{svg}</figure>") })
});

/// The `chart` template helper: `{{{chart activity}}}`.
pub fn helper() -> Box<dyn HelperDef + Send + Sync> {
    Box::new(chart)
}

handlebars_helper!(bars: |days: JsonValue| {
    let days: Vec<Day> = serde_json::from_value(days.clone()).unwrap_or_default();
    JsonValue::String(bar_table(&days))
});

/// The `bar_table` template helper of the e-mail: `{{{bar_table activity}}}`.
pub fn bar_helper() -> Box<dyn HelperDef + Send + Sync> {
    Box::new(bars)
}

/// The activity as an e-mail client draws it: a table, a row a day, its
/// bar cells of the buckets' colours in widths of the busiest day's share.
/// No SVG, no CSS a mail client drops (Outlook for Windows draws with
/// Word's engine); empty when no day had work.
pub fn bar_table(days: &[Day]) -> String {
    use std::fmt::Write;
    let total = |d: &Day| d.delivered + d.fixed + d.attention + d.maintenance;
    let tallest = days.iter().map(total).max().unwrap_or(0);
    if tallest == 0 {
        return String::new();
    }
    let colours = ["#2da44e", "#0969da", "#cf222e", "#8c959f"];
    let mut out = String::from(
        "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" \
         style=\"font-size:13px;color:#57606a;\">",
    );
    for day in days {
        let _ = write!(
            out,
            "<tr><td width=\"64\" style=\"padding:2px 8px 2px 0;\">{}</td><td style=\"padding:2px 0;\">\
             <table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr>",
            handlebars::html_escape(&day.label)
        );
        let mut used = 0;
        for (count, colour) in
            [day.delivered, day.fixed, day.attention, day.maintenance].into_iter().zip(colours)
        {
            let width = count * 100 / tallest;
            if count > 0 && width > 0 {
                used += width;
                let _ = write!(
                    out,
                    "<td width=\"{width}%\" height=\"12\" bgcolor=\"{colour}\" style=\"background-color:{colour};\"></td>"
                );
            }
        }
        if used < 100 {
            let _ = write!(out, "<td width=\"{}%\"></td>", 100 - used);
        }
        let _ = write!(out, "</tr></table></td><td width=\"32\" align=\"right\">{}</td></tr>", total(day));
    }
    out.push_str("</table>");
    out
}

handlebars_helper!(line: |kpi: JsonValue, trend: JsonValue| {
    let kpi: Option<Kpi> = serde_json::from_value(kpi.clone()).ok();
    let trend: Option<TrendInfo> = serde_json::from_value(trend.clone()).ok();
    JsonValue::String(match (kpi, trend) {
        (Some(kpi), Some(trend)) => line_chart(&kpi, &trend),
        _ => String::new(),
    })
});

/// The `line_chart` template helper: `{{{line_chart this @root.trend}}}`
/// inside `{{#each kpis}}`.
pub fn line_helper() -> Box<dyn HelperDef + Send + Sync> {
    Box::new(line)
}

/// A small line chart of a number over the trend's windows: a line from the
/// oldest window to this one (broken where a window has no value), a dot on
/// this window, and the lowest and highest values as its scale. Its title
/// lists every window's value, for a screen reader and a hover.
pub fn line_chart(kpi: &Kpi, trend: &TrendInfo) -> String {
    use std::fmt::Write;
    let values: Vec<Option<f64>> =
        kpi.series.iter().map(|m| m.and_then(|m| serde_json::to_value(m).ok()?.as_f64())).collect();
    let known: Vec<f64> = values.iter().flatten().copied().filter(|v| v.is_finite()).collect();
    if known.is_empty() || values.len() < 2 {
        return String::new();
    }
    const WIDTH: f64 = 160.0;
    const HEIGHT: f64 = 36.0;
    const LEFT: f64 = 4.0;
    const SCALE: f64 = 44.0;
    let low = known.iter().copied().fold(f64::INFINITY, f64::min);
    let high = known.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let step = (WIDTH - LEFT - SCALE) / (values.len() - 1) as f64;
    let y = |v: f64| {
        if high > low {
            4.0 + (HEIGHT - 8.0) * (1.0 - (v - low) / (high - low))
        } else {
            HEIGHT / 2.0
        }
    };
    let title: Vec<String> = kpi
        .series
        .iter()
        .zip(&trend.windows)
        .map(|(m, w)| {
            format!("{}: {}", w.start, m.map(|m| kpi.unit.display(m)).unwrap_or_else(|| "—".into()))
        })
        .collect();
    let shown = |v: f64| {
        let m = if v.fract() == 0.0 && v >= 0.0 {
            crate::brief::Measure::Count(v as u64)
        } else {
            crate::brief::Measure::Real(v)
        };
        kpi.unit.display(m)
    };
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{WIDTH}\" height=\"{HEIGHT}\" \
         viewBox=\"0 0 {WIDTH} {HEIGHT}\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">\
         <title>{}</title>",
        handlebars::html_escape(&format!("{}, {}: {}", kpi.label, trend.period, title.join(", ")))
    );
    // One polyline per run of windows that have a value.
    let mut run: Vec<String> = Vec::new();
    let mut runs: Vec<Vec<String>> = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match v.filter(|v| v.is_finite()) {
            Some(v) => run.push(format!("{:.1},{:.1}", LEFT + i as f64 * step, y(v))),
            None => runs.push(std::mem::take(&mut run)),
        }
    }
    runs.push(run);
    for run in runs.iter().filter(|r| !r.is_empty()) {
        let _ = write!(
            svg,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"#0969da\" stroke-width=\"1.5\"/>",
            run.join(" ")
        );
    }
    if let Some(last) = values.last().copied().flatten().filter(|v| v.is_finite()) {
        let _ = write!(
            svg,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.5\" fill=\"#0969da\"/>",
            LEFT + (values.len() - 1) as f64 * step,
            y(last)
        );
    }
    let _ = write!(
        svg,
        "<text x=\"{WIDTH}\" y=\"11\" text-anchor=\"end\" fill=\"#57606a\">{}</text>\
         <text x=\"{WIDTH}\" y=\"{}\" text-anchor=\"end\" fill=\"#57606a\">{}</text></svg>",
        handlebars::html_escape(&shown(high)),
        HEIGHT - 2.0,
        handlebars::html_escape(&shown(low))
    );
    svg
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
    use crate::brief::{Measure, TrendWindow, Unit};

    #[test]
    fn a_line_chart_breaks_where_a_window_has_no_value() {
        let windows = ["2 Nov", "9 Nov", "16 Nov", "23 Nov"]
            .iter()
            .map(|start| TrendWindow {
                since: String::new(),
                until: String::new(),
                label: String::new(),
                start: start.to_string(),
            })
            .collect();
        let trend = TrendInfo { period: "the last 4 weeks".into(), windows };
        let brief: crate::Brief =
            serde_json::from_str(include_str!("../../tests/fixtures/brief.json")).unwrap();
        let mut kpi = brief.kpis[0].clone();
        kpi.unit = Unit::Percent;
        kpi.series = vec![Some(Measure::Real(0.1)), None, Some(Measure::Real(0.3)), Some(Measure::Real(0.2))];
        let svg = line_chart(&kpi, &trend);
        assert_eq!(svg.matches("<polyline").count(), 2, "{svg}");
        assert!(svg.contains("9 Nov: —") && svg.contains("16 Nov: 30%"), "{svg}");
        assert!(svg.contains(">30%</text>") && svg.contains(">10%</text>"), "{svg}");
        kpi.series = vec![None, None, None, None];
        assert_eq!(line_chart(&kpi, &trend), "");
    }

    fn day(label: &str, delivered: usize, fixed: usize) -> Day {
        Day { date: String::new(), label: label.to_string(), delivered, fixed, attention: 0, maintenance: 0 }
    }

    #[test]
    fn the_mail_bars_are_a_table_scaled_to_the_busiest_day() {
        assert_eq!(bar_table(&[day("Mon 16", 0, 0)]), "");
        let table = bar_table(&[day("Mon 16", 2, 2), day("Tue <17>", 1, 0)]);
        assert!(!table.contains("<svg") && !table.contains("<style"), "{table}");
        assert!(table.contains("Tue &lt;17&gt;"), "{table}");
        assert!(table.contains("width=\"50%\" height=\"12\" bgcolor=\"#2da44e\""), "{table}");
        assert!(table.contains("width=\"25%\" height=\"12\" bgcolor=\"#2da44e\""), "{table}");
        assert!(table.contains("<td width=\"75%\"></td>"), "{table}");
    }

    #[test]
    fn a_quiet_window_has_no_chart_and_a_busy_one_its_scale() {
        assert_eq!(activity_chart(&[day("Mon 16", 0, 0), day("Tue 17", 0, 0)]), "");
        let svg = activity_chart(&[day("Mon 16", 6, 2), day("Tue 17", 1, 0)]);
        assert!(svg.contains(">8</text>") && svg.contains(">4</text>") && svg.contains(">0</text>"), "{svg}");
        assert!(svg.contains("width=\"100%\"") && svg.contains("max-width:"), "it scales to a phone: {svg}");
    }
}
