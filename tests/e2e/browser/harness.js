'use strict';
// What a browser test of the officers' page needs: the real buurtbot binary on 127.0.0.1 with a
// temporary data directory, `buurtbot chat` for residents, Debian's Chromium driven by playwright-core,
// and axe-core. `start(extraEnv)` in a `before` hook, `stop(passed)` in an `after` hook.
//
// Environment: BUURTBOT_BINARY (the built buurtbot), BUURTBOT_SOURCE_DIR (the repository root).
// Set BUURTBOT_E2E_KEEP=1 to keep the temporary directory and always print buurtbot's log.

const assert = require('node:assert/strict');
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const HOST = '127.0.0.1';
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const STEP_TIMEOUT_MS = 15_000; // one thing the page shows; it polls the API every 4 s

// All traffic stays on 127.0.0.1.
for (const key of Object.keys(process.env)) if (/^(https?|all|no)_proxy$/i.test(key)) delete process.env[key];

const binary = process.env.BUURTBOT_BINARY;
const sourceDir = process.env.BUURTBOT_SOURCE_DIR;
const configPath = () => path.join(sourceDir, 'config', 'demo.yaml');

const t = {
  workDir: null, baseUrl: null, context: null, page: null,
  dialogs: [], pageErrors: [], cspViolations: [], extraEnv: {},
};
let bot;
let botExit = null;
let botLog = '';

function childEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('BUURTBOT_')) env[key] = value;
  return Object.assign(env, {
    BUURTBOT_STORAGE_PATH: path.join(t.workDir, 'buurtbot.db'),
    BUURTBOT_FLOWS_DIR: path.join(sourceDir, 'flows'),
    BUURTBOT_SERVER_LISTEN: `${HOST}:0`,
  }, t.extraEnv, extra);
}

// Runs one buurtbot command to its end and returns what it printed.
function run(args, input = '', extra = {}) {
  return execFileSync(binary, ['--config', configPath(), ...args], {
    cwd: t.workDir, env: childEnv(extra), input, timeout: 30_000, encoding: 'utf8',
  });
}

// A resident types `lines` in the terminal channel; the output holds what the bot said, and first
// whatever the outbox held for them (answers of officers arrive that way).
const chat = (name, lines) => run(['chat', '--as', name], lines.map((l) => l + '\n').join(''));

// Runs SQL on the test's database (to age a thread, or to add what a channel would have stored).
function sql(statement) {
  return execFileSync('sqlite3', ['-cmd', '.timeout 5000', path.join(t.workDir, 'buurtbot.db'), statement], { encoding: 'utf8' });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function startBot() {
  bot = spawn(binary, ['--config', configPath(), 'serve'], { cwd: t.workDir, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk) => {
    botLog += chunk.toString();
    if (botLog.length > 200_000) botLog = botLog.slice(-100_000);
  };
  bot.stdout.on('data', keep);
  bot.stderr.on('data', keep);
  bot.on('exit', (code, signal) => { botExit = { code, signal }; });
  bot.on('error', (error) => { botExit = { error: error.message }; });
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  for (;;) {
    const port = botLog.match(/serves http:\/\/\S+ \(port (\d+)\)/);
    if (port) return `http://${HOST}:${port[1]}`;
    if (botExit) assert.fail(`buurtbot exited at start (${JSON.stringify(botExit)})`);
    if (Date.now() > deadline) assert.fail('buurtbot did not say which port it serves');
    await sleep(50);
  }
}

async function stopBot() {
  if (!bot || botExit) return;
  const exited = new Promise((resolve) => bot.once('exit', resolve));
  bot.kill('SIGTERM');
  const timer = setTimeout(() => { if (!botExit) bot.kill('SIGKILL'); }, 10_000);
  await exited;
  clearTimeout(timer);
}

process.on('exit', () => { if (bot && !botExit) bot.kill('SIGKILL'); });

const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// Runs axe-core on the page as it is now and fails with the rules it breaks. Injected through the
// DevTools protocol, which the page's Content-Security-Policy does not govern.
async function assertAccessible(what) {
  const { page } = t;
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`);
  });
  assert.deepEqual(violations, [], `axe-core on ${what}:\n${violations.join('\n')}`);
}

// The officer `officer` ({login, name, password}) exists, buurtbot serves with `extraEnv` added to its
// environment (and to every command's), and Chromium is open.
async function start(officer, extraEnv = {}) {
  assert.ok(binary && fs.existsSync(binary), `BUURTBOT_BINARY must name the built buurtbot (got ${binary})`);
  assert.ok(sourceDir && fs.existsSync(configPath()), `BUURTBOT_SOURCE_DIR must be the repository root (got ${sourceDir})`);
  t.workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'buurtbot-browser-'));
  t.extraEnv = typeof extraEnv === 'function' ? extraEnv(t.workDir) : extraEnv;
  run(['officer', 'add', officer.login, '--name', officer.name, '--role', 'officer'], '',
    { BUURTBOT_OFFICER_PASSWORD: officer.password });
  t.baseUrl = await startBot();
  t.context = await chromium.launchPersistentContext(path.join(t.workDir, 'chromium-profile'), {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam',
  });
  t.context.setDefaultTimeout(STEP_TIMEOUT_MS);
  t.page = t.context.pages()[0] || (await t.context.newPage());
  t.page.on('dialog', (dialog) => {
    t.dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  t.page.on('pageerror', (error) => t.pageErrors.push(error.message));
  t.page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) t.cspViolations.push(message.text());
  });
}

async function stop(passed) {
  if (t.context) await t.context.close().catch(() => {});
  await stopBot();
  if (!passed || process.env.BUURTBOT_E2E_KEEP) {
    process.stderr.write(`--- buurtbot log (exit ${JSON.stringify(botExit)}) ---\n${botLog.slice(-20_000)}\n--- end of log ---\n`);
  }
  if (t.workDir && !process.env.BUURTBOT_E2E_KEEP) fs.rmSync(t.workDir, { recursive: true, force: true });
  else if (t.workDir) process.stderr.write(`kept ${t.workDir}\n`);
}

// No dialog, script error or broken Content-Security-Policy along the way.
function assertCleanRun() {
  assert.deepEqual(t.dialogs, [], 'no dialog opened');
  assert.deepEqual(t.pageErrors, [], 'no script errors');
  assert.deepEqual(t.cspViolations, [], 'nothing broke the Content-Security-Policy');
}

module.exports = { t, start, stop, run, chat, sql, assertAccessible, assertCleanRun };
