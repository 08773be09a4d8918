//! The brief as a complete e-mail (RFC 5322): the text and the HTML brief
//! as multipart/alternative, ready for curl's SMTP upload.

use super::RenderError;
use crate::brief::Brief;

/// The brief as a complete e-mail: `Subject` (the title), `Date`, `From`,
/// `To` and a `Message-ID`, and a multipart/alternative body of the text and the HTML
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
    let sender = mailbox(from, "--mail-from")?;
    let mut builder = lettre::Message::builder()
        .message_id(Some(message_id(sender.email.domain())))
        .from(sender)
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

/// A new Message-ID on the sender's domain (RFC 5322 3.6.4): a message
/// without one is refused by some providers (Gmail: "550-5.7.1 Messages
/// missing a valid Message-ID header are not accepted"). Its left part is
/// 128 random bits, so two briefs never share one; a domain that is not
/// plain ASCII (an internationalised one) gives way to `localhost`, as
/// lettre's own default does, since a Message-ID is ASCII only.
fn message_id(domain: &str) -> String {
    use ring::rand::SecureRandom;
    let mut bytes = [0u8; 16];
    if ring::rand::SystemRandom::new().fill(&mut bytes).is_err() {
        // No system randomness: the time and the process keep it unique.
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        bytes = (nanos ^ (u128::from(std::process::id()) << 96)).to_be_bytes();
    }
    let left: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let plain = !domain.is_empty()
        && domain.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '[' | ']' | ':'));
    format!("<{left}@{}>", if plain { domain } else { "localhost" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_id_is_new_each_time_and_plain_ascii() {
        let id = message_id("example.com");
        assert!(id.starts_with('<') && id.ends_with("@example.com>") && id.len() == 46, "{id}");
        assert_ne!(message_id("example.com"), id);
        assert!(message_id("bücher.example").ends_with("@localhost>"));
        assert!(message_id("[127.0.0.1]").ends_with("@[127.0.0.1]>"));
    }
}
