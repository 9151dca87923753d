// The editor page never loses work: unsaved text survives a reload, and when someone else saved first
// the editor sees both versions side by side and keeps their own text. Runs as an editor (TOKEN) while a
// reviewer (OTHER_TOKEN) changes the same answer through the API. Also: the page reflows at 320 px.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { artifact, axeViolations, BASE_URL, launch } from './browser.mjs';

const TOKEN = process.env.TOKEN;
const OTHER_TOKEN = process.env.OTHER_TOKEN;
const ANSWER_ID = 'option1-direct-payment-stopping';
const ANSWER_URL = `${BASE_URL}/v1/content/answers/${ANSWER_ID}`;
const word = () => Math.random().toString(36).replace(/[^a-z]/g, '').slice(0, 6);
const MINE = `Mine ${word()}.`;
const THEIRS = `Their title ${word()}`;

let browser;
let page;

async function asReviewer(method, url, { body, ifMatch } = {}) {
  const headers = { Authorization: `Bearer ${OTHER_TOKEN}`, 'Content-Type': 'application/json' };
  if (ifMatch) headers['If-Match'] = ifMatch;
  const response = await fetch(url, { method, headers, body: body && JSON.stringify(body) });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${url}: ${response.status} ${text}`);
  return { body: JSON.parse(text), etag: response.headers.get('ETag') };
}

before(async () => {
  assert.ok(TOKEN && OTHER_TOKEN, 'TOKEN (an editor) and OTHER_TOKEN (a reviewer) must be set');
  browser = await launch();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
});

after(async () => {
  // Put the answer back as it was: restore its first (published) version.
  const { etag } = await asReviewer('GET', ANSWER_URL);
  await asReviewer('POST', `${ANSWER_URL}/revisions/1/restore`, { ifMatch: etag });
  await browser?.close();
});

test('an editor signs in, opens an answer and is not offered Publish or Delete', async () => {
  await page.goto(`${BASE_URL}/editor#/answers/${ANSWER_ID}`);
  await page.getByLabel('Your token').fill(TOKEN);
  await page.keyboard.press('Enter');
  await page.locator('#account-role', { hasText: 'editor' }).waitFor();
  await page.locator('#edit-heading', { hasText: 'Edit: ' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Save draft' }).isVisible(), true);
  assert.equal(await page.getByRole('button', { name: 'Publish', exact: true }).isVisible(), false);
  assert.equal(await page.getByRole('button', { name: 'Delete' }).isVisible(), false);
});

test('unsaved text is kept in the browser and offered back after a reload', async () => {
  const more = page.getByLabel('Tell me more', { exact: true });
  await more.focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(`\n${MINE}`);
  await page.locator('#save-status', { hasText: 'not saved yet' }).waitFor();
  await page.waitForFunction(
    ([id, text]) => (localStorage.getItem(`sds-editor-unsaved:${id}`) || '').includes(text),
    [ANSWER_ID, MINE],
  );
  page.once('dialog', (dialog) => dialog.accept()); // the "leave this page?" question
  await page.reload();
  await page.getByRole('heading', { name: 'You have changes that were not saved' }).waitFor();
  await page.getByRole('button', { name: 'Bring back my changes' }).click();
  assert.match(await more.inputValue(), new RegExp(MINE));
});

test('when someone else saved first, both versions show side by side and my text is kept', async () => {
  const { body: latest, etag } = await asReviewer('GET', ANSWER_URL);
  const { revision, updated_at: _at, updated_by: _by, ...fields } = latest;
  await asReviewer('PUT', ANSWER_URL, { body: { ...fields, title: THEIRS }, ifMatch: etag });

  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.getByRole('heading', { name: 'Someone else changed this answer' }).waitFor();
  assert.equal(await page.getByLabel('Their version: Title').inputValue(), THEIRS);
  assert.match(await page.getByLabel('Your text: Tell me more').inputValue(), new RegExp(MINE));
  assert.match(await page.getByLabel('Tell me more', { exact: true }).inputValue(), new RegExp(MINE));
  const violations = await axeViolations(page);
  await page.screenshot({ path: artifact('editor-conflict.png'), fullPage: true });
  assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));

  await page.getByRole('button', { name: 'Save my text over theirs' }).click();
  await page.locator('#save-status', { hasText: 'Saved as draft' }).waitFor();
  const { body: saved } = await asReviewer('GET', ANSWER_URL);
  assert.match(saved.more, new RegExp(MINE));
  assert.equal(saved.revision, revision + 2);
});

test('at 320 px wide the page reflows without sideways scrolling and has no WCAG problems', async () => {
  await page.setViewportSize({ width: 320, height: 800 });
  await page.locator('#edit-heading').waitFor();
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  await page.screenshot({ path: artifact('editor-320.png'), fullPage: false });
  assert.ok(wide <= 320, `the page is ${wide} px wide`);
  assert.deepEqual(await axeViolations(page), []);
});
