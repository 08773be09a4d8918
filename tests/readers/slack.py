"""Checks every Slack message of the corpus as Slack's own SDK reads it: each block parsed by
slack_sdk.models.blocks and validated (its length limits, field counts, element types), plus
the message limits Slack documents for chat.postMessage and incoming webhooks.
Usage: python slack.py FILE.slack...   Exit 1 on any error, naming the file and the block."""
import json
import sys

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block

LIMITS = {"blocks": 50, "header": 150, "section": 3000, "fields": 10, "field": 2000, "text": 40000}

errors = []
for path in sys.argv[1:]:
    message = json.load(open(path, encoding="utf-8"))
    blocks = message.get("blocks", [])
    if not blocks:
        errors.append(f"{path}: no blocks")
    if len(blocks) > LIMITS["blocks"]:
        errors.append(f"{path}: {len(blocks)} blocks, more than {LIMITS['blocks']}")
    if not message.get("text") or len(message["text"]) > LIMITS["text"]:
        errors.append(f"{path}: the notification text is missing or too long")
    for i, raw in enumerate(blocks):
        where = f"{path}: block {i} ({raw.get('type')})"
        try:
            block = Block.parse(raw)
            if block is None:
                errors.append(f"{where}: not a block Slack knows")
                continue
            block.validate_json()
        except (SlackObjectFormationError, KeyError, TypeError, ValueError) as e:
            errors.append(f"{where}: {e}")
            continue
        text = (raw.get("text") or {}).get("text", "")
        if raw["type"] == "header" and len(text) > LIMITS["header"]:
            errors.append(f"{where}: header of {len(text)} characters")
        if raw["type"] == "section":
            if len(text) > LIMITS["section"]:
                errors.append(f"{where}: section text of {len(text)} characters")
            fields = raw.get("fields", [])
            if len(fields) > LIMITS["fields"]:
                errors.append(f"{where}: {len(fields)} fields")
            for field in fields:
                if len(field["text"]) > LIMITS["field"]:
                    errors.append(f"{where}: a field of {len(field['text'])} characters")
        # Text from commits is escaped and verbatim: no mention, link or channel ping survives.
        for element in [raw.get("text") or {}] + raw.get("fields", []) + raw.get("elements", []):
            body = element.get("text", "")
            if element.get("type") == "mrkdwn" and element.get("verbatim") is not True:
                errors.append(f"{where}: mrkdwn that is not verbatim")
            for raw_markup in ("<!channel>", "<!here>", "<@U", "<https://evil"):
                if raw_markup in body:
                    errors.append(f"{where}: {raw_markup} reaches Slack unescaped")
    print(f"{path}: {len(blocks)} blocks checked")

for error in errors:
    print(error, file=sys.stderr)
sys.exit(1 if errors else 0)
