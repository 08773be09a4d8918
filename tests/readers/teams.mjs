// Checks every Teams message of the corpus as the Adaptive Cards library reads it: each card
// parsed by `adaptivecards` (AdaptiveCard.parse with a SerializationContext that records every
// parse event), then validated (card.validateProperties()); no error or warning is allowed.
// Also: the version it declares is one the library knows, and the payload is within Teams' 28 KB.
// Usage: node teams.mjs FILE.teams...   Exit 1 on any error.
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// The library's bundle (its `lib/` is ES modules Node cannot resolve); parsing and validation
// need no DOM, only rendering does.
const AC = require('adaptivecards/dist/adaptivecards.js');

let failed = false;
const fail = (message) => { console.error(message); failed = true; };
for (const path of process.argv.slice(2)) {
  const raw = fs.readFileSync(path, 'utf8');
  if (Buffer.byteLength(raw) > 28 * 1024) fail(`${path}: ${Buffer.byteLength(raw)} bytes, over Teams' 28 KB`);
  const message = JSON.parse(raw);
  const attachment = (message.attachments || [])[0];
  if (!attachment || attachment.contentType !== 'application/vnd.microsoft.card.adaptive') {
    fail(`${path}: no Adaptive Card attachment`);
    continue;
  }
  const json = attachment.content;
  const version = AC.Version.parse(json.version, new AC.SerializationContext());
  if (!version || !version.isValid || version.major !== 1 || version.minor > AC.Versions.latest.minor) {
    fail(`${path}: version ${json.version} is not one the library knows`);
  }
  const context = new AC.SerializationContext(version);
  const card = new AC.AdaptiveCard();
  card.parse(json, context);
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    fail(`${path}: parse: ${event.message} (${AC.ValidationEvent[event.event]})`);
  }
  for (const event of card.validateProperties().validationEvents) {
    fail(`${path}: validation: ${event.message} (${AC.ValidationEvent[event.event]})`);
  }
  // Untrusted text is in TextRuns, never in a TextBlock whose text Teams reads as Markdown.
  const walk = (node) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      if (node.type === 'TextBlock') fail(`${path}: a TextBlock, whose text Teams reads as Markdown`);
      Object.values(node).forEach(walk);
    }
  };
  walk(json.body);
  console.log(`${path}: ${json.body.length} elements checked (Adaptive Card ${json.version})`);
}
process.exit(failed ? 1 : 0);
