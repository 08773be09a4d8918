"""Checks every e-mail of the corpus as Python's `email` package reads it: no defects; the
headers a mail client and a spam filter need (Message-ID, Date, MIME-Version, From, To,
Subject); every line within RFC 5322's 998 characters; a text and an HTML part. Writes each
HTML part beside its message (FILE.eml.html) for the client-support check (mail.mjs).
Usage: python mail.py FILE.eml...   Exit 1 on any error."""
import email
import email.policy
import email.utils
import sys

errors = []
for path in sys.argv[1:]:
    raw = open(path, "rb").read()
    for number, line in enumerate(raw.split(b"\r\n"), 1):
        if len(line) > 998:
            errors.append(f"{path}: line {number} has {len(line)} characters, more than 998")
    message = email.message_from_bytes(raw, policy=email.policy.default)
    if message.defects:
        errors.append(f"{path}: defects {message.defects}")
    for name in ("Message-ID", "Date", "MIME-Version", "From", "To", "Subject"):
        if not message.get(name):
            errors.append(f"{path}: no {name} header")
    if message.get("Date") and email.utils.parsedate_to_datetime(str(message["Date"])) is None:
        errors.append(f"{path}: a Date that does not parse")
    if message.get_content_type() != "multipart/alternative":
        errors.append(f"{path}: {message.get_content_type()}, not multipart/alternative")
    parts = {part.get_content_type(): part for part in message.walk() if not part.is_multipart()}
    if set(parts) != {"text/plain", "text/html"}:
        errors.append(f"{path}: parts {sorted(parts)}")
        continue
    for part in parts.values():
        if part.defects:
            errors.append(f"{path}: {part.get_content_type()} defects {part.defects}")
    with open(path + ".html", "w", encoding="utf-8") as html:
        html.write(parts["text/html"].get_content())
    print(f"{path}: parsed, {len(raw)} bytes")

for error in errors:
    print(error, file=sys.stderr)
sys.exit(1 if errors else 0)
