-- wrk script for bench/run.sh: pushes Matrix Application Service transactions to
-- /_matrix/app/v1/transactions/{txnId} as a homeserver does, each with a unique transaction id and
-- BENCH_EVENTS m.room.message events. Every event comes from another resident's private room, with the
-- same two-step conversation as bench/updates.lua: "/taal", then "English".
--
-- Environment:
--   BENCH_HS_TOKEN     the homeserver's token (Authorization: Bearer)
--   BENCH_EVENTS       events per transaction (default 1)
--   BENCH_ROOMS        rooms per wrk thread (default 5000)
--   BENCH_UPDATE_BASE  the first transaction number of this run (default 1): keeps runs on one database apart
--
-- Events go round the thread's rooms: room = k mod ROOMS, step = (k div ROOMS) mod 2 for the thread's k-th
-- event, so one room's two messages are ROOMS events apart.

local token = os.getenv("BENCH_HS_TOKEN") or "bench-hs-token"
local events = tonumber(os.getenv("BENCH_EVENTS") or "1")
local rooms = tonumber(os.getenv("BENCH_ROOMS") or "5000")
local base = tonumber(os.getenv("BENCH_UPDATE_BASE") or "1")
local server = "bench.example"

local thread_count = 0
function setup(thread)
  thread:set("thread_index", thread_count)
  thread_count = thread_count + 1
end

local n, k = 0, 0
local headers = {}
function init(args)
  headers["Content-Type"] = "application/json"
  headers["Authorization"] = "Bearer " .. token
  thread_index = thread_index or 0
end

local function event()
  local room = k % rooms
  local text = (math.floor(k / rooms) % 2 == 0) and "/taal" or "English"
  local id = string.format("%d-%d-%d", base, thread_index, k)
  k = k + 1
  return string.format(
    '{"type":"m.room.message","event_id":"$b%s:%s","room_id":"!r%d-%d:%s","sender":"@r%d-%d:%s",' ..
    '"origin_server_ts":%d,"content":{"msgtype":"m.text","body":"%s"}}',
    id, server, thread_index, room, server, thread_index, room, server, os.time() * 1000, text)
end

function request()
  local parts = {}
  for i = 1, events do parts[i] = event() end
  local path = string.format("/_matrix/app/v1/transactions/b%d-%d-%d", base, thread_index, n)
  n = n + 1
  return wrk.format("PUT", path, headers, '{"events":[' .. table.concat(parts, ",") .. "]}")
end

dofile("bench/report.lua")  -- done(): the WRK line bench/run.sh reads
