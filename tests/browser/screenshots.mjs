// Screenshots of the chat widget at 320 px and 1280 px wide, with an answer on the screen.
// The browser tests save them into ARTIFACTS_DIR; run by hand against a running product to update
// the README's pictures:  BASE_URL=http://127.0.0.1:8000 node tests/browser/screenshots.mjs
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE_URL, launch } from './browser.mjs';
import { EMBED_URL, ask, newPage, openByKeyboard, w } from './widget-helpers.mjs';

export const SIZES = { 'widget-320': { width: 320, height: 640 }, 'widget-1280': { width: 1280, height: 800 } };

// One screenshot per size: the /embed page with the chat open, after "what is a direct payment".
export async function takeScreenshots(browser, outDir, { url = EMBED_URL, prefix = '' } = {}) {
  await mkdir(outDir, { recursive: true });
  const files = [];
  for (const [name, viewport] of Object.entries(SIZES)) {
    const page = await newPage(browser, { viewport, reducedMotion: 'reduce' });
    await page.goto(url);
    await openByKeyboard(page);
    await ask(page, 'what is a direct payment');
    // Show the start of the answer, with the question above it.
    await w(page, '.msg.user').last().evaluate((row) => { row.parentElement.scrollTop = row.offsetTop - row.parentElement.offsetTop - 8; });
    await page.evaluate(() => { document.activeElement.blur(); window.scrollTo(0, 0); });
    const file = path.join(outDir, `${prefix}${name}.png`);
    await page.screenshot({ path: file });
    files.push(file);
    await page.context().close();
  }
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outDir = process.env.OUT_DIR ?? 'docs/screenshots';
  const browser = await launch();
  try {
    for (const file of await takeScreenshots(browser, outDir)) console.log(`saved ${file} (from ${BASE_URL})`);
  } finally {
    await browser.close();
  }
}
