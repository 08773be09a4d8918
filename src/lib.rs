//! git-brief turns a window of a repository's history into an
//! outcome-focused brief for people who are not engineers: what was
//! delivered, what needs attention, and a few numbers with their trend.
//!
//! The pipeline has one module per step, and data flows one way:
//!
//! ```text
//! window → history → conventional + refs → classify → brief → render
//! ```
//!
//! [`brief`](fn@brief) runs it from a [`Request`] to a [`Brief`]; [`render::render`]
//! turns the brief into Markdown, HTML, text or JSON.

pub mod brief;
pub mod classify;
pub mod conventional;
pub mod history;
pub mod output;
pub mod refs;
pub mod remote;
pub mod render;
pub mod window;
