//! The brief as a complete e-mail (RFC 5322): the text and the HTML brief
//! as multipart/alternative, ready for curl's SMTP upload.

use super::RenderError;

/// The brief as a complete e-mail: `Subject` (the title), `Date`, `From`,
/// `To` and a `Message-ID`, and a multipart/alternative body of the text and the HTML
/// brief. Header values are encoded by lettre (RFC 2047), so no text can
/// add a header.
pub fn email(title: &str, text: &str, html: &str, from: &str, to: &[String]) -> Result<String, RenderError> {
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
        .raw_header(subject(&title.replace(['\r', '\n'], " ")))
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
    let message = String::from_utf8_lossy(&message.formatted()).into_owned();
    let (head, body) = message.split_once("\r\n\r\n").unwrap_or((&message, ""));
    let mut folded = String::with_capacity(message.len() + 64);
    let mut field = "";
    for line in head.split("\r\n") {
        if !line.starts_with([' ', '\t']) {
            field = line.split(':').next().unwrap_or_default();
        }
        let line = fold(line);
        // Only a name of an address can still be a word no line holds.
        if let Some(long) = line.split("\r\n").find(|l| l.len() > MAX_LINE) {
            let flag = if field.eq_ignore_ascii_case("from") { "--mail-from" } else { "--mail-to" };
            return Err(RenderError::Email(format!(
                "{flag} makes a header line of {} characters, more than the {MAX_LINE} a mail line may have; shorten the name in it",
                long.len()
            )));
        }
        folded.push_str(&line);
        folded.push_str("\r\n");
    }
    Ok(folded + "\r\n" + body)
}

/// A header line folded at its spaces to lines of at most [`FOLD_AT`]
/// characters where it can be. lettre folds a Subject, but writes an
/// address list on one line, however many recipients it has. Every space
/// lettre writes in a header is a place RFC 5322 allows a fold (after a
/// comma, between a name's words, before `<`, inside a quoted name), and a
/// reader unfolds it back to the same space.
fn fold(line: &str) -> String {
    if line.len() <= FOLD_AT {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len() + 16);
    let mut current = String::new();
    for (i, word) in line.split(' ').enumerate() {
        if i > 0 {
            // A folded line may not be all white space.
            if current.len() + 1 + word.len() > FOLD_AT && !current.trim().is_empty() {
                out.push_str(&current);
                out.push_str("\r\n");
                current.clear();
            }
            current.push(' ');
        }
        current.push_str(word);
    }
    out + &current
}

/// The longest line RFC 5322 allows, without its CRLF.
const MAX_LINE: usize = 998;
/// The line length RFC 5322 recommends, without its CRLF.
const FOLD_AT: usize = 78;

/// The Subject header. lettre folds a value at its spaces and encodes
/// non-ASCII words, but writes an ASCII word as it is, however long: a
/// title with a word longer than a line (a thousand T's in `[brief] title`)
/// made one line past the 998 characters a mail line may have. Such a
/// title is written instead as RFC 2047 encoded words, one a line, which a
/// mail reader joins back into the title exactly.
fn subject(title: &str) -> lettre::message::header::HeaderValue {
    use base64::Engine;
    use lettre::message::header::{HeaderName, HeaderValue};
    let name = HeaderName::new_from_ascii_str("Subject");
    let room = FOLD_AT - "Subject: ".len();
    if title.split(' ').all(|word| word.len() <= room) {
        return HeaderValue::new(name, title.to_string());
    }
    // 42 bytes are 56 characters of base64: `=?utf-8?b?…?=` then fits the line.
    let mut words = Vec::new();
    let mut rest = title;
    while !rest.is_empty() {
        let mut end = rest.len().min(42);
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        let (chunk, after) = rest.split_at(end);
        words.push(format!("=?utf-8?b?{}?=", base64::engine::general_purpose::STANDARD.encode(chunk)));
        rest = after;
    }
    // Safe to hand over pre-encoded: base64 and the fold are all it holds.
    HeaderValue::dangerous_new_pre_encoded(name, title.to_string(), words.join("\r\n "))
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

    #[test]
    fn a_subject_with_a_word_longer_than_a_line_is_encoded_words_one_a_line() {
        let title = format!("Brief {}", "ü".repeat(30) + &"T".repeat(100));
        let message = lettre::Message::builder()
            .from("a@example.com".parse().unwrap())
            .to("b@example.com".parse().unwrap())
            .raw_header(subject(&title))
            .body(String::new())
            .unwrap();
        let text = String::from_utf8(message.formatted()).unwrap();
        let head = text.split("\r\n\r\n").next().unwrap();
        assert!(head.split("\r\n").all(|l| l.len() <= FOLD_AT), "{head}");
        assert!(head.contains("Subject: =?utf-8?b?QnJpZWYg"), "{head}");
    }

    #[test]
    fn a_long_header_line_is_folded_at_its_spaces_and_unfolds_to_itself() {
        let line =
            format!("To: {}", (0..40).map(|n| format!("p{n}@example.com")).collect::<Vec<_>>().join(", "));
        let folded = fold(&line);
        assert!(folded.split("\r\n").all(|l| l.len() <= FOLD_AT && !l.trim().is_empty()), "{folded}");
        assert_eq!(folded.replace("\r\n", ""), line);
        assert_eq!(fold("Subject: short"), "Subject: short");
        let word = "x".repeat(100);
        assert_eq!(fold(&format!("To: {word}")), format!("To:\r\n {word}"));
    }
}
