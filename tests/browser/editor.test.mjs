// The editor page at /editor, driven in Chromium against the real product (BASE_URL, TOKEN of a reviewer).
// Sign in, find the direct payment answer, see a hard sentence flagged as it is typed, fix it, save,
// publish, and see the new text in the real chat's reply. Then restore the first version, so the shared
// product says its usual text again. axe-core must find no WCAG 2.2 A/AA problem in any view.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { artifact, axeViolations, BASE_URL, launch } from './browser.mjs';

const TOKEN = process.env.TOKEN;
const ANSWER_LINK = '#answer-rows a[href="#/answers/option1-direct-payment"]';
const MARKER = `zorbla${Math.random().toString(36).replace(/[^a-z]/g, '').slice(0, 6)}`;
const HARD_SENTENCE =
  'The local authority shall disburse remuneration contingent upon the satisfactory completion of a comprehensive ' +
  'assessment of eligibility criteria and the subsequent formulation of a personalised support plan by the ' +
  'multidisciplinary team in accordance with statutory guidance and regulations.';
const GOOD_SHORT = [
  'With Option 1, the council gives you money.',
  'This money is called a direct payment.',
  'You use it to buy the support you need.',
  '',
  `Our test word is ${MARKER}.`,
  'You are in charge of the money.',
].join('\n');
const XSS = '<img src=x onerror="window.__y=1">';
const CHAT_QUESTION = 'Tell me about direct payments';

let browser;
let page;
const cspViolations = [];

before(async () => {
  assert.ok(TOKEN, 'TOKEN must be a reviewer token');
  browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  page.on('pageerror', (error) => cspViolations.push(`page error: ${error.message}`));
});

after(async () => {
  await browser?.close();
});

async function noAxeViolations(name) {
  const violations = await axeViolations(page);
  await page.screenshot({ path: artifact(`editor-${name}.png`), fullPage: true });
  assert.deepEqual(violations, [], `${name}: ${JSON.stringify(violations, null, 2)}`);
}

async function statusSays(text) {
  try {
    await page.locator('#save-status', { hasText: text }).waitFor({ timeout: 30_000 });
  } catch (error) {
    await page.screenshot({ path: artifact('editor-status-failure.png'), fullPage: true });
    throw new Error(`Expected "${text}" but the status says: ${await page.locator('#save-status').innerText()}`);
  }
}

async function askChat(question) {
  await page.fill('#chat-question', question);
  await page.click('#chat-form button[type="submit"]');
  await page.locator('#chat-status', { hasText: 'The chat answered' }).waitFor({ timeout: 60_000 });
  return page.locator('#chat-log').innerText();
}

test('a wrong token shows a plain error and the sign-in view has no WCAG problems', async () => {
  await page.goto(`${BASE_URL}/editor`);
  await page.getByLabel('Your token').fill('not-a-real-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const error = page.locator('#token-error');
  await error.waitFor({ state: 'visible' });
  assert.match(await error.innerText(), /This token did not work/);
  assert.equal(await page.getByLabel('Your token').getAttribute('aria-invalid'), 'true');
  await noAxeViolations('sign-in-error');
});

test('signing in shows the list of answers, filtered by topic', async () => {
  await page.getByLabel('Your token').fill(TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#account-name', { hasText: 'rita' }).waitFor();
  await page.locator('#answer-rows tr').first().waitFor();
  assert.equal(await page.evaluate(() => localStorage.length === 0 || !JSON.stringify(localStorage).includes('Bearer')), true);
  await page.getByRole('search').getByLabel('Topic').selectOption('option1_direct_payment');
  await page.locator('#list-status', { hasText: /^\d+ answers\.$/ }).waitFor();
  const topics = await page.locator('#answer-rows tr td:nth-child(2)').allInnerTexts();
  assert.ok(topics.length > 1 && topics.every((t) => t === 'option1 direct payment'), topics.join(' | '));
  await page.locator(ANSWER_LINK).waitFor();
  await noAxeViolations('list');
});

test('a hard sentence is flagged and highlighted while it is typed', async () => {
  await page.locator(ANSWER_LINK).click();
  const short = page.getByLabel('Short answer', { exact: true });
  await page.locator('#check-short .check-summary', { hasText: 'Nothing stops you publishing' }).waitFor();
  await short.focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(`\n${HARD_SENTENCE}`, { delay: 5 });
  const flagged = page.locator('#check-short .sentence.flagged.hard', { hasText: 'remuneration' });
  await flagged.waitFor({ timeout: 30_000 });
  assert.match(await flagged.innerText(), /Must fix/, 'the highlight has a text label, not colour alone');
  const problem = page.locator('#check-short .problem.hard', { hasText: 'Use 15 or fewer' });
  await problem.waitFor();
  await problem.getByRole('button').click();
  assert.equal(await page.evaluate(() => document.activeElement.textContent.includes('remuneration')), true);
  await page.locator('#check-announce', { hasText: 'Short answer:' }).waitFor();
  await noAxeViolations('edit-problems');
});

test('the fixed text is saved, published, and the real chat says it', async () => {
  await page.getByLabel('Short answer', { exact: true }).fill(GOOD_SHORT);
  await page.locator('#check-short .check-summary', { hasText: 'Nothing stops you publishing' }).waitFor();
  await page.locator('#preview', { hasText: MARKER }).waitFor();
  await page.getByRole('button', { name: 'Save draft' }).click();
  await statusSays('Saved as draft');
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await statusSays('Published. The chat uses the new text now.');
  assert.match(await askChat(CHAT_QUESTION), new RegExp(MARKER));
  await page.waitForFunction(
    (marker) => [...document.querySelectorAll('#history-list .added')].some((li) => li.textContent.includes(marker)),
    MARKER,
  );
  await page.screenshot({ path: artifact('editor-published.png'), fullPage: true });
});

test('a title with HTML in it is saved and shown as text, never run', async () => {
  await page.getByLabel('Title', { exact: true }).fill(XSS);
  await page.getByRole('button', { name: 'Save draft' }).click();
  await statusSays('Saved as draft');
  await page.locator('#edit-heading', { hasText: XSS }).waitFor();
  await page.goto(`${BASE_URL}/editor#/answers`);
  await page.reload();
  await page.locator('#answer-rows a', { hasText: XSS }).waitFor();
  assert.equal(await page.evaluate(() => window.__y), undefined);
  assert.equal(await page.locator('img[src="x"]').count(), 0);
});

test('restoring the first version puts the old text back in the form and in the chat', async () => {
  await page.locator(ANSWER_LINK).click();
  await page.getByRole('button', { name: 'Restore version 1', exact: true }).click();
  await statusSays('Restored version 1. It is published again.');
  assert.equal(await page.getByLabel('Title', { exact: true }).inputValue(), 'Option 1: a direct payment');
  const reply = await askChat(CHAT_QUESTION);
  assert.doesNotMatch(reply, new RegExp(MARKER));
  assert.match(reply, /the council gives you money/);
});

test('a glossary meaning is checked as it is typed, published, and its first version restored', async () => {
  await page.getByRole('navigation').getByRole('link', { name: 'Glossary' }).click();
  await page.locator('#items-list-status', { hasText: 'found' }).waitFor();
  await noAxeViolations('glossary-list');
  await page.locator('#item-rows a', { hasText: 'direct payment' }).first().click();
  const meaning = page.getByRole('textbox', { name: 'Meaning (1 to 3 short sentences)' });
  await meaning.fill(`${HARD_SENTENCE} It is money.`);
  await page.locator('#item-check .sentence.flagged.hard', { hasText: 'remuneration' }).waitFor();
  await noAxeViolations('glossary-edit-problems');
  await meaning.fill(`The council gives you money for your support. You pick the help. Test word ${MARKER}.`);
  await page.locator('#item-check .check-summary', { hasText: 'Nothing stops you publishing' }).waitFor();
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await page.locator('#item-status', { hasText: 'Published' }).waitFor();
  await page.getByRole('button', { name: 'Restore version 1', exact: true }).click();
  await page.locator('#item-status', { hasText: 'Restored version 1.' }).waitFor();
  assert.doesNotMatch(await meaning.inputValue(), new RegExp(MARKER));
});

test('the page broke no Content Security Policy rule and threw no error', () => {
  assert.deepEqual(cspViolations, []);
});
