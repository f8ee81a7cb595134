'use strict';
// Officers see the whole case, in Chromium against the real binary: the municipality's name and logo,
// no stray text on the login page, a question with the resident's language, their other questions and
// plans and the time left to answer, its photo opened with a preview, officers by name; a plan with its
// submitter and a photo that Telegram keeps, the municipality's questions and the answers, a status
// form that chooses nothing and asks before it tells people, answers in Dutch and English, and figures
// of a period with the states in the order of a plan's life.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { t, start, stop, chat, sql, assertAccessible, assertCleanRun } = require('./harness');

const TEST_TIMEOUT_MS = 180_000;
const OFFICER = { login: 'anouk', name: 'Anouk de Vries', password: 'een-lang-wachtwoord-2026' };
const MUNICIPALITY = 'Gemeente Buurtstad';
const LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" fill="#00487a"/></svg>';
const QUESTION = 'Wanneer wordt het gras in het park gemaaid?';
const OLD_QUESTION = 'Mag ik een container voor de deur zetten?';
// A picture of 1 by 1 pixel that buurtbot keeps, as a mail's attachment or a web chat photo would be.
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const PHOTO_DIGEST = require('node:crypto').createHash('sha256').update(PHOTO).digest('hex');
const PLAN = (title) => ['/initiatief', title, 'Een bankje bij de speeltuin in het park, zodat ouders kunnen zitten.',
  '1', 'Centrum', 'Geld', '€ 1.250', 'ja', 'ja'];

let passed = false;

before(() => start(OFFICER, (workDir) => {
  const logo = path.join(workDir, 'logo.svg');
  fs.writeFileSync(logo, LOGO);
  // One hour to answer: a question asked four hours ago is three hours late.
  return {
    BUURTBOT_MUNICIPALITY_NAME: MUNICIPALITY,
    BUURTBOT_MUNICIPALITY_LOGO_FILE: logo,
    BUURTBOT_INBOX_FIRST_RESPONSE_HOURS: '1',
  };
}));

after(() => stop(passed));

const heading = (name) => t.page.getByRole('heading', { level: 1, name });
const text = async (locator) => (await locator.textContent()).trim();

async function signIn() {
  await t.page.getByLabel('Gebruikersnaam').fill(OFFICER.login);
  await t.page.getByLabel('Wachtwoord').fill(OFFICER.password);
  await t.page.getByRole('button', { name: 'Inloggen' }).click();
}

test('the login page shows nothing but its heading, its words and its form', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { page } = t;
  await page.goto(`${t.baseUrl}/inbox/`);
  await heading('Inloggen').waitFor();
  await page.screenshot({ path: path.join(t.workDir, 'login.png'), fullPage: true });
  const stray = await page.evaluate(() => [...document.querySelector('main').childNodes]
    .filter((node) => node.nodeType === Node.TEXT_NODE && node.textContent.trim() !== '')
    .map((node) => node.textContent));
  assert.deepEqual(stray, [], 'no loose text in the page, above the login form or elsewhere');
  assert.doesNotMatch(await page.locator('main').innerText(), /\bnull\b|\bundefined\b/);
  await assertAccessible('the login');
  assertCleanRun();
  passed = true;
});

test('an officer sees the whole case', { timeout: TEST_TIMEOUT_MS }, async () => {
  assert.ok(passed, 'runs after the login page');
  passed = false;
  const { page } = t;

  // Anna asks a question and submits a plan; she asked something on Telegram before, long resolved.
  chat('Anna', ['/vraag', QUESTION]);
  const ref = chat('Anna', PLAN('Bankje bij de speeltuin')).match(/BI-\d{4}-\d{4}/)[0];
  sql(`INSERT INTO identities (resident_id, channel, external_id, address, display_name)
       SELECT id, 'telegram', '9001', '9001', 'Anna' FROM residents WHERE display_name = 'Anna'`);
  sql(`INSERT INTO inbox_threads (resident_id, channel, address, status, created_at, last_activity_at)
       SELECT id, 'telegram', '9001', 'resolved', '2026-01-05T09:00:00Z', '2026-01-05T09:00:00Z' FROM residents WHERE display_name = 'Anna'`);
  sql(`INSERT INTO inbox_messages (thread_id, direction, author, text, created_at)
       VALUES ((SELECT MAX(id) FROM inbox_threads), 'in', 'Anna', '${OLD_QUESTION}', '2026-01-05T09:00:00Z')`);
  // Her question came in four hours ago and its stored deadline passed three hours ago.
  sql(`UPDATE inbox_threads SET created_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-4 hours'),
       due_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-3 hours') WHERE channel = 'terminal'`);
  // Her question carries a photo buurtbot keeps; her plan one that Telegram keeps.
  sql(`INSERT INTO files (digest, content_type, size, bytes)
       VALUES ('${PHOTO_DIGEST}', 'image/png', ${PHOTO.length}, X'${PHOTO.toString('hex')}')`);
  sql(`INSERT INTO attachments (message_id, channel, kind, ref, name, content_type, size, digest)
       VALUES ((SELECT id FROM inbox_messages WHERE text = '${QUESTION}'), 'email', 'photo', '<gras@example.nl>#1',
               'gras.png', 'image/png', ${PHOTO.length}, '${PHOTO_DIGEST}')`);
  sql(`INSERT INTO attachments (initiative_id, channel, kind, ref, name)
       VALUES ((SELECT id FROM initiatives WHERE ref = '${ref}'), 'telegram', 'photo', 'AgACAgQ', 'bankje.jpg')`);
  // Bram submits a plan of his own, follows Anna's and reads English.
  chat('Bram', PLAN('Speeltuin opknappen'));
  chat('Bram', ['/volg', ref]);
  sql("UPDATE residents SET language = 'en' WHERE display_name = 'Bram'");

  await signIn();
  await heading('Vragen van bewoners').waitFor();

  // The header: the municipality's name and its logo, served by buurtbot.
  assert.equal(await text(page.locator('#brand')), `${MUNICIPALITY} – inbox`);
  const logo = page.locator('#brand img.logo');
  await page.waitForFunction(() => document.querySelector('#brand img.logo')?.naturalWidth > 0);
  assert.equal(await logo.getAttribute('src'), '/api/v1/municipality/logo');

  // The list: the resident's first question, who wrote last, the channel as residents know it.
  const annas = page.locator('.thread').filter({ hasText: QUESTION });
  await annas.waitFor();
  assert.equal(await text(annas.locator('.preview')), QUESTION);
  assert.equal(await text(annas.locator('.last-by')), 'Laatst geschreven door de bewoner');
  const older = page.locator('.thread').filter({ hasText: OLD_QUESTION });
  assert.match(await text(older.locator('.meta')), /^Telegram/);
  await assertAccessible('the thread list');

  // The thread: her language, the time past the deadline, her other question and her plan.
  await annas.getByRole('link').click();
  await heading('Vraag van Anna').waitFor();
  const meta = (label) => page.locator('.meta-list dt').filter({ hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');
  assert.equal(await text(meta('Taal')), 'Nederlands');
  assert.equal(await text(meta('Eerste antwoord')), '3 uur te laat');
  assert.equal(await text(meta('Kanaal')), 'de terminal');
  await page.locator('.other-threads a').filter({ hasText: OLD_QUESTION }).waitFor();
  await page.locator('.plans-of a').filter({ hasText: ref }).waitFor();
  // Her photo: a link that opens it, with a preview the page loads through the officers' API.
  const photo = page.locator('.conversation .attachments a');
  assert.match(await text(photo), /^Foto: gras\.png \(1 kB\)$/);
  assert.match(await photo.getAttribute('href'), /^\/api\/v1\/attachments\/\d+$/);
  await page.waitForFunction(() => document.querySelector('.conversation .attachments img.preview')?.naturalWidth > 0);
  await assertAccessible('the thread view');

  // Officers by name: the one who handles it, and the one who answered.
  await page.getByRole('button', { name: 'Ik pak deze vraag op' }).click();
  await page.locator('.meta-list dd').filter({ hasText: OFFICER.name }).waitFor();
  await page.getByLabel('Je antwoord').fill('Het gras wordt elke 2 weken gemaaid.');
  await page.getByRole('button', { name: 'Verstuur antwoord' }).click();
  await page.locator('.conversation .entry.out .who').filter({ hasText: `Medewerker ${OFFICER.name}` }).waitFor();
  assert.match(await text(meta('Eerste antwoord')), /^gegeven op /);
  await page.getByRole('link', { name: 'Terug naar de vragen' }).click();
  await annas.locator('.last-by').filter({ hasText: `Laatst geschreven door ${OFFICER.name}` }).waitFor();

  // The plan: who submitted it, and the history by name.
  await page.goto(`${t.baseUrl}/inbox/#/initiatives/${ref}`);
  await heading('Bankje bij de speeltuin').waitFor();
  assert.equal(await text(meta('Ingediend door')), 'Anna, via Telegram, de terminal');
  assert.match(await text(page.locator('.history li').first()), /^ingediend, door de indiener/);
  assert.equal(await text(page.locator('.attachments li')), 'Foto: bankje.jpg (staat in Telegram, niet bij de gemeente)');

  // The status form chooses nothing, and asks before it tells people.
  const status = page.getByLabel('Nieuwe status');
  assert.equal(await status.inputValue(), '');
  assert.equal(await text(status.locator('option').first()), 'Kies een status');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('alert').filter({ hasText: 'Kies eerst een nieuwe status.' }).waitFor();
  await status.selectOption('in_review');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.locator('#confirm-text').filter({ hasText: 'Na deze wijziging krijgen de indiener en 1 volger een bericht.' }).waitFor();
  await assertAccessible('the question before a status change');
  assert.equal(await page.locator('.meta-list dd').filter({ hasText: 'in behandeling' }).count(), 0, 'nothing changed yet');
  await page.getByRole('button', { name: 'Ja, wijzig de status' }).click();
  await page.getByRole('status').filter({ hasText: 'De status is gewijzigd.' }).waitFor();
  await page.locator('.history li').filter({ hasText: `ingediend → in behandeling, door ${OFFICER.name}` }).waitFor();

  // A question to Anna in Dutch and English; her answer shows under it.
  await status.selectOption('needs_info');
  await page.getByLabel('Antwoord aan de bewoner').fill('Waar komt het bankje precies?');
  await page.getByLabel('Hetzelfde antwoord in het Engels (mag leeg)').fill('Where exactly does the bench go?');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('button', { name: 'Ja, wijzig de status' }).click();
  await page.getByRole('status').filter({ hasText: 'De status is gewijzigd.' }).waitFor();
  assert.match(chat('Anna', ['Naast de zandbak.']), /Waar komt het bankje precies\?/);

  // Anna's answer put the plan back in review meanwhile: the refusal names what may follow now.
  await status.selectOption('in_review');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('button', { name: 'Ja, wijzig de status' }).click();
  await page.getByRole('alert').filter({ hasText: 'Nu kan: goedgekeurd, meer informatie nodig, afgewezen.' }).waitFor();

  // Her answer shows under the question.
  await page.reload();
  await heading('Bankje bij de speeltuin').waitFor();
  const qa = page.locator('.questions li');
  assert.equal(await qa.count(), 2);
  assert.match(await text(qa.nth(0)), new RegExp(`^Vraag van de gemeente, door ${OFFICER.name}.*Waar komt het bankje precies\\?Where exactly does the bench go\\?$`, 's'));
  assert.match(await text(qa.nth(1)), /^Antwoord van de indiener.*Naast de zandbak\.$/s);

  // A rejection in both languages: each reader gets theirs.
  await status.selectOption('rejected');
  await page.getByLabel('Antwoord aan de bewoner').fill('Er staat al een bankje op die plek.');
  await page.getByLabel('Hetzelfde antwoord in het Engels (mag leeg)').fill('There is a bench there already.');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('button', { name: 'Ja, wijzig de status' }).click();
  await page.getByRole('status').filter({ hasText: 'De status is gewijzigd.' }).waitFor();
  const anna = chat('Anna', []);
  assert.match(anna, /Antwoord van de gemeente: Er staat al een bankje op die plek\./);
  assert.doesNotMatch(anna, /There is a bench/);
  const bram = chat('Bram', []);
  assert.match(bram, /Answer from the municipality: There is a bench there already\./);
  assert.doesNotMatch(bram, /Er staat al een bankje/);

  // Figures of a period, the states in the order of a plan's life.
  await page.getByRole('navigation').getByRole('link', { name: 'Cijfers' }).click();
  await heading('Cijfers').waitFor();
  const byStatus = page.locator('section.report').filter({ has: page.getByRole('heading', { name: 'Plannen per status' }) });
  assert.deepEqual(await byStatus.locator('.chart-label').allTextContents(), ['ingediend', 'afgewezen']);
  const total = page.locator('.totals dt').filter({ hasText: /^Plannen$/ }).locator('xpath=following-sibling::dd[1]');
  assert.equal(await text(total), '2');
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('Van (mag leeg)').fill(tomorrow);
  await page.getByRole('button', { name: 'Toon de cijfers' }).click();
  await page.getByRole('status').filter({ hasText: 'De cijfers zijn bijgewerkt.' }).waitFor();
  assert.equal(await text(total), '0');
  assert.equal(await page.getByRole('link', { name: 'Download alle plannen (CSV)' }).getAttribute('href'),
    `/api/v1/reports/initiatives.csv?from=${tomorrow}`);
  await assertAccessible('the reports of a period');

  assertCleanRun();
  passed = true;
});
