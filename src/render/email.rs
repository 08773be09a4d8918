//! The brief as a complete e-mail (RFC 5322): the text and the HTML brief
//! as multipart/alternative, ready for curl's SMTP upload.

use super::RenderError;
use crate::brief::Brief;

/// The brief as a complete e-mail: `Subject` (the title), `Date`, `From`
/// and `To`, and a multipart/alternative body of the text and the HTML
/// brief. Header values are encoded by lettre (RFC 2047), so no text can
/// add a header.
pub fn email(
    brief: &Brief,
    text: &str,
    html: &str,
    from: &str,
    to: &[String],
) -> Result<String, RenderError> {
    use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
    let mailbox = |address: &str, what: &str| {
        address.parse::<Mailbox>().map_err(|e| {
            RenderError::Email(format!("{what} {} is not an address ({e})", crate::window::quote(address)))
        })
    };
    let mut builder = lettre::Message::builder()
        .from(mailbox(from, "--mail-from")?)
        .subject(brief.title.replace(['\r', '\n'], " "))
        .date_now();
    for address in to {
        builder = builder.to(mailbox(address, "--mail-to")?);
    }
    let message = builder
        .multipart(
            MultiPart::alternative()
                .singlepart(SinglePart::builder().header(ContentType::TEXT_PLAIN).body(text.to_string()))
                .singlepart(SinglePart::builder().header(ContentType::TEXT_HTML).body(html.to_string())),
        )
        .map_err(|e| RenderError::Email(e.to_string()))?;
    Ok(String::from_utf8_lossy(&message.formatted()).into_owned())
}
