// The grammY bot that bench/run.sh compares buurtbot with: the same two-step conversation (/taal, then
// a language), the same texts and buttons, the state in memory, every answer a sendMessage to the same
// stub Bot API. Updates come in through grammY's webhook adapter on node's http server, which answers
// Telegram once the handler is done (so after its sendMessage), as grammY does by default.
//
//   node bench/grammy/bot.js PORT API_ROOT SECRET
"use strict";

const http = require("http");
const { Bot, InlineKeyboard, webhookCallback } = require("grammy");

const [port, apiRoot, secret] = process.argv.slice(2);
if (!port || !apiRoot || !secret) {
  console.error("usage: node bot.js PORT API_ROOT SECRET");
  process.exit(2);
}

const bot = new Bot("7000000001:bench", {
  client: { apiRoot },
  // Known up front, so grammY does not call getMe first.
  botInfo: {
    id: 7000000001, is_bot: true, first_name: "buurtbot", username: "buurtbot_bench_bot",
    can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false,
    can_connect_to_business: false, has_main_web_app: false,
  },
});

// What buurtbot's flows/language.yaml says, in the resident's language.
const texts = {
  nl: {
    prompt: "In welke taal wil je praten? / Which language do you want to use?",
    done: { nl: "Goed, ik praat nu Nederlands met je.", en: "All right, I will talk to you in English now." },
    unknown: "Dat begrijp ik niet. Typ /menu om te zien wat ik kan.",
  },
  en: {
    prompt: "Which language do you want to use? / In welke taal wil je praten?",
    done: { nl: "Goed, ik praat nu Nederlands met je.", en: "All right, I will talk to you in English now." },
    unknown: "I don't understand that. Type /menu to see what I can do.",
  },
};
const options = [{ key: "nl", label: "Nederlands" }, { key: "en", label: "English" }];

// chat id -> { language, step }: the conversation state, in memory only.
const chats = new Map();
function state(ctx) {
  let s = chats.get(ctx.chat.id);
  if (!s) {
    s = { language: (ctx.from?.language_code || "nl").startsWith("en") ? "en" : "nl", step: null };
    chats.set(ctx.chat.id, s);
  }
  return s;
}

bot.command(["taal", "language"], async (ctx) => {
  const s = state(ctx);
  s.step = "language";
  const keyboard = new InlineKeyboard();
  for (const o of options) keyboard.text(o.label, o.key);
  await ctx.reply(texts[s.language].prompt, { reply_markup: keyboard, parse_mode: "HTML" });
});

async function choose(ctx, key) {
  const s = state(ctx);
  s.step = null;
  s.language = key;
  await ctx.reply(texts[s.language].done[key], { parse_mode: "HTML" });
}

bot.callbackQuery(["nl", "en"], async (ctx) => {
  await ctx.answerCallbackQuery();
  await choose(ctx, ctx.callbackQuery.data);
});

bot.on("message:text", async (ctx) => {
  const s = state(ctx);
  const typed = ctx.message.text.trim().toLowerCase();
  const option = options.find((o) => o.label.toLowerCase() === typed || o.key === typed);
  if (s.step === "language" && option) return choose(ctx, option.key);
  await ctx.reply(texts[s.language].unknown, { parse_mode: "HTML" });
});

bot.catch((err) => console.error("grammY bot error:", err.message));

const handle = webhookCallback(bot, "http", { secretToken: secret });
const server = http.createServer((req, res) => {
  if (req.method === "POST" && req.url === "/webhook/telegram") return handle(req, res);
  res.writeHead(req.url === "/healthz" ? 200 : 404, { "content-type": "text/plain" });
  res.end(req.url === "/healthz" ? "ok\n" : "not found\n");
});
server.keepAliveTimeout = 60000;
server.listen(Number(port), "127.0.0.1", () => console.error(`grammY bot on 127.0.0.1:${port}, Bot API ${apiRoot}`));
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.close(() => process.exit(0)) && setTimeout(() => process.exit(0), 500));
