// Shared helpers for the browser tests: Debian's Chromium driven by npm's playwright-core, and axe-core.
// Run by pytest (tests/e2e/conftest.py: run_browser_test) with BASE_URL and ARTIFACTS_DIR set.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

export const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8000';
export const ARTIFACTS_DIR = process.env.ARTIFACTS_DIR ?? 'build/browser';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Without the background-networking flags Chromium tries to reach Google's hosts, which this
// closed network refuses; the tests must make no outside connection at all.
export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

// Run axe-core inside the page (or inside `selector`, which may be a web component host) and
// return the violations of the WCAG 2.0, 2.1 and 2.2 A and AA rules, in a short readable form.
// axe is injected by evaluation (DevTools), so the page's own CSP stays on and is tested as served.
export async function axeViolations(page, selector = null) {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    async ({ tags, selector }) => {
      const context = selector ? { include: [selector] } : document;
      const result = await window.axe.run(context, { runOnly: { type: 'tag', values: tags } });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, summary: n.failureSummary })),
      }));
    },
    { tags: WCAG_TAGS, selector },
  );
}

export function artifact(name) {
  return path.join(ARTIFACTS_DIR, name);
}
