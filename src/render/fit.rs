//! Keeping a Markdown brief within a platform's size limit: GitHub refuses
//! a comment over 65,536 characters and a step summary over 1 MiB. What a
//! stakeholder reads matters more than the engineering appendix, so the
//! appendix's rows go first (newest kept), then the appendix, and only then
//! the end of the brief itself, always with a note that says so.

/// A size limit, in the unit the platform counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Budget {
    /// Characters (GitHub comment bodies: 65,536).
    Chars(usize),
    /// Bytes (GitHub step summaries: 1 MiB per step).
    Bytes(usize),
}

impl Budget {
    /// A pull-request comment on GitHub.
    pub const COMMENT: Budget = Budget::Chars(65_536);
    /// A step summary on GitHub Actions.
    pub const STEP_SUMMARY: Budget = Budget::Bytes(1024 * 1024);

    fn size(self, text: &str) -> usize {
        match self {
            Budget::Chars(_) => text.chars().count(),
            Budget::Bytes(_) => text.len(),
        }
    }

    /// The limit, in the budget's unit.
    pub fn limit(self) -> usize {
        match self {
            Budget::Chars(n) | Budget::Bytes(n) => n,
        }
    }
}

const APPENDIX: &str = "<details>";
const ROW: &str = "| `";

/// Returns `markdown` unchanged when it fits `budget`, else shortened.
pub fn fit(markdown: &str, budget: Budget) -> String {
    if budget.size(markdown) <= budget.limit() {
        return markdown.to_string();
    }
    let (head, appendix) = match markdown.find(APPENDIX) {
        Some(start) => markdown.split_at(start),
        None => (markdown, ""),
    };
    if !appendix.is_empty() {
        if let Some(trimmed) = trim_rows(head, appendix, budget) {
            return trimmed;
        }
    }
    let note = "\n\n*The brief was shortened to fit this page's size limit; the JSON brief (--format json) has all of it.*\n";
    let room = budget.limit().saturating_sub(budget.size(note));
    let mut kept = String::new();
    for line in head.lines() {
        if budget.size(&kept) + budget.size(line) + 1 > room {
            break;
        }
        kept.push_str(line);
        kept.push('\n');
    }
    kept.truncate(kept.trim_end().len());
    kept + note
}

/// Keeps as many appendix rows as fit, newest first, and says how many
/// were left out; `None` when not even the appendix's frame fits.
fn trim_rows(head: &str, appendix: &str, budget: Budget) -> Option<String> {
    let lines: Vec<&str> = appendix.lines().collect();
    let first_row = lines.iter().position(|l| l.starts_with(ROW))?;
    let after_rows =
        lines[first_row..].iter().position(|l| !l.starts_with(ROW)).map_or(lines.len(), |i| first_row + i);
    let rows = &lines[first_row..after_rows];
    let join = |part: &[&str]| part.iter().map(|l| format!("{l}\n")).collect::<String>();
    let before = join(&lines[..first_row]);
    let after = join(&lines[after_rows..]);
    let note = |left_out: usize| {
        format!(
            "\n*{left_out} more commit{} not shown: the brief was shortened to fit this page's size limit. \
The JSON brief (--format json) lists every commit.*\n",
            if left_out == 1 { "" } else { "s" }
        )
    };
    // The note's length barely changes with the count; reserve its longest form.
    let frame =
        budget.size(head) + budget.size(&before) + budget.size(&after) + budget.size(&note(rows.len()));
    if frame > budget.limit() {
        return None;
    }
    let mut used = frame;
    let mut kept = 0;
    for row in rows {
        let size = budget.size(row) + 1;
        if used + size > budget.limit() {
            break;
        }
        used += size;
        kept += 1;
    }
    Some(format!("{head}{before}{}{}{after}", join(&rows[..kept]), note(rows.len() - kept)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brief(rows: usize) -> String {
        let mut text = String::from("# Weekly brief\n\nThe team delivered 3 improvements.\n\n<details><summary>Engineering detail</summary>\n\n| commit | subject |\n|---|---|\n");
        for n in 0..rows {
            text.push_str(&format!("| `{n:07}` | feat: change number {n} with a long enough subject |\n"));
        }
        text.push_str("\n</details>\n");
        text
    }

    #[test]
    fn a_brief_that_fits_is_unchanged() {
        let text = brief(3);
        assert_eq!(fit(&text, Budget::COMMENT), text);
    }

    #[test]
    fn appendix_rows_go_first_and_the_note_says_how_many() {
        let text = brief(2_000);
        let fitted = fit(&text, Budget::COMMENT);
        assert!(fitted.chars().count() <= 65_536);
        assert!(fitted.starts_with("# Weekly brief\n\nThe team delivered 3 improvements."));
        assert!(fitted.trim_end().ends_with("</details>"), "the appendix stays well-formed");
        let kept = fitted.lines().filter(|l| l.starts_with("| `")).count();
        assert!(kept > 500 && kept < 2_000, "{kept}");
        assert!(fitted.contains(&format!("*{} more commits not shown", 2_000 - kept)));
        assert!(fitted.contains("| `0000000` |"), "the newest rows are kept");
    }

    #[test]
    fn characters_not_bytes_count_for_comments() {
        let text = brief(900).replace("change", "änderung");
        let fitted = fit(&text, Budget::Chars(60_000));
        assert!(fitted.chars().count() <= 60_000);
        assert!(fitted.len() > 60_000, "multi-byte text may exceed the limit in bytes");
    }

    #[test]
    fn without_room_for_the_appendix_the_brief_itself_is_cut_at_a_line() {
        let mut text = String::from("# Brief\n");
        for n in 0..100 {
            text.push_str(&format!("- item {n}\n"));
        }
        let fitted = fit(&text, Budget::Bytes(400));
        assert!(fitted.len() <= 400, "{}", fitted.len());
        assert!(fitted.starts_with("# Brief\n- item 0\n"));
        assert!(fitted.ends_with("has all of it.*\n"));
    }
}
