-- wrk script for bench/run.sh: posts realistic Telegram updates to /webhook/telegram, each with a
-- unique update_id, from many private chats. Every chat has the same two-step conversation: "/taal"
-- (the bot asks for a language, with buttons) and then "English" (the bot switches and says so).
--
-- Environment:
--   BENCH_SECRET       the webhook secret (header X-Telegram-Bot-Api-Secret-Token)
--   BENCH_CHATS        chats per wrk thread (default 5000)
--   BENCH_UPDATE_BASE  the first update_id of this run (default 1): keeps runs on one database apart
--   BENCH_CHAT_BASE    the first chat id (default 100000000)
--
-- Requests go round the thread's chats: chat = n mod CHATS, step = (n div CHATS) mod 2, so the two
-- messages of one chat are CHATS requests apart, as a person answering after a moment would be.

local secret = os.getenv("BENCH_SECRET") or "bench-secret"
local chats = tonumber(os.getenv("BENCH_CHATS") or "5000")
local update_base = tonumber(os.getenv("BENCH_UPDATE_BASE") or "1")
local chat_base = tonumber(os.getenv("BENCH_CHAT_BASE") or "100000000")
local per_thread = 100000000   -- update_ids and chat ids each thread may use

local first_names = {"Anna", "Bert", "Carla", "Daan", "Emma", "Fatima", "Gerrit", "Hanneke", "Ibrahim", "Joost",
                     "Kim", "Lotte", "Mohamed", "Noor", "Olga", "Pieter", "Sanne", "Thijs", "Yasmina", "Zeynep"}
local last_names = {"de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos", "Yilmaz"}

local thread_count = 0
function setup(thread)
  thread:set("thread_index", thread_count)
  thread_count = thread_count + 1
end

local n = 0
local headers = {}
function init(args)
  headers["Content-Type"] = "application/json"
  headers["X-Telegram-Bot-Api-Secret-Token"] = secret
  thread_index = thread_index or 0
end

local function escape(s)
  return (s:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end))
end

function request()
  local chat_index = n % chats
  local step = math.floor(n / chats) % 2
  local update_id = update_base + thread_index * per_thread + n
  local chat_id = chat_base + thread_index * per_thread + chat_index
  local first = first_names[chat_index % #first_names + 1]
  local last = last_names[math.floor(chat_index / #first_names) % #last_names + 1]
  local text, entities
  if step == 0 then
    text = "/taal"
    entities = ',"entities":[{"offset":0,"length":5,"type":"bot_command"}]'
  else
    text = "English"
    entities = ""
  end
  n = n + 1
  local body = string.format(
    '{"update_id":%d,"message":{"message_id":%d,"from":{"id":%d,"is_bot":false,"first_name":"%s",' ..
    '"last_name":"%s","language_code":"nl"},"chat":{"id":%d,"first_name":"%s","last_name":"%s",' ..
    '"type":"private"},"date":%d,"text":"%s"%s}}',
    update_id, n, chat_id, escape(first), escape(last), chat_id, escape(first), escape(last), os.time(),
    escape(text), entities)
  return wrk.format("POST", "/webhook/telegram", headers, body)
end

dofile("bench/report.lua")  -- done(): the WRK line bench/run.sh reads
