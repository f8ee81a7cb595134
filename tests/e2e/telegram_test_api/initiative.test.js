'use strict';
// End to end through a Telegram look-alike: the npm package telegram-test-api plays the Bot API on
// 127.0.0.1, the real buurtbot binary long-polls it, and a scripted resident submits a plan with the
// inline buttons, as a person in the Telegram app would.
//
// Environment: BUURTBOT_BINARY (the built buurtbot), BUURTBOT_SOURCE_DIR (the repository root).
// Set BUURTBOT_E2E_KEEP=1 to keep the temporary directory and always print buurtbot's log.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const TelegramServer = require('telegram-test-api');

const HOST = '127.0.0.1';
const TOKEN = '123456:buurtbot-e2e-token';
const STEP_TIMEOUT_MS = 20_000; // one answer of the bot; polling pauses 1 s and the outbox sends 1/s per chat
const TEST_TIMEOUT_MS = 120_000;

// All traffic stays on 127.0.0.1: the emulator's client (axios) would otherwise honour a proxy variable.
for (const key of Object.keys(process.env)) if (/^(https?|all)_proxy$/i.test(key)) delete process.env[key];

const binary = process.env.BUURTBOT_BINARY;
const sourceDir = process.env.BUURTBOT_SOURCE_DIR;

// --- Bot API conformance shim --------------------------------------------------------------------
// telegram-test-api 4.2.1 builds a callback_query update from {id, from, message, data} only: it leaves
// out chat_instance, which the Bot API documents as always present ("CallbackQuery.chat_instance:
// String", not optional), and which buurtbot therefore requires. Without this the emulator's button
// presses are not valid Updates and buurtbot drops them. The shim adds the field as Telegram would;
// message_id and date of callback_query.message come from the test (the pressed message), below.
const originalFormatUpdate = TelegramServer.formatUpdate;
TelegramServer.formatUpdate = function formatUpdateWithChatInstance(update) {
  const formatted = originalFormatUpdate.call(this, update);
  const query = formatted.callback_query;
  if (query && query.chat_instance === undefined) {
    query.chat_instance = `chat-instance-${query.message && query.message.chat ? query.message.chat.id : 'none'}`;
  }
  return formatted;
};

// --- helpers -------------------------------------------------------------------------------------

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

// Starts the emulator on a free port; the port is probed first, so retry if someone took it meanwhile.
async function startTelegram() {
  for (let attempt = 1; ; attempt++) {
    const server = new TelegramServer({ port: await freePort(), host: HOST, storage: 'RAM', storeTimeout: 600 });
    try {
      await server.start();
      return server;
    } catch (error) {
      if (error.code !== 'EADDRINUSE' || attempt >= 5) throw error;
    }
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function buttonsOf(entry) {
  const markup = entry.message.reply_markup;
  return markup && Array.isArray(markup.inline_keyboard) ? markup.inline_keyboard.flat() : [];
}

function describe(entries) {
  return entries
    .map((e) => `  #${e.messageId}: ${JSON.stringify(e.message.text)} [${buttonsOf(e).map((b) => b.text).join(' | ')}]`)
    .join('\n');
}

// --- state shared by the hooks and the test -------------------------------------------------------

let telegram;
let client;
let workDir;
let bot; // the buurtbot child process
let botExit = null; // {code, signal} once it has ended
let botLog = '';
const botCalls = []; // every Bot API request buurtbot made: {method, contentType}
const received = []; // every message the bot sent to our resident, in order

function childEnv() {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('BUURTBOT_')) env[key] = value;
  return Object.assign(env, {
    BUURTBOT_TELEGRAM_ENABLED: 'true',
    BUURTBOT_TELEGRAM_MODE: 'polling',
    BUURTBOT_TELEGRAM_API_URL: telegram.config.apiURL,
    BUURTBOT_TELEGRAM_TOKEN: TOKEN,
    BUURTBOT_TELEGRAM_POLL_TIMEOUT_S: '1',
    BUURTBOT_STORAGE_PATH: path.join(workDir, 'buurtbot.db'),
    BUURTBOT_FLOWS_DIR: path.join(sourceDir, 'flows'),
    BUURTBOT_SERVER_LISTEN: `${HOST}:0`,
  });
}

const configPath = () => path.join(sourceDir, 'config', 'demo.yaml');

// Fetches what the bot sent to the resident since the last call (the emulator's client route; each
// message is handed out once). Not client.getUpdates(): on its timeout that one leaves a loop running
// that swallows later messages.
async function fetchBotMessages() {
  const response = await fetch(`${telegram.config.apiURL}/getUpdates`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: TOKEN, chatId: client.chatId }),
    signal: AbortSignal.timeout(5_000),
  });
  assert.equal(response.status, 200, 'the emulator answers the client');
  const body = await response.json();
  received.push(...body.result);
}

// Waits, bounded, for the first message after index `from` that matches; returns it and its index.
async function waitForMessage(from, what, matches) {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  for (;;) {
    await fetchBotMessages();
    const index = received.findIndex((entry, i) => i >= from && matches(entry));
    if (index >= 0) return { entry: received[index], index };
    if (botExit) assert.fail(`buurtbot exited (${JSON.stringify(botExit)}) while waiting for ${what}`);
    if (Date.now() > deadline) {
      assert.fail(`no ${what} within ${STEP_TIMEOUT_MS} ms; the bot sent:\n${describe(received.slice(from))}`);
    }
    await sleep(100);
  }
}

const textIncludes = (fragment) => (entry) => typeof entry.message.text === 'string' && entry.message.text.includes(fragment);

function button(entry, label) {
  const found = buttonsOf(entry).find((b) => b.text === label);
  assert.ok(found, `button "${label}" under ${JSON.stringify(entry.message.text)}; there are ${JSON.stringify(buttonsOf(entry))}`);
  assert.equal(typeof found.callback_data, 'string', `button "${label}" carries callback_data`);
  return found;
}

// The resident taps a button under the bot's message `entry`, as the Telegram app would send it.
async function press(entry, label) {
  const { callback_data: data } = button(entry, label);
  const pressed = {
    message_id: entry.messageId,
    date: Math.floor(entry.time / 1000),
    from: { id: 666, is_bot: true, first_name: 'Test First name', username: 'TestNameBot' },
    text: entry.message.text,
    reply_markup: entry.message.reply_markup,
  };
  await client.sendCallback(client.makeCallbackQuery(data, { message: pressed }));
  return data;
}

const type = (text) => client.sendMessage(client.makeMessage(text));
const command = (text) => client.sendCommand(client.makeCommand(text));

// --- hooks ---------------------------------------------------------------------------------------

before(async () => {
  assert.ok(binary && fs.existsSync(binary), `BUURTBOT_BINARY must name the built buurtbot (got ${binary})`);
  assert.ok(sourceDir && fs.existsSync(configPath()), `BUURTBOT_SOURCE_DIR must be the repository root (got ${sourceDir})`);
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'buurtbot-ttapi-'));
  telegram = await startTelegram();
  telegram.server.prependListener('request', (req) => {
    const method = req.url.match(/^\/bot[^/]+\/([^/?]+)/);
    if (method) botCalls.push({ method: method[1], contentType: req.headers['content-type'] || '' });
  });
  client = telegram.getClient(TOKEN, { userId: 4242, chatId: 4242, firstName: 'Anna' });

  bot = spawn(binary, ['--config', configPath(), '--log-level', 'debug', 'serve'], {
    cwd: workDir,
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk) => {
    botLog += chunk.toString();
    if (botLog.length > 200_000) botLog = botLog.slice(-100_000);
  };
  bot.stdout.on('data', keep);
  bot.stderr.on('data', keep);
  bot.on('exit', (code, signal) => { botExit = { code, signal }; });
  bot.on('error', (error) => { botExit = { error: error.message }; });
});

async function stopBot() {
  if (!bot || botExit) return;
  const exited = new Promise((resolve) => bot.once('exit', resolve));
  bot.kill('SIGTERM');
  const timer = setTimeout(() => { if (!botExit) bot.kill('SIGKILL'); }, 10_000);
  await exited;
  clearTimeout(timer);
}

// Last resort: never leave the binary behind, whatever ended this process.
process.on('exit', () => { if (bot && !botExit) bot.kill('SIGKILL'); });

let passed = false;

after(async () => {
  await stopBot();
  if (telegram) await telegram.stop();
  if (!passed || process.env.BUURTBOT_E2E_KEEP) {
    process.stderr.write(`--- what the resident received ---\n${describe(received)}\n`);
    process.stderr.write(`--- buurtbot log (exit ${JSON.stringify(botExit)}) ---\n${botLog.slice(-20_000)}\n--- end of log ---\n`);
  }
  if (workDir && !process.env.BUURTBOT_E2E_KEEP) fs.rmSync(workDir, { recursive: true, force: true });
  else if (workDir) process.stderr.write(`kept ${workDir}\n`);
});

// --- the test ------------------------------------------------------------------------------------

test('a resident submits an initiative with the buttons and gets a reference', { timeout: TEST_TIMEOUT_MS }, async () => {
  const title = 'Bankje bij de speeltuin';
  const description = 'Een bankje bij de speeltuin in het park, zodat ouders kunnen zitten.';

  await command('/start');
  let at = (await waitForMessage(0, 'welcome after /start', () => true)).index + 1;

  // /start may still be answering (the outbox sends one message a second): look only for what we expect.
  await command('/initiatief');
  at = (await waitForMessage(at, 'question for the title', textIncludes('Wat is de naam van je plan?'))).index + 1;

  await type(title);
  at = (await waitForMessage(at, 'question for the description', textIncludes('Vertel in een paar zinnen'))).index + 1;

  await type(description);
  const themes = await waitForMessage(at, 'theme question', textIncludes('Bij welk thema past je plan het best?'));
  assert.equal(themes.entry.message.parse_mode, 'HTML');
  assert.equal(await press(themes.entry, 'Verkeer'), 'verkeer');
  at = themes.index + 1;

  const wijken = await waitForMessage(at, 'neighbourhood question', textIncludes('In welke wijk of welk dorp is je plan?'));
  assert.equal(await press(wijken.entry, 'Noord'), 'noord');
  at = wijken.index + 1;

  const help = await waitForMessage(at, 'question for help', textIncludes('Wat heb je nodig van de gemeente?'));
  button(help.entry, 'Geen'); // offered as a button; the resident types it instead
  await type('Geen');
  at = help.index + 1;

  const publish = await waitForMessage(at, 'publication question', textIncludes('Mag iedereen je plan zien op de website'));
  assert.equal(await press(publish.entry, 'Ja'), 'yes');
  at = publish.index + 1;

  const summary = await waitForMessage(at, 'summary', textIncludes('Dit is je plan:'));
  const summaryText = summary.entry.message.text;
  assert.match(summaryText, new RegExp(`Naam: ${title}`));
  assert.match(summaryText, /Thema: Verkeer/);
  assert.match(summaryText, /Wijk: Noord/);
  assert.match(summaryText, /Hulp van de gemeente: Geen/);
  assert.match(summaryText, /Op de website: Ja/);
  button(summary.entry, 'Nee');
  await press(summary.entry, 'Ja');
  at = summary.index + 1;

  const confirmation = await waitForMessage(at, 'confirmation', textIncludes('Je plan is ingediend'));
  assert.match(confirmation.entry.message.text, /^Dank je! Je plan is ingediend\. Het nummer is BI-\d{4}-\d{4}\./);
  const ref = confirmation.entry.message.text.match(/BI-\d{4}-\d{4}/)[0];
  assert.equal(Number(confirmation.entry.message.chat_id), client.chatId, 'the answer goes to the resident\'s chat');

  // Every press was acknowledged, and buurtbot spoke JSON to the Bot API only through methods it has.
  assert.equal(botCalls.filter((c) => c.method === 'answerCallbackQuery').length, 4, 'one answerCallbackQuery per press');
  assert.deepEqual([...new Set(botCalls.map((c) => c.method))].sort(), ['answerCallbackQuery', 'getUpdates', 'sendMessage']);
  for (const call of botCalls) assert.match(call.contentType, /^application\/json/, `${call.method} is a JSON POST`);

  const listed = JSON.parse(execFileSync(binary, ['--config', configPath(), 'initiative', 'list', '--json'], {
    cwd: workDir,
    env: childEnv(),
    timeout: 30_000,
    encoding: 'utf8',
  }));
  assert.equal(listed.length, 1, `one initiative stored: ${JSON.stringify(listed)}`);
  assert.equal(listed[0].ref, ref);
  assert.equal(listed[0].title, title);
  assert.equal(listed[0].theme, 'verkeer');
  assert.equal(listed[0].neighbourhood, 'noord');
  assert.equal(listed[0].status, 'submitted');
  passed = true;
});
