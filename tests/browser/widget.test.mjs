// The chat widget in a real browser against the real product: keyboard, screen reader live region,
// easy-read controls, failure states and safe rendering. Run by tests/e2e/test_widget.py.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { BASE_URL, launch } from './browser.mjs';
import {
  EMBED_URL, ask, botCount, errorText, focused, inputInView, liveText, newPage, openByKeyboard, overflow,
  stubSpeech, tabToLauncher, w, waitForIdle,
} from './widget-helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function openPage(options = {}, url = EMBED_URL) {
  const page = await newPage(browser, options);
  await page.goto(url);
  return page;
}

describe('opening and closing', () => {
  test('Tab reaches the launcher, Enter opens the chat with focus in the box, Escape returns to the launcher', async () => {
    const page = await openPage();
    await tabToLauncher(page);
    assert.equal(await w(page, '.launcher').getAttribute('aria-expanded'), 'false');
    await page.keyboard.press('Enter');
    const inBox = await focused(page);
    assert.equal(inBox.tag, 'textarea');
    const dialog = w(page, '[role="dialog"]');
    assert.equal(await dialog.isVisible(), true);
    const titleId = await dialog.getAttribute('aria-labelledby');
    assert.match(await w(page, `#${titleId}`).textContent(), /Self-directed Support/);
    assert.equal(await w(page, '[role="dialog"] [role="log"]').getAttribute('aria-label'), 'Conversation');
    await waitForIdle(page);
    await page.keyboard.press('Escape');
    assert.equal(await dialog.isVisible(), false);
    assert.match((await focused(page)).cls, /launcher/);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('the privacy notice is shown before the first message, in plain words', async () => {
    const page = await openPage();
    await openByKeyboard(page);
    const notice = await w(page, '.notice').textContent();
    for (const words of ['name', 'address', 'health', '30 days', 'delete']) assert.ok(notice.includes(words), words);
    const order = await page.evaluate(() => {
      const log = document.querySelector('sds-chat').shadowRoot.querySelector('.log');
      return [...log.children].map((c) => c.className.split(' ')[0]);
    });
    assert.equal(order[0], 'notice');
    await page.context().close();
  });
});

describe('talking to the assistant', () => {
  test('an answer is announced in the polite live region and shows its picture with alt text on the left', async () => {
    const page = await openPage();
    await openByKeyboard(page);
    await ask(page, 'what is a direct payment');
    const answer = w(page, '.msg.bot.has-pic').last();
    const img = answer.locator('img.pic');
    const alt = await img.getAttribute('alt');
    assert.ok(alt && alt.length > 3, `alt text: ${alt}`);
    assert.ok(await img.evaluate((el) => el.complete && el.naturalWidth > 0), 'the picture loaded');
    const [pic, words] = [await img.boundingBox(), await answer.locator('.bubble').boundingBox()];
    assert.ok(pic.x + pic.width <= words.x, 'the picture is left of the words');
    const answerText = (await answer.locator('.bubble p').first().innerText()).replace(/\s+/g, ' ').trim();
    const live = (await liveText(page)).replace(/\s+/g, ' ');
    assert.ok(live.includes(answerText.slice(0, 40)), `live region: ${live}`);
    assert.equal(await w(page, '[data-live]').getAttribute('aria-live'), 'polite');
    const size = await answer.locator('.bubble p').first().evaluate((p) => {
      const style = getComputedStyle(p);
      return { font: parseFloat(style.fontSize), line: parseFloat(style.lineHeight) };
    });
    assert.ok(size.font >= 18, `font size ${size.font}`);
    assert.ok(size.line >= size.font * 1.5 - 0.01, `line height ${size.line}`);
    await page.context().close();
  });

  test('a quick reply button works from the keyboard and is a big target', async () => {
    const page = await openPage();
    await openByKeyboard(page);
    await ask(page, 'what is a direct payment');
    const more = w(page, '.choice', { hasText: 'Tell me more' }).last();
    const box = await more.boundingBox();
    assert.ok(box.width >= 44 && box.height >= 44, JSON.stringify(box));
    const before = await botCount(page);
    await more.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => document.querySelector('sds-chat').shadowRoot.querySelectorAll('.msg.bot').length > n, before);
    await waitForIdle(page);
    assert.equal(await w(page, '.msg.user .bubble p').last().innerText(), 'Tell me more');
    await page.context().close();
  });

  test('Enter sends and Shift+Enter makes a new line', async () => {
    const page = await openPage();
    await openByKeyboard(page);
    const box = w(page, 'textarea');
    await box.type('what is option 2');
    await box.press('Shift+Enter');
    await box.type('please');
    assert.equal(await box.inputValue(), 'what is option 2\nplease');
    assert.equal(await w(page, '.msg.user').count(), 0);
    const before = await botCount(page);
    await box.press('Enter');
    await page.waitForFunction((n) => document.querySelector('sds-chat').shadowRoot.querySelectorAll('.msg.bot').length > n, before);
    assert.equal(await w(page, '.msg.user .bubble p').last().innerText(), 'what is option 2\nplease');
    assert.equal(await box.inputValue(), '');
    await page.context().close();
  });

  test('the typing indicator is announced once while the assistant writes', async () => {
    const page = await openPage();
    await openByKeyboard(page);
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route('**/v1/chat', async (route) => { await held; await route.continue(); });
    await w(page, 'textarea').fill('what is a direct payment');
    await w(page, 'textarea').press('Enter');
    await w(page, '.typing').waitFor();
    assert.equal(await w(page, '.typing').getAttribute('aria-hidden'), 'true');
    const live = await liveText(page);
    assert.equal(live.split('writing').length - 1, 1, live);
    release();
    await waitForIdle(page);
    assert.ok(!(await liveText(page)).includes('writing'));
    await page.context().close();
  });

  test('reload keeps the conversation; "Start again" begins a new one', async () => {
    const page = await openPage();
    await openByKeyboard(page);
    await ask(page, 'what is a direct payment');
    const id = await page.evaluate(() => sessionStorage.getItem('sds-chat:sds-assistant:id'));
    const shown = await w(page, '.msg').count();
    await page.reload();
    await w(page, '.msg.bot').first().waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem('sds-chat:sds-assistant:id')), id);
    assert.equal(await w(page, '.msg').count(), shown);
    assert.equal(await w(page, '[role="dialog"]').isVisible(), true, 'still open after reload');
    await w(page, '.tools-button').click();
    await w(page, 'button', { hasText: 'Start again' }).click();
    await waitForIdle(page);
    assert.notEqual(await page.evaluate(() => sessionStorage.getItem('sds-chat:sds-assistant:id')), id);
    assert.equal(await w(page, '.msg.user').count(), 0);
    assert.equal(await w(page, '.msg.bot').count(), 1, 'only the greeting');
    assert.equal((await focused(page)).tag, 'textarea');
    await page.context().close();
  });

  test('"Save the chat" downloads the conversation as a text file', async () => {
    const page = await openPage({ acceptDownloads: true });
    await openByKeyboard(page);
    await ask(page, 'what is a direct payment');
    await w(page, '.tools-button').click();
    const [download] = await Promise.all([page.waitForEvent('download'), w(page, 'button', { hasText: 'Save the chat' }).click()]);
    assert.match(download.suggestedFilename(), /^chat-\d{4}-\d{2}-\d{2}\.txt$/);
    const text = await readFile(await download.path(), 'utf8');
    assert.match(text, /You: what is a direct payment/);
    assert.match(text, /Assistant: /);
    await page.context().close();
  });
});

describe('reader controls', () => {
  test('"Print the chat" prints only the conversation, from a frame, under the page\'s CSP', async () => {
    const page = await openPage();
    await openByKeyboard(page);
    await ask(page, 'what is a direct payment');
    await page.evaluate(() => {
      // Record what the print frame holds when the widget asks it to print (headless Chromium cannot).
      window.__printed = [];
      const root = document.querySelector('sds-chat').shadowRoot.querySelector('.root');
      root.appendChild = function (node) {
        const added = Node.prototype.appendChild.call(this, node);
        if (node.tagName === 'IFRAME') node.contentWindow.print = () => window.__printed.push(node.contentDocument.body.innerText);
        return added;
      };
    });
    await w(page, '.tools-button').click();
    await w(page, 'button', { hasText: 'Print the chat' }).click();
    const printed = await page.evaluate(() => window.__printed);
    assert.equal(printed.length, 1);
    assert.match(printed[0], /You: what is a direct payment/);
    assert.match(printed[0], /Assistant: /);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('read aloud speaks the last answer and the stop button cancels it', async () => {
    const page = await newPage(browser);
    await page.addInitScript(stubSpeech);
    await page.goto(EMBED_URL);
    await openByKeyboard(page);
    await ask(page, 'what is a direct payment');
    await w(page, '.tools-button').click();
    const read = w(page, 'button', { hasText: 'Read aloud' });
    await read.click();
    assert.equal(await read.getAttribute('aria-pressed'), 'true');
    let calls = await page.evaluate(() => window.__speech);
    const spoken = calls.filter((c) => c[0] === 'speak').map((c) => c[1]).join(' ');
    assert.match(spoken, /council/i);
    assert.match(spoken, /You can choose: .*Tell me more/);
    const stop = w(page, '.stop');
    assert.equal(await stop.isVisible(), true);
    await stop.click();
    calls = await page.evaluate(() => window.__speech);
    assert.deepEqual(calls.at(-1), ['cancel']);
    assert.equal(await read.getAttribute('aria-pressed'), 'false');
    assert.equal(await stop.isVisible(), false);
    await page.context().close();
  });

  test('bigger and smaller text change the computed font size, never below 18px', async () => {
    const page = await openPage();
    await openByKeyboard(page);
    const size = () => w(page, '.msg.bot .bubble p').first().evaluate((p) => parseFloat(getComputedStyle(p).fontSize));
    const start = await size();
    await w(page, '.tools-button').click();
    await w(page, 'button', { hasText: 'Bigger text' }).click();
    await w(page, 'button', { hasText: 'Bigger text' }).click();
    const bigger = await size();
    assert.ok(bigger > start * 1.3, `${start} -> ${bigger}`);
    for (let i = 0; i < 8; i++) await w(page, 'button', { hasText: 'Smaller text' }).click();
    const smallest = await size();
    assert.ok(smallest < start && smallest >= 18, `smallest ${smallest}`);
    assert.match(await liveText(page), /as small as it can be/);
    await page.context().close();
  });

  test('high contrast shows white and yellow on black and is remembered', async () => {
    const page = await openPage();
    await openByKeyboard(page);
    await w(page, '.tools-button').click();
    const button = w(page, 'button', { hasText: 'High contrast' });
    await button.click();
    assert.equal(await button.getAttribute('aria-pressed'), 'true');
    const colours = await w(page, '.panel').evaluate((el) => {
      const style = getComputedStyle(el);
      const header = getComputedStyle(el.querySelector('.header'));
      return { bg: style.backgroundColor, ink: style.color, header: header.backgroundColor };
    });
    assert.deepEqual(colours, { bg: 'rgb(0, 0, 0)', ink: 'rgb(255, 255, 255)', header: 'rgb(0, 0, 0)' });
    await page.reload();
    await w(page, '.panel').waitFor();
    assert.equal(await w(page, '.root').evaluate((el) => el.classList.contains('hc')), true);
    await page.context().close();
  });

  test('reduced motion stops the typing animation; a dark colour scheme darkens the chat', async () => {
    const page = await openPage({ reducedMotion: 'reduce', colorScheme: 'dark' });
    await openByKeyboard(page);
    const look = await page.evaluate(() => {
      const root = document.querySelector('sds-chat').shadowRoot;
      const typing = root.querySelector('.typing');
      typing.hidden = false;
      const animation = getComputedStyle(typing.querySelector('span')).animationName;
      typing.hidden = true;
      return { animation, bg: getComputedStyle(root.querySelector('.panel')).backgroundColor };
    });
    assert.equal(look.animation, 'none');
    assert.equal(look.bg, 'rgb(27, 27, 29)');
    await page.context().close();
  });
});

describe('small screens and zoom', () => {
  for (const [name, options] of [
    ['a 320 x 640 phone', { viewport: { width: 320, height: 640 } }],
    ['1280 px wide at 400% zoom (320 x 180 CSS px)', { viewport: { width: 320, height: 180 }, deviceScaleFactor: 4 }],
  ]) {
    test(`${name}: nothing is cut off sideways and the input stays on the screen`, async () => {
      const page = await openPage(options);
      await openByKeyboard(page);
      await ask(page, 'what is a direct payment');
      for (const [box, size] of Object.entries(await overflow(page))) {
        assert.ok(size.scrollWidth <= size.clientWidth, `${box}: ${JSON.stringify(size)}`);
      }
      assert.equal(await inputInView(page), true);
      await w(page, '.tools-button').click();
      await w(page, 'button', { hasText: 'Bigger text' }).click();
      for (const [box, size] of Object.entries(await overflow(page))) {
        assert.ok(size.scrollWidth <= size.clientWidth, `bigger text, ${box}: ${JSON.stringify(size)}`);
      }
      assert.equal(await inputInView(page), true);
      await page.context().close();
    });
  }
});

describe('the front page at 400% zoom', () => {
  test('the chat in the page fits the screen sideways and its box is on screen when focused', async () => {
    const page = await openPage({ viewport: { width: 320, height: 180 }, deviceScaleFactor: 4 }, `${BASE_URL}/`);
    await w(page, '.msg.bot').first().waitFor();
    for (const [box, size] of Object.entries(await overflow(page))) {
      assert.ok(size.scrollWidth <= size.clientWidth, `${box}: ${JSON.stringify(size)}`);
    }
    await w(page, 'textarea').focus();
    assert.equal(await inputInView(page), true);
    await page.context().close();
  });
});

describe('failures in plain words, and nothing typed is lost', () => {
  test('server down: a plain error, the words stay in the box; server back: Send works', async () => {
    const page = await openPage();
    await openByKeyboard(page);
    await page.route('**/v1/chat', (route) => route.abort('connectionrefused'));
    const box = w(page, 'textarea');
    await box.fill('what is a direct payment');
    await box.press('Enter');
    await w(page, '.error p').waitFor();
    assert.match(await errorText(page), /cannot connect.*still in the box/);
    assert.equal(await box.inputValue(), 'what is a direct payment');
    assert.equal(await w(page, '.msg.user').count(), 0);
    await page.unroute('**/v1/chat');
    const before = await botCount(page);
    await w(page, '.send').click();
    await page.waitForFunction((n) => document.querySelector('sds-chat').shadowRoot.querySelectorAll('.msg.bot').length > n, before);
    assert.equal(await errorText(page), '');
    assert.equal(await box.inputValue(), '');
    await page.context().close();
  });

  test('a message that is too long is not sent and stays in the box', async () => {
    const page = await openPage();
    await openByKeyboard(page);
    let sent = 0;
    page.on('request', (r) => { if (r.url().endsWith('/v1/chat')) sent += 1; });
    const long = 'a'.repeat(1001);
    await w(page, 'textarea').fill(long);
    await w(page, 'textarea').press('Enter');
    assert.match(await errorText(page), /too long.*1000 characters or fewer.*1001/);
    assert.equal(await w(page, 'textarea').inputValue(), long);
    assert.equal(sent, 0);
    await page.context().close();
  });

  test('rate limited (429 with Retry-After): says how long to wait; the words stay', async () => {
    const page = await openPage();
    await openByKeyboard(page);
    await page.route('**/v1/chat', (route) => route.fulfill({
      status: 429,
      headers: { 'Retry-After': '30', 'Content-Type': 'application/json' },
      body: JSON.stringify({ error: { code: 'rate-limited', message: 'Too many messages.' } }),
    }));
    await w(page, 'textarea').fill('what is option 3');
    await w(page, 'textarea').press('Enter');
    await w(page, '.error p').waitFor();
    assert.match(await errorText(page), /wait 30 seconds\. Then press Send again/);
    assert.equal(await w(page, 'textarea').inputValue(), 'what is option 3');
    await page.context().close();
  });

  test('assistant unavailable (503): shows the message the API sends, with its phone numbers', async () => {
    const page = await openPage();
    await openByKeyboard(page);
    const message = 'Sorry, I cannot answer right now. If you are in danger, phone 999.';
    await page.route('**/v1/chat', (route) => route.fulfill({
      status: 503,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'assistant-unavailable', message } }),
    }));
    await w(page, 'textarea').fill('what is option 3');
    await w(page, 'textarea').press('Enter');
    await w(page, '.error p').waitFor();
    assert.equal(await errorText(page), message);
    assert.equal(await w(page, '[role="alert"]').count(), 1);
    assert.equal(await w(page, 'textarea').inputValue(), 'what is option 3');
    await page.context().close();
  });

  test('no /v1/sites settings (404): the chat uses its own name and greeting', async () => {
    const page = await newPage(browser);
    await page.route('**/v1/sites/**', (route) => route.fulfill({
      status: 404, contentType: 'application/json', body: '{"error": {"code": "site-not-found", "message": "x"}}',
    }));
    await page.goto(`${BASE_URL}/embed?org=no-such-org`);
    await openByKeyboard(page);
    assert.equal(await w(page, '.title').textContent(), 'Self-directed Support: easy-read help');
    assert.match(await w(page, '.msg.bot').first().innerText(), /Hello/);
    await page.context().close();
  });

  test("an organisation's settings: its name, colours and greeting", async () => {
    const page = await newPage(browser);
    const site = {
      id: 'test-org', display_name: 'Test Advice Centre', greeting: 'Hello from the test centre.',
      colours: { brand: '#5a1f6e', brand_text: '#ffffff' }, contact: null,
    };
    await page.route('**/v1/sites/**', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(site) }));
    await page.goto(`${BASE_URL}/embed?org=test-org`);
    await openByKeyboard(page);
    assert.equal(await w(page, '.title').textContent(), 'Test Advice Centre');
    assert.equal(await w(page, '.header').evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(90, 31, 110)');
    assert.match(await w(page, '.msg.bot').first().innerText(), /Hello from the test centre\./);
    assert.ok(await w(page, '.msg.bot').first().locator('.choice').count() > 0, 'the greeting has the menu buttons');
    await page.context().close();
  });
});

describe('safe rendering', () => {
  test('script and img tags typed into the chat are shown as text and never run', async () => {
    const page = await openPage();
    await openByKeyboard(page);
    const attacks = ['<script>window.__x=1</script>', '<img src=x onerror="window.__y=1">'];
    for (const text of attacks) await ask(page, text);
    const shown = await w(page, '.msg.user .bubble p').allTextContents();
    assert.deepEqual(shown, attacks);
    assert.equal(await w(page, '.msg.user img, .msg.user script').count(), 0);
    assert.deepEqual(await page.evaluate(() => [typeof window.__x, typeof window.__y]), ['undefined', 'undefined']);
    await page.context().close();
  });

  test('Markdown in answers becomes safe nodes: bold, bullets, http(s) links only', async () => {
    const page = await openPage();
    await openByKeyboard(page);
    const text = 'Some **bold** words.\nA [good link](https://example.org/a) and a [bad link](javascript:alert(1)).\n\n' +
      '- first <img src=x onerror="window.__z=1">\n- second https://example.org/b.';
    await page.route('**/v1/chat', (route) => route.fulfill({
      status: 200, contentType: 'application/json', body: JSON.stringify({ conversation_id: 'x', messages: [{ text }] }),
    }));
    await ask(page, 'show me');
    const bubble = w(page, '.msg.bot .bubble').last();
    assert.equal(await bubble.locator('strong').textContent(), 'bold');
    assert.deepEqual(await bubble.locator('li').allTextContents(), ['first <img src=x onerror="window.__z=1">', 'second https://example.org/b.']);
    const links = await bubble.locator('a').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href'), a.rel]));
    assert.deepEqual(links, [
      ['good link', 'https://example.org/a', 'noopener noreferrer'],
      ['https://example.org/b', 'https://example.org/b', 'noopener noreferrer'],
    ]);
    assert.match(await bubble.innerText(), /\[bad link\]\(javascript:alert\(1\)\)/);
    assert.equal(await bubble.locator('img').count(), 0);
    assert.equal(await page.evaluate(() => typeof window.__z), 'undefined');
    await page.context().close();
  });
});
