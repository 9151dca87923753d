// Helpers for the chat widget's browser tests: find things inside <sds-chat>'s shadow DOM, open it
// by keyboard, send a message and wait for the whole answer.
import assert from 'node:assert/strict';
import { BASE_URL } from './browser.mjs';

// The page the web managers' snippet runs on: the launcher, not yet open.
export const EMBED_URL = `${BASE_URL}/embed?org=sds-assistant`;

// Playwright's CSS locators go into open shadow roots, so 'sds-chat .x' finds .x inside the widget.
export const w = (page, selector, options) => page.locator(`sds-chat ${selector}`, options);

export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // A Content Security Policy refusal shows only as a console message.
  page.on('console', (message) => { if (/Content Security Policy/i.test(message.text())) errors.push(message.text()); });
  page.errors = errors;
  return page;
}

// Where the keyboard focus is, looking through the widget's shadow root.
export function focused(page) {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    return el ? { tag: el.tagName.toLowerCase(), cls: el.className, text: el.textContent.trim(), id: el.id } : null;
  });
}

// Tab through the page until the launcher has focus (it is the last thing on the page).
export async function tabToLauncher(page, maxTabs = 40) {
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (now && now.cls.includes('launcher')) return;
  }
  assert.fail('Tab never reached the launcher');
}

// Open by keyboard and wait for the greeting (and its buttons) to be shown.
export async function openByKeyboard(page) {
  await tabToLauncher(page);
  await page.keyboard.press('Enter');
  await waitForIdle(page);
  await w(page, '.msg.bot').first().waitFor();
}

export function waitForIdle(page) {
  return page.waitForFunction(() => {
    const root = document.querySelector('sds-chat')?.shadowRoot;
    const log = root?.querySelector('.log');
    return log && log.getAttribute('aria-busy') !== 'true' && root.querySelector('.typing').hidden;
  });
}

export function botCount(page) {
  return w(page, '.msg.bot').count();
}

// Type into the box and press Enter; resolves when the assistant's answer is on the screen.
export async function ask(page, text) {
  const before = await botCount(page);
  await w(page, 'textarea').fill(text);
  await w(page, 'textarea').press('Enter');
  await page.waitForFunction(
    (n) => document.querySelector('sds-chat').shadowRoot.querySelectorAll('.msg.bot').length > n,
    before,
  );
  await waitForIdle(page);
}

export function liveText(page) {
  return page.evaluate(() => document.querySelector('sds-chat').shadowRoot.querySelector('[data-live]').textContent);
}

export function errorText(page) {
  return page.evaluate(() => document.querySelector('sds-chat').shadowRoot.querySelector('.error').textContent);
}

// Horizontal overflow anywhere: the page, the widget panel, or its conversation.
export function overflow(page) {
  return page.evaluate(() => {
    const root = document.querySelector('sds-chat').shadowRoot;
    const boxes = { page: document.scrollingElement, panel: root.querySelector('.panel'), log: root.querySelector('.log') };
    return Object.fromEntries(
      Object.entries(boxes).map(([name, el]) => [name, { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }]),
    );
  });
}

// The input's box and the visible area: the whole input must be on the screen.
export function inputInView(page) {
  return page.evaluate(() => {
    const input = document.querySelector('sds-chat').shadowRoot.querySelector('textarea');
    const r = input.getBoundingClientRect();
    const vv = window.visualViewport;
    return r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= vv.width + 0.5 && r.bottom <= vv.height + 0.5;
  });
}

// Headless Chromium has no voices: record what the widget asks speechSynthesis to do.
export function stubSpeech() {
  const calls = [];
  window.__speech = calls;
  const synth = {
    speaking: false,
    speak(utterance) { calls.push(['speak', utterance.text]); },
    cancel() { calls.push(['cancel']); },
    pause() {},
    resume() {},
    getVoices() { return []; },
  };
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
  if (typeof window.SpeechSynthesisUtterance !== 'function') {
    window.SpeechSynthesisUtterance = function (text) { this.text = text; };
  }
}
