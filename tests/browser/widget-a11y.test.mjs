// axe-core (WCAG 2.0, 2.1 and 2.2, A and AA) on pages with the chat widget, shadow DOM included:
// closed, open, a long conversation, high contrast, dark colours, the front page. Also saves
// screenshots at 320 px and 1280 px wide into ARTIFACTS_DIR. Run by tests/e2e/test_widget.py.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ARTIFACTS_DIR, BASE_URL, artifact, axeViolations, launch } from './browser.mjs';
import { takeScreenshots } from './screenshots.mjs';
import { EMBED_URL, ask, newPage, openByKeyboard, w } from './widget-helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

function noViolations(violations, state) {
  assert.deepEqual(violations, [], `${state}: ${JSON.stringify(violations, null, 2)}`);
}

describe('axe-core finds no WCAG A or AA problem', () => {
  test('axe looks inside the widget: a nameless button in its shadow DOM is reported', async () => {
    const page = await newPage(browser);
    await page.goto(EMBED_URL);
    await w(page, '.launcher').waitFor();
    await page.evaluate(() => {
      document.querySelector('sds-chat').shadowRoot.querySelector('.root').appendChild(document.createElement('button'));
    });
    const ids = (await axeViolations(page)).map((v) => v.id);
    assert.ok(ids.includes('button-name'), ids.join(', '));
    await page.context().close();
  });

  test('the embed page with the chat closed', async () => {
    const page = await newPage(browser);
    await page.goto(EMBED_URL);
    await w(page, '.launcher').waitFor();
    noViolations(await axeViolations(page), 'closed');
    await page.context().close();
  });

  test('the chat open, with the tools shown', async () => {
    const page = await newPage(browser);
    await page.goto(EMBED_URL);
    await openByKeyboard(page);
    // Before axe runs: axe itself adds a style element, which the page's CSP refuses.
    assert.deepEqual(page.errors, [], 'no script error and no CSP refusal');
    noViolations(await axeViolations(page), 'open');
    await w(page, '.tools-button').click();
    noViolations(await axeViolations(page), 'open with tools');
    await page.context().close();
  });

  test('a long conversation (more than 10 messages), also at 320 px wide', async () => {
    const page = await newPage(browser);
    await page.goto(EMBED_URL);
    await openByKeyboard(page);
    for (const text of ['what is a direct payment', 'what is option 2', 'how do i ask for an assessment', 'help for carers']) {
      await ask(page, text);
    }
    const count = await w(page, '.msg').count();
    assert.ok(count > 10, `${count} messages`);
    noViolations(await axeViolations(page), 'long conversation');
    await page.setViewportSize({ width: 320, height: 640 });
    noViolations(await axeViolations(page), 'long conversation at 320 px');
    await page.screenshot({ path: artifact('widget-long-320.png') });
    await page.context().close();
  });

  test('high contrast mode, with an error shown', async () => {
    const page = await newPage(browser);
    await page.goto(EMBED_URL);
    await openByKeyboard(page);
    await ask(page, 'what is a direct payment');
    await w(page, '.tools-button').click();
    await w(page, 'button', { hasText: 'High contrast' }).click();
    await w(page, 'textarea').fill('');
    await w(page, 'textarea').press('Enter'); // "Please type a message first."
    await w(page, '.error p').waitFor();
    noViolations(await axeViolations(page), 'high contrast');
    await page.screenshot({ path: artifact('widget-high-contrast-1280.png') });
    await page.context().close();
  });

  test('dark colour scheme, open with an answer', async () => {
    const page = await newPage(browser, { colorScheme: 'dark' });
    await page.goto(EMBED_URL);
    await openByKeyboard(page);
    await ask(page, 'what is a direct payment');
    noViolations(await axeViolations(page), 'dark');
    await page.screenshot({ path: artifact('widget-dark-1280.png') });
    await page.context().close();
  });

  test('the front page: the chat in the page, with an answer', async () => {
    const page = await newPage(browser);
    await page.goto(`${BASE_URL}/`);
    await w(page, '.msg.bot').first().waitFor();
    assert.equal(await w(page, '[role="region"] [role="log"]').count(), 1);
    await ask(page, 'what is a direct payment');
    assert.deepEqual(page.errors, [], 'no script error and no CSP refusal');
    noViolations(await axeViolations(page), 'front page');
    await page.screenshot({ path: artifact('front-1280.png'), fullPage: true });
    await page.context().close();
  });
});

describe('screenshots', () => {
  test(`the widget at 320 px and 1280 px wide is saved in ${ARTIFACTS_DIR}`, async () => {
    const files = await takeScreenshots(browser, ARTIFACTS_DIR);
    assert.equal(files.length, 2);
  });
});
