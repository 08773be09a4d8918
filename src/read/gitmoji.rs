//! gitmoji subjects (<https://gitmoji.dev>): a leading emoji, or its `:shortcode:`,
//! states the kind of the change: ✨ a feature, 🐛 a fix, 🚑 a hotfix, 🔒 a security fix,
//! ⏪ a revert, 💥 a breaking change, ⬆️ a dependency update, 📝 documentation …

/// What an emoji states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stated {
    pub kind: &'static str,
    pub breaking: bool,
}

/// (emoji, shortcode, kind); the emoji without its variation selector.
const TABLE: &[(&str, &str, &str)] = &[
    ("✨", "sparkles", "feat"),
    ("🐛", "bug", "fix"),
    ("🚑", "ambulance", "hotfix"),
    ("🩹", "adhesive_bandage", "fix"),
    ("🥅", "goal_net", "fix"),
    ("🔒", "lock", "security"),
    ("⏪", "rewind", "revert"),
    ("💥", "boom", "feat"),
    ("⬆", "arrow_up", "deps"),
    ("⬇", "arrow_down", "deps"),
    ("📌", "pushpin", "deps"),
    ("➕", "heavy_plus_sign", "deps"),
    ("➖", "heavy_minus_sign", "deps"),
    ("📝", "memo", "docs"),
    ("✏", "pencil2", "docs"),
    ("💡", "bulb", "docs"),
    ("💬", "speech_balloon", "docs"),
    ("♻", "recycle", "refactor"),
    ("🚚", "truck", "refactor"),
    ("🏗", "building_construction", "refactor"),
    ("⚰", "coffin", "refactor"),
    ("✅", "white_check_mark", "test"),
    ("🧪", "test_tube", "test"),
    ("📸", "camera_flash", "test"),
    ("🤡", "clown_face", "test"),
    ("🚧", "construction", "wip"),
    ("🎨", "art", "style"),
    ("🚨", "rotating_light", "style"),
    ("⚡", "zap", "perf"),
    ("🔥", "fire", "chore"),
    ("💄", "lipstick", "feat"),
    ("🚸", "children_crossing", "feat"),
    ("♿", "wheelchair", "feat"),
    ("🌐", "globe_with_meridians", "feat"),
    ("📱", "iphone", "feat"),
    ("💫", "dizzy", "feat"),
    ("🚩", "triangular_flag_on_post", "feat"),
    ("👔", "necktie", "feat"),
    ("🦺", "safety_vest", "feat"),
    ("🛂", "passport_control", "feat"),
    ("🔍", "mag", "feat"),
    ("🩺", "stethoscope", "feat"),
    ("🥚", "egg", "feat"),
    ("🧵", "thread", "feat"),
    ("✈", "airplane", "feat"),
    ("🔖", "bookmark", "release"),
    ("🚀", "rocket", "chore"),
    ("🎉", "tada", "chore"),
    ("💚", "green_heart", "ci"),
    ("👷", "construction_worker", "ci"),
    ("📦", "package", "build"),
    ("🔨", "hammer", "build"),
    ("🔧", "wrench", "chore"),
    ("🙈", "see_no_evil", "chore"),
    ("📄", "page_facing_up", "chore"),
    ("🍱", "bento", "chore"),
    ("🔊", "loud_sound", "chore"),
    ("🔇", "mute", "chore"),
    ("👥", "busts_in_silhouette", "chore"),
    ("🗃", "card_file_box", "chore"),
    ("🏷", "label", "chore"),
    ("🌱", "seedling", "chore"),
    ("🗑", "wastebasket", "chore"),
    ("🧐", "monocle_face", "chore"),
    ("🧱", "bricks", "chore"),
    ("🧑‍💻", "technologist", "chore"),
    ("💸", "money_with_wings", "chore"),
    ("⚗", "alembic", "chore"),
    ("👽", "alien", "chore"),
    ("🔐", "closed_lock_with_key", "chore"),
    ("💩", "poop", "chore"),
    ("🔀", "twisted_rightwards_arrows", "merge"),
];

/// The emoji heading `subject` (what it states, when it is a gitmoji) and the rest;
/// `None` when the subject does not start with an emoji or a `:shortcode:`.
pub(super) fn split(subject: &str) -> Option<(Option<Stated>, &str)> {
    if let Some(rest) = subject.strip_prefix(':') {
        let end = rest.find(':')?;
        let code = &rest[..end];
        if code.is_empty()
            || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '+' || c == '-')
        {
            return None;
        }
        let after = rest[end + 1..].trim_start();
        let stated = TABLE.iter().find(|(_, name, _)| *name == code).map(|&(_, _, kind)| stated(kind, code));
        return Some((stated, after));
    }
    let first = subject.chars().next()?;
    if !is_emoji(first) {
        return None;
    }
    let stated = TABLE
        .iter()
        .find(|(emoji, _, _)| subject.starts_with(emoji))
        .map(|&(_, code, kind)| stated(kind, code));
    let rest = subject.trim_start_matches(|c: char| is_emoji(c) || c == '\u{FE0F}' || c == '\u{200D}');
    Some((stated, rest.trim_start()))
}

fn stated(kind: &'static str, code: &str) -> Stated {
    Stated { kind, breaking: code == "boom" }
}

/// Pictographs and the symbol blocks gitmoji draws from; letters, digits and ordinary
/// punctuation never are.
fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x2190..=0x21FF | 0x2300..=0x23FF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0x1F000..=0x1FAFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emoji_and_shortcodes() {
        assert_eq!(
            split("✨ Dark mode").map(|(s, r)| (s.map(|s| s.kind), r)),
            Some((Some("feat"), "Dark mode"))
        );
        assert_eq!(split(":bug: Totals").map(|(s, r)| (s.map(|s| s.kind), r)), Some((Some("fix"), "Totals")));
        assert_eq!(split("♻️ Split the module").map(|(s, _)| s.map(|s| s.kind)), Some(Some("refactor")));
        assert_eq!(split("🦄 Magic"), Some((None, "Magic")));
        assert_eq!(split("Plain"), None);
        assert_eq!(split(":not a code: x"), None);
        assert!(split("💥 Drop v1").and_then(|(s, _)| s).is_some_and(|s| s.breaking));
    }
}
