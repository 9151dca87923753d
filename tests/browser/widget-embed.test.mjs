// The one-line snippet on another website (another origin: a small HTTP server on another port).
// A site that lists that website works; a site that does not is refused, and the widget says so in
// plain words. Needs REVIEWER_TOKEN (a reviewer of the product at BASE_URL) to create the two sites.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { BASE_URL, artifact, axeViolations, launch } from './browser.mjs';
import { ask, errorText, newPage, openByKeyboard, w } from './widget-helpers.mjs';

const TOKEN = process.env.REVIEWER_TOKEN;
const RUN = Date.now().toString(36);
const ALLOWED = `widget-allowed-${RUN}`;
const REFUSED = `widget-refused-${RUN}`;

let browser;
let server;
let hostOrigin;

// The other website: one page that contains nothing but a heading and the snippet.
function hostPage(org) {
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>A partner website</title></head>
<body><main><h1>A partner website</h1><p>Some text on the partner's page.</p></main>
<script src="${BASE_URL}/widget.js" data-org="${org}" defer></script>
</body></html>`;
}

async function createSite(id, name, allowedOrigins) {
  const response = await fetch(`${BASE_URL}/v1/content/sites`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({
      id,
      display_name: name,
      greeting: 'Hello. Ask me about your support.',
      colours: { brand: '#5a1f6e', brand_text: '#ffffff' },
      contact: null,
      allowed_origins: allowedOrigins,
    }),
  });
  assert.equal(response.status, 201, `creating ${id}: ${await response.text()}`);
}

before(async () => {
  assert.ok(TOKEN, 'set REVIEWER_TOKEN');
  server = createServer((request, response) => {
    const org = new URL(request.url, 'http://host').searchParams.get('org') ?? '';
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(hostPage(org.replace(/[^a-z0-9-]/g, '')));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  hostOrigin = `http://127.0.0.1:${server.address().port}`;
  await createSite(ALLOWED, 'Partner Advice Centre', [hostOrigin]);
  await createSite(REFUSED, 'Another Centre', ['https://www.example.org']);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
});

describe('the snippet on another website', () => {
  test("a site that lists the website: its settings load and the chat answers, pictures too", async () => {
    const page = await newPage(browser);
    await page.goto(`${hostOrigin}/?org=${ALLOWED}`);
    await openByKeyboard(page);
    assert.equal(await w(page, '.title').textContent(), 'Partner Advice Centre');
    assert.equal(await w(page, '.header').evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(90, 31, 110)');
    await ask(page, 'what is a direct payment');
    const img = w(page, '.msg.bot img.pic').last();
    assert.ok((await img.getAttribute('src')).startsWith(`${BASE_URL}/pictures/`));
    assert.ok(await img.evaluate((el) => el.complete && el.naturalWidth > 0), 'the picture loaded from the API');
    assert.equal(await errorText(page), '');
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: artifact('widget-partner-site-1280.png') });
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('a site that does not list the website: refused, a plain-words error, the words stay', async () => {
    const page = await newPage(browser);
    await page.goto(`${hostOrigin}/?org=${REFUSED}`);
    await openByKeyboard(page); // the greeting is the widget's own: the settings were refused too
    assert.equal(await w(page, '.title').textContent(), 'Self-directed Support: easy-read help');
    const box = w(page, 'textarea');
    await box.fill('what is a direct payment');
    await box.press('Enter');
    await w(page, '.error p').waitFor();
    assert.match(await errorText(page), /^Sorry, the chat (cannot connect|does not work on this website)/);
    assert.equal(await box.inputValue(), 'what is a direct payment');
    assert.equal(await w(page, '.msg.user').count(), 0);
    await page.context().close();
  });
});
