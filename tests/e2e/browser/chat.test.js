'use strict';
// The web chat in Chromium against the real binary: a resident starts a conversation at /chat/ with the
// keyboard alone, submits a plan with the buttons and a photo (which an officer then opens through the
// officers' API), reloads and sees the whole conversation, asks a
// question (with a <script> in it, which stays text), and reads the officer's answer, given through the
// officers' API, as it arrives. axe-core checks the chat in Dutch and English and the public pages; the
// widget's script adds a link to the chat on another site's page; the
// screenshots of the chat and a plan page at 1280 and 375 pixels wide go to docs/screenshots/ for the README.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { t, start, stop, run, sql, assertAccessible, assertCleanRun } = require('./harness');

const TEST_TIMEOUT_MS = 240_000;
const OFFICER = { login: 'anouk', name: 'Anouk de Vries', password: 'een-lang-wachtwoord-2026' };
const TITLE = 'Bankje bij de speeltuin';
const DESCRIPTION = 'Een bankje bij de speeltuin in het park, zodat ouders kunnen zitten.';
const QUESTION = 'Wanneer wordt het gras gemaaid? <script>window.hacked = 1</script>';
const ANSWER = 'Het gras in het park wordt volgende week maandag gemaaid.';
// A real picture of 1 by 1 pixel, as the resident's photo.
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const SCREENSHOTS = path.join(process.env.BUURTBOT_SOURCE_DIR || '.', 'docs', 'screenshots');

let passed = false;

before(() => start(OFFICER));
after(() => stop(passed));

const log = () => t.page.locator('#log');
const lastBot = () => t.page.locator('#log li.bot').last();

// What has the keyboard focus: its tag, id and words.
const focused = () => t.page.evaluate(() => {
  const e = document.activeElement;
  return { tag: e.tagName.toLowerCase(), id: e.id, text: (e.textContent || '').trim(), inLog: !!e.closest('#log') };
});

// Presses Tab (or Shift+Tab) until the element with `words` has the focus; fails after 40 presses.
async function tabTo(words, backwards = false) {
  for (let i = 0; i < 40; i++) {
    const now = await focused();
    if (now.text === words) return;
    await t.page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  assert.fail(`Tab never reached "${words}"`);
}

async function waitForBot(pattern) {
  await t.page.locator('#log li.bot', { hasText: pattern }).last().waitFor();
}

// Types `words` into the message field, which has the focus, and sends them with Enter.
async function typeAndSend(words) {
  assert.equal((await focused()).id, 'text', `the message field has the focus before typing "${words}"`);
  await t.page.keyboard.type(words);
  await t.page.keyboard.press('Enter');
  await t.page.locator('#log li.resident', { hasText: words.slice(0, 20) }).last().waitFor();
}

// After a pressed button the reply takes the focus: its first button, or the message itself.
async function pressFocusedButton(expected) {
  const now = await focused();
  assert.equal(now.tag, 'button', `a button has the focus, not ${JSON.stringify(now)}`);
  assert.equal(now.text, expected);
  await t.page.keyboard.press('Enter');
}

async function screenshot(name, width, height) {
  await t.page.setViewportSize({ width, height });
  await t.page.evaluate(() => {
    window.scrollTo(0, 0);
    const conversation = document.getElementById('conversation');
    if (conversation) conversation.scrollTop = conversation.scrollHeight;
  });
  await t.page.screenshot({ path: path.join(SCREENSHOTS, name) });
}

test('a resident submits a plan in the web chat, comes back, and reads the answer live', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { page } = t;
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${t.baseUrl}/chat/`);
  await page.getByRole('heading', { level: 1, name: 'Chat met de gemeente' }).waitFor();
  await page.locator('#start').waitFor();
  await assertAccessible('the empty chat (nl)');

  // Tab order: the language link, the conversation (which scrolls), then the start button.
  await page.keyboard.press('Tab');
  assert.equal((await focused()).text, 'English');
  await page.keyboard.press('Tab');
  assert.equal((await focused()).id, 'conversation');
  await page.keyboard.press('Tab');
  assert.equal((await focused()).id, 'start');
  await page.keyboard.press('Enter');

  // The menu's first button takes the focus.
  await waitForBot('Wat wil je doen?');
  await pressFocusedButton('Een plan indienen');
  await waitForBot('Wat is de naam van je plan?');
  const now = await focused();
  assert.ok(now.inLog && now.tag === 'li', `the new message has the focus, not ${JSON.stringify(now)}`);
  await page.keyboard.press('Tab');
  await typeAndSend(TITLE);
  await waitForBot('Vertel in een paar zinnen');
  await typeAndSend(DESCRIPTION);
  await waitForBot('Bij welk thema');
  assert.equal((await focused()).id, 'text', 'a reply does not take the focus from someone typing');

  // A photo with the plan: the file field is reached with Tab, and choosing a file sends it.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal((await focused()).id, 'photo', 'the photo field comes after the send button');
  await page.locator('#photo').setInputFiles({ name: 'bankje.png', mimeType: 'image/png', buffer: PHOTO });
  await page.locator('#log li.resident', { hasText: 'Foto: bankje.png' }).waitFor();
  await waitForBot('Ik heb je foto of bestand bewaard');
  await waitForBot('Bij welk thema');
  assert.equal((await focused()).id, 'photo', 'the photo field keeps the focus');
  await tabTo('Groen', true);
  await page.keyboard.press('Enter');
  await waitForBot('In welke wijk');
  await pressFocusedButton('Centrum');
  await waitForBot('Wat heb je nodig van de gemeente?');
  await pressFocusedButton('Geld');
  await waitForBot('Hoeveel geld');
  await page.keyboard.press('Tab');
  await typeAndSend('1250');
  await waitForBot('Mag iedereen je plan zien');
  await tabTo('Ja', true);
  await page.keyboard.press('Enter');
  await waitForBot('Wil je het plan zo indienen?');
  await pressFocusedButton('Ja');
  await waitForBot(/BI-\d{4}-\d{4}/);
  const ref = (await lastBot().textContent()).match(/BI-\d{4}-\d{4}/)[0];
  assert.equal(await page.locator('#log .choices').count(), 0, 'no buttons are left once the plan is in');

  // The officer opens the plan's photo through the officers' API: the same bytes, as a picture.
  const token = run(['officer', 'token', OFFICER.login]).trim();
  const auth = { Authorization: `Bearer ${token}` };
  const plan = await (await fetch(`${t.baseUrl}/api/v1/initiatives/${ref}`, { headers: auth })).json();
  assert.equal(plan.attachments.length, 1, JSON.stringify(plan.attachments));
  assert.equal(plan.attachments[0].name, 'bankje.png');
  assert.equal(plan.attachments[0].picture, true);
  const opened = await fetch(t.baseUrl + plan.attachments[0].url, { headers: auth });
  assert.equal(opened.status, 200);
  assert.equal(opened.headers.get('content-type'), 'image/png');
  assert.equal(opened.headers.get('x-content-type-options'), 'nosniff');
  assert.deepEqual(Buffer.from(await opened.arrayBuffer()), PHOTO);

  // Back later: the whole conversation is still there, in order.
  await page.reload();
  await waitForBot(ref);
  const shown = await log().innerText();
  for (const words of ['Begin het gesprek', 'Een plan indienen', TITLE, DESCRIPTION, 'Groen', '1250', ref]) {
    assert.ok(shown.includes(words), `after the reload the conversation shows "${words}"`);
  }
  assert.ok(shown.indexOf(TITLE) < shown.indexOf(ref), 'in the order it happened');

  // A question, with a script in it that must stay text.
  await page.locator('#text').focus();
  await typeAndSend('menu');
  await waitForBot('Wat wil je doen?');
  await tabTo('Een vraag stellen', true);
  await page.keyboard.press('Enter');
  await waitForBot('Wat is je vraag?');
  await page.keyboard.press('Tab');
  await typeAndSend(QUESTION);
  await waitForBot('Een medewerker van de gemeente leest je vraag');
  assert.equal(await page.locator('#log li.resident', { hasText: '<script>' }).last().locator('.text').textContent(), QUESTION);
  assert.equal(await page.evaluate(() => window.hacked), undefined, 'the resident\'s script never ran');
  assert.equal(await page.locator('#log script').count(), 0);
  await assertAccessible('the chat with a conversation (nl)');

  // The officer answers through the officers' API; the answer arrives in the open page by itself.
  const threads = await (await fetch(`${t.baseUrl}/api/v1/threads`, { headers: auth })).json();
  const thread = threads.find((th) => th.channel === 'web');
  assert.ok(thread, `the question is a thread of the web chat: ${JSON.stringify(threads)}`);
  const answered = await fetch(`${t.baseUrl}/api/v1/threads/${thread.id}/replies`, {
    method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ text: ANSWER }),
  });
  assert.equal(answered.status, 201, await answered.text());
  await waitForBot(ANSWER);
  assert.equal(await page.locator('[role=log]').getAttribute('aria-live'), 'polite');
  assert.equal((await focused()).id, 'text', 'an answer that comes by itself does not move the focus');
  await screenshot('chat-1280.png', 1280, 800);
  await screenshot('chat-375.png', 375, 740);

  // The page in English passes too.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${t.baseUrl}/chat/?lang=en`);
  await page.getByRole('heading', { level: 1, name: 'Chat with the municipality' }).waitFor();
  await waitForBot(ANSWER);
  await assertAccessible('the chat with a conversation (en)');

  // The public pages of the plan just submitted.
  await page.goto(`${t.baseUrl}/plannen/`);
  await page.getByRole('link', { name: TITLE }).waitFor();
  await assertAccessible('the list of plans (nl)');
  await page.goto(`${t.baseUrl}/plannen/?lang=en`);
  await assertAccessible('the list of plans (en)');
  await page.goto(`${t.baseUrl}/plannen/${ref}`);
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  await assertAccessible('a plan page (nl)');
  await screenshot('plan-1280.png', 1280, 800);
  await screenshot('plan-375.png', 375, 740);
  await page.goto(`${t.baseUrl}/plannen/${ref}?lang=en`);
  await assertAccessible('a plan page (en)');

  // From the plan's page to the web chat: the command is in the message field, for the resident to send.
  await page.goto(`${t.baseUrl}/plannen/${ref}`);
  await page.getByRole('link', { name: 'Volg dit plan via de webchat' }).click();
  await page.getByRole('heading', { level: 1, name: 'Chat met de gemeente' }).waitFor();
  assert.equal(await page.locator('#text').inputValue(), `/volg ${ref}`);

  // The widget on a municipality's page: one script tag adds a link to the chat. The page is made up
  // here and the script comes from buurtbot. (On the same host: Chromium keeps a page of another origin
  // from loading anything from 127.0.0.1 at all, which a public site and a public buurtbot never meet.)
  const municipality = `${t.baseUrl}/gemeente-test.html`;
  await page.route(municipality, (route) => route.fulfill({
    contentType: 'text/html; charset=utf-8',
    body: '<!doctype html><html lang="nl"><head><title>Gemeente</title></head><body><main><h1>Gemeente</h1>' +
      `</main><script src="${t.baseUrl}/chat/widget.js" defer></script></body></html>`,
  }));
  await page.goto(municipality);
  const widget = page.getByRole('link', { name: 'Chat met de gemeente' });
  await widget.waitFor();
  assert.equal(await widget.getAttribute('href'), `${t.baseUrl}/chat/`);
  assert.equal(await widget.getAttribute('target'), '_blank');

  assert.equal(sql("SELECT COUNT(*) FROM web_sessions").trim(), '1', 'one session, resumed by the reload');
  assertCleanRun();
  passed = true;
});
