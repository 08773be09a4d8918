// Loads every HTML brief of the corpus in Debian's Chromium, headless, at a phone's width
// (375 px) and a desktop's (1280 px), as its reader's browser would, and checks: no horizontal
// scrolling (the page's scrollWidth within the viewport), no text under 11 px (the smallest
// computed font size of any element with text), and, at 375 px, the Needs attention heading
// within the first screen when the brief has one. Screenshots go to SCREENS (375 px and 1280 px).
// Usage: node page.mjs SCREENS FILE.html...   Exit 1 on any error.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [screens, ...files] = process.argv.slice(2);
fs.mkdirSync(screens, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
let failed = false;
for (const file of files) {
  for (const width of [375, 1280]) {
    const page = await browser.newPage({ viewport: { width, height: 812 } });
    await page.goto('file://' + path.resolve(file));
    const seen = await page.evaluate(() => {
      let smallest = Infinity;
      for (const element of document.querySelectorAll('body *')) {
        const own = [...element.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
        const style = getComputedStyle(element);
        if (own && style.display !== 'none' && style.visibility !== 'hidden') {
          smallest = Math.min(smallest, parseFloat(style.fontSize));
        }
      }
      for (const text of document.querySelectorAll('svg text')) {
        const box = text.getBoundingClientRect();
        if (box.height > 0) smallest = Math.min(smallest, box.height);
      }
      const attention = [...document.querySelectorAll('h2')].find((h) => h.textContent.trim() === 'Needs attention');
      return {
        scroll: document.documentElement.scrollWidth,
        smallest,
        attention: attention ? attention.getBoundingClientRect().top : null,
      };
    });
    const name = path.basename(file, path.extname(file));
    await page.screenshot({ path: path.join(screens, `${name}-${width}.png`), fullPage: true });
    const problems = [];
    if (seen.scroll > width) problems.push(`scrolls sideways (${seen.scroll} px wide)`);
    if (seen.smallest < 11) problems.push(`text of ${seen.smallest.toFixed(1)} px`);
    if (width === 375 && seen.attention !== null && seen.attention > 812) {
      problems.push(`Needs attention starts at ${Math.round(seen.attention)} px, below the first screen`);
    }
    for (const problem of problems) console.error(`${file} at ${width} px: ${problem}`);
    failed ||= problems.length > 0;
    console.log(`${file} at ${width} px: width ${seen.scroll}, smallest text ${seen.smallest.toFixed(1)} px` +
      (seen.attention === null ? '' : `, Needs attention at ${Math.round(seen.attention)} px`));
    await page.close();
  }
}
await browser.close();
process.exit(failed ? 1 : 0);
