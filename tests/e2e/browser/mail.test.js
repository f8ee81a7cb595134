'use strict';
// The web chat's mail forms in Chromium, with the e-mail channel on: a resident leaves a mail address for
// answers (the bot says in the conversation what happens), and the
// link of a resume mail (/chat/#code=…) opens the conversation in another browser and leaves no code in
// the address bar. axe-core checks the page with the forms open, in both languages.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { t, start, stop, assertAccessible, assertCleanRun } = require('./harness');

const TEST_TIMEOUT_MS = 240_000;
const OFFICER = { login: 'anouk', name: 'Anouk de Vries', password: 'een-lang-wachtwoord-2026' };
const QUESTION = 'Wanneer wordt het gras in het park gemaaid?';

let passed = false;

// Mail goes to a port where nothing listens: the outbox keeps retrying it, the page does not care.
before(() => start(OFFICER, {
  BUURTBOT_EMAIL_ENABLED: 'true',
  BUURTBOT_EMAIL_ADDRESS: 'gemeente@dorp.example',
  BUURTBOT_EMAIL_WEBHOOK_SECRET: 'a-webhook-secret-of-the-browser-tests',
  BUURTBOT_EMAIL_SMTP_URL: 'smtp://127.0.0.1:9',
  BUURTBOT_EMAIL_UNSUBSCRIBE_SECRET: 'unsubscribe-key-of-the-browser-tests-0123456789',
  BUURTBOT_MUNICIPALITY_PUBLIC_URL: 'https://bot.dorp.example',
}));
after(() => stop(passed));

async function waitForBot(page, pattern) {
  await page.locator('#log li.bot', { hasText: pattern }).last().waitFor();
}

async function send(page, words) {
  await page.locator('#text').fill(words);
  await page.locator('#text').press('Enter');
  await page.locator('#log li.resident', { hasText: words.slice(0, 20) }).last().waitFor();
}

test('a resident leaves a mail address for answers and goes on elsewhere with a mailed link', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { page } = t;
  await page.goto(`${t.baseUrl}/chat/`);
  await page.locator('#start').waitFor();
  assert.equal(await page.locator('#answers-mail').isHidden(), true, 'no form before there is a conversation');
  await page.locator('#text').waitFor();
  await send(page, '/vraag');
  await waitForBot(page, 'Wat is je vraag?');
  await send(page, QUESTION);
  await waitForBot(page, 'Een medewerker van de gemeente leest je vraag');

  // The form, reached and used like any other: its summary opens it, the field has its label.
  await page.locator('#answers-mail').waitFor();
  await page.locator('#answers-mail summary').click();
  await page.getByLabel('Je e-mailadres', { exact: true }).fill('joke@buurt');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.locator('#answers-mail-form [role=status]', { hasText: 'Dit e-mailadres klopt niet' }).waitFor();
  await page.getByLabel('Je e-mailadres', { exact: true }).fill('joke@buurt.example');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await waitForBot(page, 'ook per mail op joke@buurt.example');
  await page.locator('#resume summary').click();
  await assertAccessible('the chat with its mail forms open (nl)');

  // A resume link as the mail carries it, opened in another browser: the conversation is there, and the
  // code has left the address bar.
  const made = await page.evaluate(async () => {
    const response = await fetch('/chat/api/resume-code', {
      method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json', 'X-Buurtbot-Chat': '1' }, body: '{}',
    });
    return response.json();
  });
  // Chromium's profile is shared by its pages: without the cookie, the new page is another browser.
  await t.context.clearCookies();
  const laptop = await t.context.newPage();
  await laptop.goto(`${t.baseUrl}/chat/#code=${made.code}`);
  await waitForBot(laptop, 'Een medewerker van de gemeente leest je vraag');
  assert.equal(new URL(laptop.url()).hash, '', 'the code left the address bar');
  await laptop.close();

  await page.goto(`${t.baseUrl}/chat/?lang=en`);
  await page.locator('#answers-mail summary').waitFor();
  await page.locator('#answers-mail summary').click();
  await page.locator('#resume summary').click();
  await assertAccessible('the chat with its mail forms open (en)');
  assertCleanRun();
  passed = true;
});
