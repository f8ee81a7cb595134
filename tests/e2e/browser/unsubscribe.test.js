'use strict';
// The page behind the unsubscribe link of news by e-mail, in Chromium against the real binary: dressed
// as the public pages (their stylesheet), in Dutch and in English, passing axe-core, and its button
// works with the keyboard alone. The page has no script (its policy allows none): the button is a form.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { t, start, stop, assertAccessible, assertCleanRun } = require('./harness');

const TEST_TIMEOUT_MS = 120_000;
const OFFICER = { login: 'anouk', name: 'Anouk de Vries', password: 'een-lang-wachtwoord-2026' };
const SECRET = 'unsubscribe-key-of-the-browser-test-0123456789';

let passed = false;

before(() => start(OFFICER, {
  BUURTBOT_EMAIL_ENABLED: 'true',
  BUURTBOT_EMAIL_WEBHOOK_SECRET: 'webhook-secret-of-the-browser-test-0123',
  BUURTBOT_EMAIL_SMTP_URL: 'smtp://127.0.0.1:9', // this test sends no mail
  BUURTBOT_MUNICIPALITY_PUBLIC_URL: 'https://bot.gemeente.example',
  BUURTBOT_EMAIL_UNSUBSCRIBE_SECRET: SECRET,
}));
after(() => stop(passed));

// A link's token as buurtbot makes it for news: the list and the address, then their HMAC-SHA256 under
// the key, both base64url.
function token(list, address) {
  const payload = `${list} ${address}`;
  const mac = crypto.createHmac('sha256', SECRET).update(payload).digest('base64url');
  return `${Buffer.from(payload).toString('base64url')}.${mac}`;
}

test('a reader stops the news on the page with the keyboard alone, in Dutch or English', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { page } = t;
  await page.goto(`${t.baseUrl}/mail/unsubscribe?t=${token('all', 'anna@buurt.example')}`);
  await page.getByRole('heading', { level: 1, name: 'Geen e-mails meer' }).waitFor();
  const button = page.getByRole('button', { name: 'Ja, stop deze e-mails' });
  // The public pages' stylesheet dresses it: the theme's primary-action colour on the button, not the
  // browser's own grey or none.
  const background = await button.evaluate((b) => getComputedStyle(b).backgroundColor);
  assert.notEqual(background, 'rgb(239, 239, 239)');
  assert.notEqual(background, 'rgba(0, 0, 0, 0)');
  await assertAccessible('the unsubscribe page (nl)');

  await page.getByRole('link', { name: 'English' }).click();
  await page.getByRole('heading', { level: 1, name: 'No more e-mails' }).waitFor();
  await assertAccessible('the unsubscribe page (en)');

  const stop = page.getByRole('button', { name: 'Yes, stop these e-mails' });
  for (let i = 0; i < 10 && !(await stop.evaluate((b) => b === document.activeElement)); i++) await page.keyboard.press('Tab');
  assert.ok(await stop.evaluate((b) => b === document.activeElement), 'the button is reached with Tab');
  await page.keyboard.press('Enter');
  await page.getByText('Done. You will no longer get these e-mails.').waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await assertAccessible('the unsubscribe page when it is done (en)');
  assertCleanRun();
  passed = true;
});
