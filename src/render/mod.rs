//! Rendering a [`Brief`] as Markdown, HTML, plain text or JSON.
//!
//! The three text formats are handlebars templates from `templates/`,
//! embedded in the binary; `--template FILE` replaces the one for the chosen
//! format. Everything a commit author wrote is untrusted: each format has its
//! own escape function, applied to every `{{value}}` of its template, so a
//! template cannot forget it.

use std::path::{Path, PathBuf};

use handlebars::{no_escape, Handlebars, JsonValue};
use thiserror::Error;

use crate::brief::Brief;

mod alert;
mod chart;
mod chat;
pub mod draft;
mod email;
mod escape;
mod fit;
mod helpers;
mod inline;
mod intro;
mod wrap;

pub use alert::alert;
pub use chart::activity_chart;
pub use email::email;
pub use fit::{fit, Budget};
pub use intro::MAX_INTRO;
pub use wrap::wrap;

pub use crate::format::Format;

use escape::{html, is_invisible_control, is_line_break, markdown, markdown_mention, terminal};
use helpers::{join, more, paint, take, text_helper, truncate};

impl Format {
    fn builtin(self) -> Option<&'static str> {
        match self {
            Format::Markdown => Some(include_str!("../../templates/brief.md.hbs")),
            Format::Html => Some(include_str!("../../templates/brief.html.hbs")),
            Format::Text => Some(include_str!("../../templates/brief.txt.hbs")),
            Format::Json | Format::Slack | Format::Teams | Format::Email => None,
        }
    }
}

/// Failures rendering a brief.
#[derive(Debug, Error)]
pub enum RenderError {
    #[error("cannot read template {}: {source}; check the path given to --template", path.display())]
    ReadTemplate { path: PathBuf, source: crate::files::FileError },
    #[error("template {name}{}: {reason}; fix the template, or drop --template to use the built-in one", line.map(|l| format!(" line {l}")).unwrap_or_default())]
    Template { name: String, line: Option<usize>, reason: String },
    #[error(
        "--template does not apply to --format json, slack or teams: they are built from the brief's structure"
    )]
    TemplateForJson,
    #[error("cannot write the brief as JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("cannot write the brief as an e-mail: {0}")]
    Email(String),
}

impl RenderError {
    /// A broken user template is a usage error; the rest are failures.
    pub fn is_usage(&self) -> bool {
        !matches!(self, RenderError::Json(_))
    }
}

/// How long a template may take to compile. Within the size limit a
/// template compiles in well under a second; one built to be slow (many
/// small elements) could still hold a job for minutes.
const COMPILE_TIME: std::time::Duration = std::time::Duration::from_secs(10);

/// Compiles a template on a thread of its own, given up after
/// [`COMPILE_TIME`]: the process ends with the error, and the thread with it.
fn compile(name: &str, source: &str) -> Result<handlebars::Template, RenderError> {
    let (send, receive) = std::sync::mpsc::channel();
    let (owned_name, owned_source) = (name.to_string(), source.to_string());
    std::thread::spawn(move || {
        let _ = send.send(handlebars::Template::compile_with_name(&owned_source, owned_name));
    });
    match receive.recv_timeout(COMPILE_TIME) {
        Ok(Ok(template)) => Ok(template),
        Ok(Err(e)) => Err(RenderError::Template {
            name: name.to_string(),
            line: e.pos().map(|(line, _)| line),
            reason: e.reason().to_string(),
        }),
        Err(_) => Err(RenderError::Template {
            name: name.to_string(),
            line: None,
            reason: format!(
                "it did not compile within {} seconds (a template of many small elements is slow to read): make it smaller",
                COMPILE_TIME.as_secs()
            ),
        }),
    }
}

/// Writes `brief` as JSON to `out` as it is serialized: the JSON of a long
/// history need not be held whole (see [`crate::output::write_with`]).
pub fn json(brief: &Brief, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, brief)?;
    out.write_all(b"\n")
}

/// Renders `brief` in `format`, with the user's template when one is given.
pub fn render(brief: &Brief, format: Format, template: Option<&Path>) -> Result<String, RenderError> {
    Template::load(format, template)?.render(brief)
}

/// A loaded template: the built-in one for a format, or the user's.
#[derive(Debug, Clone)]
pub enum Template {
    /// JSON is the brief itself, never templated.
    Json,
    /// A Slack payload, built from the brief's structure.
    Slack,
    /// A Teams payload, built from the brief's structure.
    Teams,
    Handlebars {
        format: Format,
        name: String,
        source: String,
        /// Paint the text brief with terminal colours (`{{{paint "bold" title}}}`).
        colour: bool,
        /// A user's template: a field that does not exist is an error that
        /// names it, not a blank (a misspelt `{{titel}}` in a weekly job
        /// would otherwise go unnoticed for months).
        strict: bool,
        /// The user's template, compiled once when loaded; a built-in one
        /// is compiled when rendered.
        compiled: Option<Box<handlebars::Template>>,
    },
}

impl Template {
    /// Loads the template for `format`: the file at `path`, else the built-in one.
    pub fn load(format: Format, path: Option<&Path>) -> Result<Template, RenderError> {
        match (format.builtin(), path) {
            (None, Some(_)) => Err(RenderError::TemplateForJson),
            (None, None) if format == Format::Slack => Ok(Template::Slack),
            (None, None) if format == Format::Teams => Ok(Template::Teams),
            (None, None) => Ok(Template::Json),
            (Some(builtin), None) => Ok(Template::Handlebars {
                format,
                name: format!("built-in {format:?}").to_lowercase(),
                source: builtin.to_string(),
                colour: false,
                strict: false,
                compiled: None,
            }),
            (Some(_), Some(path)) => {
                let source = crate::files::read_regular(path, crate::files::MAX_TEMPLATE)
                    .map_err(|source| RenderError::ReadTemplate { path: path.to_path_buf(), source })?;
                let name = path.display().to_string();
                let compiled = compile(&name, &source)?;
                check_partials(&name, &compiled)?;
                Ok(Template::Handlebars {
                    format,
                    name,
                    source,
                    colour: false,
                    strict: true,
                    compiled: Some(Box::new(compiled)),
                })
            }
        }
    }

    /// The HTML part of an e-mail: the brief laid out for mail clients
    /// (inline styles, tables, no SVG and no `<details>`), not the page.
    pub fn email_html() -> Template {
        Template::Handlebars {
            format: Format::Html,
            name: "built-in e-mail html".to_string(),
            source: include_str!("../../templates/email.html.hbs").to_string(),
            colour: false,
            strict: false,
            compiled: None,
        }
    }

    /// The same template, painting with terminal colours or not.
    pub fn colored(self, on: bool) -> Template {
        match self {
            Template::Handlebars { format, name, source, strict, compiled, .. } => {
                Template::Handlebars { format, name, source, colour: on, strict, compiled }
            }
            json => json,
        }
    }

    /// Whether the template shows lines or files changed, which are costly
    /// to compute (a diff per commit) and so computed only when used.
    pub fn uses_stats(&self) -> bool {
        match self {
            Template::Json | Template::Slack | Template::Teams => false,
            Template::Handlebars { source, .. } => {
                ["stats", "lines_changed", "file_changes"].iter().any(|word| source.contains(word))
            }
        }
    }

    /// Renders the brief.
    pub fn render(&self, brief: &Brief) -> Result<String, RenderError> {
        let Template::Handlebars { format, name, source, colour, strict, compiled } = self else {
            match self {
                Template::Slack => return Ok(serde_json::to_string_pretty(&chat::slack(brief))? + "\n"),
                Template::Teams => return Ok(serde_json::to_string(&chat::teams(brief))? + "\n"),
                _ => {}
            }
            let mut out = Vec::new();
            json(brief, &mut out).map_err(serde_json::Error::io)?;
            return Ok(
                String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
            );
        };
        let mut hb = Handlebars::new();
        hb.set_strict_mode(*strict);
        hb.register_escape_fn(match format {
            Format::Html => html,
            Format::Markdown => markdown,
            Format::Text => terminal,
            Format::Json | Format::Slack | Format::Teams | Format::Email => no_escape,
        });
        hb.register_helper("take", Box::new(take));
        hb.register_helper("more", Box::new(more));
        hb.register_helper("join", Box::new(join));
        hb.register_helper("truncate", Box::new(truncate));
        hb.register_helper("chart", chart::helper());
        hb.register_helper("bar_table", chart::bar_helper());
        hb.register_helper("line_chart", chart::line_helper());
        let format = *format;
        hb.register_helper(
            "intro_text",
            text_helper(move |h| {
                intro::render(h.param(0).and_then(|p| p.value().as_str()).unwrap_or(""), format)
            }),
        );
        hb.register_helper(
            "inline",
            text_helper(move |h| {
                inline::render(h.param(0).and_then(|p| p.value().as_str()).unwrap_or(""), format)
            }),
        );
        let colour = *colour;
        hb.register_helper(
            "paint",
            text_helper(move |h| {
                let style = h.param(0).and_then(|p| p.value().as_str()).unwrap_or("");
                let text = h
                    .param(1)
                    .map(|p| p.value().as_str().map_or_else(|| p.value().to_string(), str::to_string));
                paint(style, &terminal(&text.unwrap_or_default()), colour)
            }),
        );
        let template = match compiled {
            Some(compiled) => compiled.as_ref().clone(),
            None => compile(name, source)?,
        };
        hb.register_template(name, template);
        // Handed over as a `Context`: `render` would copy the value again.
        let context = handlebars::Context::from(context(brief, source)?);
        hb.render_with_context(name, &context).map_err(|e| RenderError::Template {
            name: name.clone(),
            line: e.line_no,
            reason: e.reason().to_string(),
        })
    }
}

/// What a template sees: the brief's fields that its source names, so that a
/// one-screen text brief of a long window does not copy every commit into the
/// template's context. A field a template does not name cannot be rendered by
/// it, so leaving it out changes nothing that is shown.
fn context(brief: &Brief, source: &str) -> Result<JsonValue, RenderError> {
    let mut map = serde_json::Map::new();
    macro_rules! fields {
        ($($field:ident),* $(,)?) => {
            $(
                if source.contains(stringify!($field)) {
                    map.insert(stringify!($field).to_string(), serde_json::to_value(&brief.$field)?);
                }
            )*
        };
    }
    fields!(
        schema_version,
        title,
        repository,
        window,
        headline,
        intro,
        delivered,
        releases,
        milestones,
        fixed,
        attention,
        in_progress,
        maintenance,
        noise,
        kpis,
        trend,
        units,
        commits,
        merges,
        confidence,
        activity,
        max_items,
        tracker,
        warnings,
        details,
        roll_up,
    );
    Ok(JsonValue::Object(map))
}

/// Refuses a template whose partials include themselves, directly or
/// through others: handlebars would recurse until the stack overflows (an
/// abort, not an error). A brief is not a recursive structure, so no
/// template needs recursion; the depth allowed is none.
fn check_partials(name: &str, template: &handlebars::Template) -> Result<(), RenderError> {
    use handlebars::template::{Parameter, TemplateElement};
    use std::collections::{BTreeMap, BTreeSet};

    /// What one template body includes: partial names, and whether it
    /// includes one whose name is computed (which could be any).
    #[derive(Default)]
    struct Includes {
        names: BTreeSet<String>,
        computed: bool,
    }

    fn walk(template: &handlebars::Template, current: &str, graph: &mut BTreeMap<String, Includes>) {
        for element in &template.elements {
            match element {
                TemplateElement::DecoratorBlock(d) if d.name.as_name() == Some("inline") => {
                    let defined = match d.params.first() {
                        Some(Parameter::Literal(handlebars::JsonValue::String(s))) => s.clone(),
                        Some(other) => other.as_name().unwrap_or_default().to_string(),
                        None => continue,
                    };
                    graph.entry(defined.clone()).or_default();
                    if let Some(body) = &d.template {
                        walk(body, &defined, graph);
                    }
                }
                TemplateElement::PartialExpression(d) | TemplateElement::PartialBlock(d) => {
                    let includes = graph.entry(current.to_string()).or_default();
                    let named = match &d.name {
                        Parameter::Literal(handlebars::JsonValue::String(n)) => Some(n.as_str()),
                        other => other.as_name(),
                    };
                    match named {
                        Some("@partial-block") => {}
                        Some(n) => drop(includes.names.insert(n.to_string())),
                        None => includes.computed = true,
                    }
                    if let Some(body) = &d.template {
                        walk(body, current, graph);
                    }
                }
                TemplateElement::HelperBlock(h) => {
                    for body in [&h.template, &h.inverse].into_iter().flatten() {
                        walk(body, current, graph);
                    }
                }
                TemplateElement::DecoratorBlock(d) => {
                    if let Some(body) = &d.template {
                        walk(body, current, graph);
                    }
                }
                _ => {}
            }
        }
    }

    let mut graph = BTreeMap::new();
    walk(template, "", &mut graph);
    let defined: BTreeSet<String> = graph.keys().filter(|k| !k.is_empty()).cloned().collect();
    let next = |node: &str| -> Vec<String> {
        graph.get(node).map_or_else(Vec::new, |includes| {
            let mut next: Vec<String> =
                includes.names.iter().filter(|n| defined.contains(*n)).cloned().collect();
            if includes.computed {
                next.extend(defined.iter().cloned());
            }
            next
        })
    };
    // Depth-first from every partial, looking for a way back to it.
    for start in &defined {
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((node, route)) = stack.pop() {
            for to in next(&node) {
                if to == *start {
                    let mut cycle = route.clone();
                    cycle.push(to);
                    return Err(RenderError::Template {
                        name: name.to_string(),
                        line: None,
                        reason: format!(
                            "partial {} includes itself ({}), which would never end; partials may not recurse",
                            crate::window::quote(start),
                            cycle.join(" → ")
                        ),
                    });
                }
                if seen.insert(to.clone()) {
                    let mut longer = route.clone();
                    longer.push(to.clone());
                    stack.push((to, longer));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escape_neutralises_markup_and_mentions() {
        assert_eq!(markdown("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
        assert_eq!(markdown("ping @everyone"), "ping @\u{200B}everyone");
        assert_eq!(markdown("![x](https://t.example/p)"), "!\\[x\\](https://t.example/p)");
        assert_eq!(markdown("a | b"), "a \\| b");
        assert_eq!(markdown("line\nbreak"), "line break");
        assert_eq!(markdown("&#64;all"), "&amp;#64;all");
        assert_eq!(markdown("closes #12"), "closes #12");
        assert_eq!(markdown("mail ada@ or @"), "mail ada@ or @");
    }

    #[test]
    fn the_context_holds_every_field_a_template_names_and_only_those() {
        let brief: Brief = serde_json::from_str(include_str!("../../tests/fixtures/brief.json")).unwrap();
        let everything: String =
            serde_json::to_value(&brief).unwrap().as_object().unwrap().keys().cloned().collect();
        assert_eq!(context(&brief, &everything).unwrap(), serde_json::to_value(&brief).unwrap());
        let text = context(&brief, "{{title}} {{headline}}").unwrap();
        assert_eq!(text.as_object().unwrap().keys().collect::<Vec<_>>(), ["headline", "title"]);
    }

    #[test]
    fn paint_colours_only_when_asked_and_never_trusts_its_text() {
        assert_eq!(paint("bold", "Brief", true), "\x1b[1mBrief\x1b[0m");
        assert_eq!(paint("bold", "Brief", false), "Brief");
        assert_eq!(paint("unknown", "Brief", true), "Brief");
    }

    #[test]
    fn marks_tags_and_separators_reach_no_format() {
        let sneaky = "a\u{200E}b\u{200F}c\u{061C}d\u{E0041}e\u{2028}f\u{2029}g";
        for out in [markdown(sneaky), terminal(sneaky), html(sneaky)] {
            assert_eq!(out, "abcde f g", "{out:?}");
        }
    }

    #[test]
    fn html_escape_and_plain_text_strip_dangerous_characters() {
        assert_eq!(html("<b>\u{202E}x\u{1b}[31m\u{7}"), "&lt;b&gt;x[31m");
        assert_eq!(terminal("a\u{1b}[31mred\nb"), "a[31mred b");
    }
}
