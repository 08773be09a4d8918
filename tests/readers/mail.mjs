// Checks the HTML part of every e-mail of the corpus against caniemail's data (the `caniemail`
// package, from caniemail.com) for the clients stakeholders read mail in: Gmail on the web,
// Outlook for Windows (Word's engine) and Apple Mail. A feature one of them does not support is
// an error; partial support (a padding Outlook rounds, say) is listed, not failed.
// Usage: node mail.mjs FILE.eml.html...   Exit 1 on any error.
import fs from 'node:fs';
import { caniemail } from 'caniemail';

const clients = ['gmail.desktop-webmail', 'outlook.windows', 'apple-mail.macos'];
let failed = false;
for (const path of process.argv.slice(2)) {
  const html = fs.readFileSync(path, 'utf8');
  const { issues } = caniemail({ clients, html });
  const partial = new Set();
  for (const [client, list] of issues.warnings) for (const issue of list) partial.add(`${issue.title} (${client})`);
  for (const [client, list] of issues.errors) {
    for (const issue of list) {
      console.error(`${path}: ${client} does not support ${issue.title} (line ${issue.position?.start?.line})`);
      failed = true;
    }
  }
  console.log(`${path}: no unsupported feature for ${clients.join(', ')}; partly supported: ${[...partial].sort().join(', ') || 'none'}`);
}
process.exit(failed ? 1 : 0);
