'use strict';
// End to end through the officers' page: the real buurtbot binary serves /inbox/ and the API on
// 127.0.0.1, a resident asks a question in the terminal channel (`buurtbot chat`), and an officer
// answers in Debian's Chromium, driven by playwright-core. axe-core checks each view for WCAG 2.1 AA.
//
// Environment: BUURTBOT_BINARY (the built buurtbot), BUURTBOT_SOURCE_DIR (the repository root).
// Set BUURTBOT_E2E_KEEP=1 to keep the temporary directory and always print buurtbot's log.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { t, start, stop, run, chat, sql, assertAccessible } = require('./harness');

const TEST_TIMEOUT_MS = 180_000;
const OFFICER = { login: 'anouk', name: 'Anouk de Vries', password: 'een-lang-wachtwoord-2026' };
const HOSTILE = '<img src=x onerror=alert(1)>';
const HOSTILE_NAME = '<svg onload=alert(2)>.jpg';
const QUESTION = `Wanneer wordt het gras in het park gemaaid? ${HOSTILE}`;
const ANSWER = 'Het gras wordt elke 2 weken gemaaid. De volgende keer is op maandag.';
const INITIATIVE = [
  '/initiatief', 'Bankje bij de speeltuin', 'Een bankje bij de speeltuin in het park, zodat ouders kunnen zitten.',
  '1', 'Centrum', 'Geld, Advies', '€ 1.250', 'ja', 'ja',
];

// Set by the `before` hook: the page in Chromium, the address buurtbot serves, what the page did.
let page;
let baseUrl;
const { dialogs, pageErrors, cspViolations } = t;

before(async () => {
  await start(OFFICER);
  ({ page, baseUrl } = t);
});

let passed = false;

after(() => stop(passed));

// --- the test ------------------------------------------------------------------------------------

const heading = (name) => page.getByRole('heading', { level: 1, name });

async function signIn() {
  await page.getByLabel('Gebruikersnaam').fill(OFFICER.login);
  await page.getByLabel('Wachtwoord').fill(OFFICER.password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
}
const focusedText = () => page.evaluate(() => document.activeElement && document.activeElement.textContent);

test('an officer answers a resident in the inbox', { timeout: TEST_TIMEOUT_MS }, async () => {
  // A resident asks a question with markup in it, and submits a plan.
  const asked = chat('Anna', ['/vraag', QUESTION]);
  assert.match(asked, /3 werkdagen/, 'the resident hears when an answer comes');
  assert.match(chat('Anna', INITIATIVE), /BI-\d{4}-\d{4}/);
  // A photo came with the question, its file name as hostile as the text (as a channel stores it).
  sql(`INSERT INTO attachments (message_id, channel, kind, ref, name) VALUES ((SELECT MIN(id) FROM inbox_messages), 'terminal', 'photo', 'file-1', '${HOSTILE_NAME}')`);

  // The page: /inbox redirects to /inbox/, with its security headers.
  const response = await page.goto(`${baseUrl}/inbox`);
  assert.equal(response.status(), 200);
  assert.equal(new URL(page.url()).pathname, '/inbox/');
  const headers = response.headers();
  assert.match(headers['content-security-policy'], /^default-src 'self'/);
  assert.equal(headers['x-frame-options'], 'DENY');

  // Signing in.
  await heading('Inloggen').waitFor();
  await assertAccessible('the login');
  await page.getByLabel('Gebruikersnaam').fill(OFFICER.login);
  await page.getByLabel('Wachtwoord').fill('wrong password');
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByRole('alert').filter({ hasText: 'klopt niet' }).waitFor();
  await page.getByLabel('Wachtwoord').fill(OFFICER.password);
  await page.getByLabel('Wachtwoord').press('Enter');

  // The thread list: Anna's question, new, its markup shown as text.
  await heading('Vragen van bewoners').waitFor();
  assert.equal(await focusedText(), 'Vragen van bewoners', 'focus moves to the new view\'s heading');
  const annasThread = page.locator('.thread').filter({ hasText: 'Anna' });
  await annasThread.waitFor();
  assert.equal(await annasThread.locator('.badge.new').textContent(), 'Nieuw');
  assert.equal(await annasThread.locator('.preview').textContent(), QUESTION);
  await assertAccessible('the thread list');

  // The list refreshes itself when another resident writes; focus stays where it was.
  const annasLink = annasThread.getByRole('link');
  await annasLink.focus();
  chat('Bram', ['/vraag', 'Mag ik een container voor de deur zetten?']);
  await page.locator('.thread').filter({ hasText: 'Bram' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.dataset.thread), await annasLink.getAttribute('data-thread'),
    'focus stays on Anna\'s thread after the refresh');

  // The thread, opened with the keyboard.
  await page.keyboard.press('Enter');
  await heading('Vraag van Anna').waitFor();
  assert.equal(await focusedText(), 'Vraag van Anna');
  const question = page.locator('.conversation .entry.in .text').first();
  assert.equal(await question.textContent(), QUESTION);
  assert.equal(await page.locator('.conversation .entry.in .attachments li').first().textContent(), `Foto: ${HOSTILE_NAME} (via de terminal)`);
  assert.equal(await page.locator('img').count(), 0, 'no img element came out of resident text');
  assert.equal(await page.locator('main svg').count(), 0, 'no svg element came out of a file name');
  await assertAccessible('the thread view');

  // Claim it.
  await page.getByRole('button', { name: 'Ik pak deze vraag op' }).click();
  await page.locator('.meta-list dd').filter({ hasText: OFFICER.name }).waitFor();
  await page.getByRole('status').filter({ hasText: 'opgepakt' }).waitFor();

  // The officer types; the resident writes again; the new message appears and the typing is intact.
  const reply = page.getByLabel('Je antwoord');
  await reply.fill(ANSWER.slice(0, 20));
  chat('Anna', ['Ik woon naast het park.']);
  await page.locator('.conversation .entry.in .text').filter({ hasText: 'Ik woon naast het park.' }).waitFor();
  assert.equal(await reply.inputValue(), ANSWER.slice(0, 20), 'the typed answer survives the refresh');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'reply-text', 'focus stays in the answer');

  // Answer, and write a note.
  await reply.fill(ANSWER);
  await page.getByRole('button', { name: 'Verstuur antwoord' }).click();
  await page.locator('.conversation .entry.out .text').filter({ hasText: ANSWER }).waitFor();
  assert.equal(await reply.inputValue(), '');
  await page.getByLabel('Notitie (alleen medewerkers zien dit)').fill('Buitendienst gebeld.');
  await page.getByRole('button', { name: 'Notitie opslaan' }).click();
  await page.locator('.conversation .entry.note').filter({ hasText: 'Buitendienst gebeld.' }).waitFor();

  // The resident gets the answer the next time they open the chat.
  const later = chat('Anna', []);
  assert.ok(later.includes(ANSWER), `the resident receives the answer; the chat printed:\n${later}`);

  // Resolve, then back to the list: the thread is no longer new.
  await page.getByRole('button', { name: 'Afhandelen' }).click();
  await page.getByRole('button', { name: 'Opnieuw openen' }).waitFor();
  await page.getByRole('link', { name: 'Terug naar de vragen' }).click();
  await heading('Vragen van bewoners').waitFor();
  await annasThread.waitFor();
  assert.equal(await annasThread.locator('.badge.new').count(), 0, 'a thread the officer read is not new');
  assert.equal(await page.locator('.thread').filter({ hasText: 'Bram' }).locator('.badge.new').count(), 1);

  // The filters: mine, search, status.
  const listShows = async (expected) => {
    await page.waitForFunction((want) => JSON.stringify([...document.querySelectorAll('.thread .name')].map((n) => n.textContent)) === want,
      JSON.stringify(expected));
  };
  await page.getByLabel('Wie pakt het op').selectOption('me');
  await listShows(['Anna']);
  await page.getByLabel('Wie pakt het op').selectOption('');
  await page.getByLabel('Zoeken in vragen').fill('container');
  await listShows(['Bram']);
  await page.getByLabel('Zoeken in vragen').fill('');
  await page.getByLabel('Status').selectOption('resolved');
  await listShows(['Anna']);
  await page.getByLabel('Status').selectOption('');
  await page.waitForFunction(() => document.querySelectorAll('.thread .name').length === 2);

  // Initiatives: the list, the detail, an answer required for a rejection, the API's 409 shown.
  await page.getByRole('navigation').getByRole('link', { name: 'Plannen' }).click();
  await heading('Plannen van bewoners').waitFor();
  await assertAccessible('the initiatives list');
  // Themes and neighbourhoods by the municipality's labels, and the filter offers every configured one.
  const firstRow = page.locator('table.initiatives tbody tr').first();
  assert.equal((await firstRow.locator('td').nth(2).textContent()).trim(), 'Groen');
  assert.equal((await firstRow.locator('td').nth(3).textContent()).trim(), 'Centrum');
  await page.getByLabel('Thema').selectOption('verkeer');
  await page.locator('table.initiatives tbody td[colspan]').waitFor();
  await page.getByLabel('Thema').selectOption('');
  await page.locator('table.initiatives tbody a').first().waitFor();
  const ref = (await page.locator('table.initiatives tbody a').first().textContent()).trim();
  assert.match(ref, /^BI-\d{4}-\d{4}$/);
  await page.getByRole('link', { name: ref }).click();
  await heading('Bankje bij de speeltuin').waitFor();
  await assertAccessible('an initiative');
  await page.getByLabel('Nieuwe status').selectOption('in_review');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('button', { name: 'Ja, wijzig de status' }).click();
  await page.getByRole('status').filter({ hasText: 'De status is gewijzigd.' }).waitFor();
  await page.locator('.meta-list dd').filter({ hasText: 'in behandeling' }).waitFor();
  await page.getByLabel('Nieuwe status').selectOption('rejected');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('alert').filter({ hasText: 'Schrijf een antwoord' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'answer-text');

  // Someone else accepts the plan meanwhile: a rejection no longer fits, and the page says so.
  run(['initiative', 'status', ref, 'accepted']);
  await page.getByLabel('Antwoord aan de bewoner').fill('Er staat al een bankje op die plek.');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('button', { name: 'Ja, wijzig de status' }).click();
  await page.getByRole('alert').filter({ hasText: 'kan niet vanuit de huidige status' }).waitFor();

  // Reloaded, the change works.
  await page.reload();
  await heading('Bankje bij de speeltuin').waitFor();
  await page.getByLabel('Nieuwe status').selectOption('in_progress');
  await page.getByLabel('Antwoord aan de bewoner').fill('We zetten het bankje volgende maand neer.');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('button', { name: 'Ja, wijzig de status' }).click();
  await page.getByRole('status').filter({ hasText: 'De status is gewijzigd.' }).waitFor();
  await page.locator('.meta-list dd').filter({ hasText: 'in uitvoering' }).waitFor();

  // English, then sign out.
  await page.getByRole('button', { name: 'English' }).click();
  await heading('Bankje bij de speeltuin').waitFor();
  await page.getByRole('link', { name: 'Back to the initiatives' }).waitFor();
  await page.locator('.meta-list dd').filter({ hasText: 'Greenery' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await heading('Sign in').waitFor();

  assert.deepEqual(dialogs, [], 'no dialog opened');
  assert.deepEqual(pageErrors, [], 'no script errors');
  assert.deepEqual(cspViolations, [], 'nothing broke the Content-Security-Policy');
  passed = true;
});

// Canned responses, workgroups and reports.
test('an officer uses canned responses, workgroups and reports', { timeout: TEST_TIMEOUT_MS }, async () => {
  assert.ok(passed, 'runs after the first test, on its data');
  passed = false;
  await page.goto(`${baseUrl}/inbox/#/threads`);
  await page.getByRole('button', { name: 'Nederlands' }).click();
  await heading('Inloggen').waitFor();
  await signIn();
  await heading('Vragen van bewoners').waitFor();
  const menu = page.getByRole('navigation');

  {
    await menu.getByRole('link', { name: 'Standaardantwoorden' }).click();
    await heading('Standaardantwoorden').waitFor();
    await page.getByLabel('Titel').fill('Container');
    await page.getByLabel('Tekst').fill('Hallo {{naam}}, voor een container heb je een vergunning nodig.');
    await page.getByRole('button', { name: 'Toevoegen' }).click();
    await page.getByRole('heading', { level: 2, name: 'Container' }).waitFor();
    await page.getByRole('button', { name: 'Wijzigen "Container"' }).click();
    await page.getByLabel('Titel').first().fill('Container op straat');
    await page.getByRole('button', { name: 'Wijziging opslaan' }).click();
    await page.getByRole('heading', { level: 2, name: 'Container op straat' }).waitFor();
    await assertAccessible('the canned responses');

    // Bram's question, answered with it: the server fills in the name.
    await menu.getByRole('link', { name: 'Vragen' }).click();
    await page.locator('.thread').filter({ hasText: 'Bram' }).getByRole('link').click();
    await heading('Vraag van Bram').waitFor();
    await page.getByLabel('Standaardantwoord invoegen').selectOption({ label: 'Container op straat' });
    const reply = page.getByLabel('Je antwoord');
    assert.equal(await reply.inputValue(), 'Hallo {{naam}}, voor een container heb je een vergunning nodig.');
    // A switch of language redraws the page and keeps what was typed.
    await page.getByRole('button', { name: 'English' }).click();
    await heading('Question from Bram').waitFor();
    assert.equal(await page.getByLabel('Your answer').inputValue(), 'Hallo {{naam}}, voor een container heb je een vergunning nodig.');
    await page.getByRole('button', { name: 'Nederlands' }).click();
    await heading('Vraag van Bram').waitFor();
    await page.getByRole('button', { name: 'Verstuur antwoord' }).click();
    await page.locator('.conversation .entry.out').waitFor();
    const received = chat('Bram', []);
    assert.ok(received.includes('Hallo Bram, voor een container heb je een vergunning nodig.'), `Bram reads:\n${received}`);

    await menu.getByRole('link', { name: 'Standaardantwoorden' }).click();
    await page.getByRole('button', { name: 'Verwijderen "Container op straat"' }).click();
    await page.getByText('Er zijn nog geen standaardantwoorden.').waitFor();
  }

  {
    await menu.getByRole('link', { name: 'Werkgroepen' }).click();
    await heading('Werkgroepen').waitFor();
    await page.getByRole('heading', { level: 2, name: 'Groen Centrum' }).waitFor();
    await page.getByRole('button', { name: 'Maak een koppelcode voor Groen Centrum' }).click();
    await page.getByText(/^Koppelcode: \S+\./).waitFor();
    await page.getByLabel('Bericht aan alle leden van Groen Centrum').fill('Zaterdag planten we bomen in het park.');
    await page.getByRole('region', { name: 'Groen Centrum' }).getByRole('button', { name: 'Stuur naar alle leden' }).click();
    await page.getByRole('status').filter({ hasText: /Het bericht gaat naar \d+ chats: de groepen en de leden\./ }).waitFor();
    await assertAccessible('the workgroups');

    // A new workgroup: refused without a theme, then made and listed with the theme's label.
    await page.getByLabel('Naam', { exact: true }).fill('Schone straten');
    await page.getByRole('button', { name: 'Maak de werkgroep' }).click();
    await page.getByRole('alert').filter({ hasText: 'Vul een naam in en kies een thema.' }).waitFor();
    await page.getByRole('region', { name: 'Nieuwe werkgroep' }).getByLabel('Thema').selectOption('verkeer');
    await page.getByLabel('Waar werkt de groep aan? (mag leeg)').fill('Zwerfafval in de wijk.');
    await page.getByRole('button', { name: 'Maak de werkgroep' }).click();
    await page.getByRole('status').filter({ hasText: 'De werkgroep Schone straten is gemaakt.' }).waitFor();
    const made = page.getByRole('region', { name: 'Schone straten' });
    await made.locator('.meta-list dd').filter({ hasText: 'Verkeer' }).waitFor();
    assert.match(run(['workgroup', 'list']), /Schone straten/);
  }

  {
    await menu.getByRole('link', { name: 'Cijfers' }).click();
    await heading('Cijfers').waitFor();
    assert.ok(await page.locator('svg.chart rect').count() > 0, 'the report draws bars');
    assert.equal(await page.getByRole('link', { name: 'Download alle plannen (CSV)' }).getAttribute('href'), '/api/v1/reports/initiatives.csv');
    const csv = await page.evaluate(async () => (await fetch('/api/v1/reports/initiatives.csv')).text());
    assert.match(csv, /Bankje bij de speeltuin/);
    await assertAccessible('the reports');
  }

  assert.deepEqual(dialogs, [], 'no dialog opened');
  assert.deepEqual(pageErrors, [], 'no script errors');
  assert.deepEqual(cspViolations, [], 'nothing broke the Content-Security-Policy');
  passed = true;
});

// Each element on `root` that shows `value`: its tag, its computed unicode-bidi, and whether it holds
// `value` alone (so the isolation covers the value and nothing around it).
function holdersOf(root, value) {
  return root.evaluate((el, wanted) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const found = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.data.includes(wanted)) continue;
      const holder = node.parentElement;
      found.push({ tag: holder.tagName, bidi: getComputedStyle(holder).unicodeBidi, alone: holder.textContent === wanted });
    }
    return found;
  }, value);
}

async function assertIsolated(root, value, what) {
  const holders = await holdersOf(root, value);
  assert.ok(holders.length > 0, `${what} is on the page`);
  for (const holder of holders) {
    assert.equal(holder.bidi, 'isolate', `${what}: the <${holder.tag}> that shows it isolates it`);
    assert.ok(holder.alone, `${what}: the <${holder.tag}> that shows it holds nothing else`);
  }
}

// A right-to-left override (U+202E) in a name would turn everything after it on the line around, as
// in "Eve\u202Egnp.exe", which reads "Eveexe.png": names and texts are isolated where they are shown.
test('a right-to-left override in a name or text cannot reorder the page', { timeout: TEST_TIMEOUT_MS }, async () => {
  assert.ok(passed, 'runs after the first tests, signed in');
  passed = false;
  const name = 'Eve\u202Egnp.exe';
  const text = 'Mag de boom \u202Eweg? Hij staat scheef.';
  chat(name, ['/vraag', text]);

  await page.getByRole('navigation').getByRole('link', { name: 'Vragen' }).click();
  await heading('Vragen van bewoners').waitFor();
  // Case-sensitive: 'Laatst geschreven door' holds an 'eve' too.
  const thread = page.locator('.thread').filter({ hasText: /Eve/ });
  await thread.waitFor();
  await assertIsolated(thread, name, 'the name in the thread list');
  await assertIsolated(thread, text, 'the question in the thread list');

  await thread.getByRole('link').click();
  await page.locator('main h1').filter({ hasText: 'Vraag van Eve' }).waitFor();
  await assertIsolated(page.locator('main h1'), name, 'the name in the heading');
  await assertIsolated(page.locator('.conversation'), name, 'the name above the message');
  await assertIsolated(page.locator('.conversation'), text, 'the message');
  assert.equal(await page.locator('main h1').textContent(), `Vraag van ${name}`, 'the heading reads as before');

  assert.deepEqual(dialogs, [], 'no dialog opened');
  assert.deepEqual(pageErrors, [], 'no script errors');
  assert.deepEqual(cspViolations, [], 'nothing broke the Content-Security-Policy');
  passed = true;
});
