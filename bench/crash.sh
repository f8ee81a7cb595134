#!/usr/bin/env bash
# Crash safety (`make crash`): post a few thousand Telegram updates, kill -9 buurtbot in the middle,
# start it again, and check with sqlite3 that
#   - every update that got a 2xx is in the journal (inbound) exactly once, processed, and its effect
#     (one message added to the resident's question, inbox_messages) happened exactly once;
#   - no refused update (wrong secret, or no connection) left anything;
#   - every reply of a processed update reached the stub Bot API at least once;
# then post again, as Telegram would, what got no 2xx, and check that all of it is processed exactly
# once. Then the same for Matrix (bench/crash_matrix.py): transactions of 1, 10 and 50 events pushed to
# buurtbot as an Application Service, kill -9 during the burst, pushed again and redelivered after the
# restart. Prints the figures; exits 1 when a check fails.
#
# Environment: CRASH_UPDATES (4000), CRASH_CHATS (500), CRASH_CONCURRENCY (32), CRASH_MATRIX_TRANSACTIONS
# (40 of each size), BUILD_DIR (build-bench).
set -euo pipefail
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in bench/

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
build="${BUILD_DIR:-$repo/build-bench}"
updates="${CRASH_UPDATES:-4000}"
chats="${CRASH_CHATS:-500}"
concurrency="${CRASH_CONCURRENCY:-32}"
secret="bench-secret-$$"

bash scripts/setup-bench.sh
if [ ! -x "$build/buurtbot" ] || [ -n "$(find bot adapters storage flows config -newer "$build/buurtbot" -name '*.[ch]pp' -print -quit)" ]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUURTBOT_TESTS=OFF >/dev/null
  cmake --build "$build" -j "$(nproc)" --target buurtbot
fi

source bench/common.sh
bench_workdir crash
db="$work/bench.db"
client="$work/client.db"
port="$(free_port)"

python3 bench/stub_botapi.py --port-file "$work/stub.port" 2>"$work/stub.log" &
pids+=($!)
for _ in $(seq 100); do [ -s "$work/stub.port" ] && break; sleep 0.05; done
stub_port="$(cat "$work/stub.port")"

export BUURTBOT_SERVER_LISTEN="127.0.0.1:$port" BUURTBOT_STORAGE_PATH="$db" BUURTBOT_FLOWS_DIR="$repo/flows" \
  BUURTBOT_TELEGRAM_ENABLED=true BUURTBOT_TELEGRAM_MODE=webhook BUURTBOT_TELEGRAM_API_URL="http://127.0.0.1:$stub_port" \
  BUURTBOT_TELEGRAM_TOKEN="7000000001:bench" BUURTBOT_TELEGRAM_SECRET="$secret" \
  BUURTBOT_TELEGRAM_RATE_GLOBAL_PER_S=0 BUURTBOT_TELEGRAM_RATE_CHAT_PER_S=0 BUURTBOT_TELEGRAM_RATE_GROUP_PER_MIN=0

start_buurtbot() {
  "$build/buurtbot" --config config/demo.yaml serve >>"$work/buurtbot.log" 2>&1 &
  bot_pid=$!
  pids+=("$bot_pid")
  for _ in $(seq 300); do
    curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$bot_pid" 2>/dev/null || { echo "crash: buurtbot did not start:"; tail -20 "$work/buurtbot.log"; exit 1; }
    sleep 0.05
  done
  echo "crash: buurtbot did not answer /readyz"; exit 1
}

# Read from the database: /metrics' buurtbot_outbox_pending goes stale once no message comes in.
wait_drained() {
  for _ in $(seq 1200); do
    [ "$(sqlite3 -batch -noheader "$db" "SELECT (SELECT COUNT(*) FROM inbound WHERE processed_at IS NULL) + (SELECT COUNT(*) FROM outbox WHERE status = 'pending')")" = 0 ] && return 0
    sleep 0.1
  done
  echo "crash: buurtbot did not drain its journal and outbox in 120 s"; exit 1
}

q() { sqlite3 -batch -noheader "$db" "ATTACH '$client' AS c; $1"; }

echo "crash: $updates updates from $chats chats, $concurrency at a time, to buurtbot on 127.0.0.1:$port"
start_buurtbot
first_pid=$bot_pid
python3 bench/crash.py send --db "$client" --port "$port" --secret "$secret" --pid "$first_pid" \
  --updates "$updates" --chats "$chats" --concurrency "$concurrency"
wait "$first_pid" 2>/dev/null || true

echo "crash: left by the kill: $(q "SELECT COUNT(*) FROM inbound WHERE processed_at IS NULL") journal rows unprocessed, \
$(q "SELECT COUNT(*) FROM outbox WHERE status = 'pending'") replies not yet sent, \
$(q "SELECT COUNT(*) FROM inbound") journal rows in all"
start_buurtbot
wait_drained
python3 bench/crash.py receipts --db "$client" --stub-port "$stub_port"

failed=0
check() {  # check NAME ACTUAL EXPECTED
  if [ "$2" = "$3" ]; then printf '  %-68s %8s  ok\n' "$1" "$2"
  else printf '  %-68s %8s  FAILED (expected %s)\n' "$1" "$2" "$3"; failed=1; fi
}
show() { printf '  %-68s %8s\n' "$1" "$2"; }

# After each drain, facts from buurtbot's database go into the client's, so the checks are plain joins:
#   c.effect(update_id, n)   inbox_messages rows (the effect) whose text ends in "[u<update_id>]"
#   c.journal(update_id, processed, rows)   the journal (inbound) by update_id
#   c.acked(update_id)       updates that got a 2xx in any pass so far
collect() {
  q "DROP TABLE IF EXISTS c.effect; DROP TABLE IF EXISTS c.journal; DROP TABLE IF EXISTS c.acked;
     CREATE TABLE c.effect AS SELECT CAST(substr(text, instr(text, '[u') + 2, length(text) - instr(text, '[u') - 2) AS INTEGER)
       AS update_id, COUNT(*) AS n FROM inbox_messages WHERE direction = 'in' AND instr(text, '[u') > 0 GROUP BY 1;
     CREATE TABLE c.journal AS SELECT CAST(external_id AS INTEGER) AS update_id, MAX(processed_at IS NOT NULL) AS processed,
       COUNT(*) AS rows FROM inbound WHERE channel = 'telegram' GROUP BY external_id;
     CREATE TABLE c.acked AS SELECT DISTINCT update_id FROM c.sent WHERE outcome = 'acked';
     CREATE INDEX c.effect_id ON effect(update_id); CREATE INDEX c.journal_id ON journal(update_id);"
}
first="FROM c.sent s WHERE s.phase = 1"
acked="s.update_id IN (SELECT update_id FROM c.acked)"
n_effect="COALESCE((SELECT n FROM c.effect e WHERE e.update_id = s.update_id), 0)"
in_journal="EXISTS (SELECT 1 FROM c.journal j WHERE j.update_id = s.update_id)"
replies="SELECT address, json_extract(payload, '$.text') AS text, COUNT(*) AS n FROM outbox WHERE channel = 'telegram' GROUP BY 1, 2"
received="SELECT CAST(chat_id AS TEXT) AS address, text, COUNT(*) AS n FROM c.receipts GROUP BY 1, 2"
verify() {  # verify PASS
  collect
  show "updates posted in the first pass" "$(q "SELECT COUNT(*) $first")"
  show "  acknowledged (2xx)$([ "$1" = 2 ] && echo ' in either pass')" "$(q "SELECT COUNT(*) $first AND $acked")"
  show "  refused: wrong secret (401)" "$(q "SELECT COUNT(*) $first AND s.secret_ok = 0 AND s.outcome = 'refused'")"
  show "  refused: no connection, buurtbot was down" "$(q "SELECT COUNT(*) $first AND s.secret_ok = 1 AND s.outcome = 'refused' AND s.status = 0")"
  show "  refused: other non-2xx status" "$(q "SELECT COUNT(*) $first AND s.secret_ok = 1 AND s.outcome = 'refused' AND s.status != 0")"
  show "  unknown: the connection broke mid-request" "$(q "SELECT COUNT(*) $first AND s.outcome = 'unknown'")"
  check "acknowledged but not in the journal" "$(q "SELECT COUNT(*) $first AND $acked AND NOT $in_journal")" 0
  check "acknowledged but not processed" \
    "$(q "SELECT COUNT(*) $first AND $acked AND NOT EXISTS (SELECT 1 FROM c.journal j WHERE j.update_id = s.update_id AND j.processed)")" 0
  check "update_ids in the journal more than once" "$(q "SELECT COUNT(*) FROM c.journal WHERE rows > 1")" 0
  check "acknowledged with their effect exactly once" "$(q "SELECT COUNT(*) $first AND $acked AND $n_effect = 1")" \
    "$(q "SELECT COUNT(*) $first AND $acked")"
  check "updates with their effect more than once" "$(q "SELECT COUNT(*) FROM c.effect WHERE n > 1")" 0
  check "journal rows processed without exactly one effect" \
    "$(q "SELECT COUNT(*) FROM c.journal j WHERE j.processed AND COALESCE((SELECT n FROM c.effect e WHERE e.update_id = j.update_id), 0) != 1")" 0
  check "refused (wrong secret) but stored or with an effect" \
    "$(q "SELECT COUNT(*) $first AND s.secret_ok = 0 AND ($in_journal OR $n_effect > 0)")" 0
  if [ "$1" = 1 ]; then
    check "refused (no connection) but stored or with an effect" \
      "$(q "SELECT COUNT(*) $first AND s.outcome = 'refused' AND ($in_journal OR $n_effect > 0)")" 0
    show "unknown ones that had been stored before the kill (processed once)" \
      "$(q "SELECT COUNT(*) $first AND s.outcome = 'unknown' AND $n_effect = 1")"
  fi
  check "processed updates without exactly one reply queued (per chat)" \
    "$(q "SELECT COUNT(*) FROM (SELECT conversation, COUNT(*) AS n FROM inbound WHERE processed_at IS NOT NULL GROUP BY 1) i
          LEFT JOIN (SELECT address, COUNT(*) AS n FROM outbox GROUP BY 1) o ON o.address = i.conversation
          WHERE o.n IS NULL OR o.n != i.n")" 0
  check "replies not marked sent" "$(q "SELECT COUNT(*) FROM outbox WHERE status != 'sent'")" 0
  check "replies that never reached the Bot API" \
    "$(q "SELECT COALESCE(SUM(o.n - COALESCE(r.n, 0)), 0) FROM ($replies) o LEFT JOIN ($received) r USING (address, text) WHERE o.n > COALESCE(r.n, 0)")" 0
  show "replies queued / accepted by the Bot API" "$(q "SELECT COUNT(*) FROM outbox") / $(q "SELECT COUNT(*) FROM c.receipts")"
  show "replies delivered more than once (sent, killed before marked sent)" \
    "$(q "SELECT COALESCE(SUM(r.n - o.n), 0) FROM ($replies) o JOIN ($received) r USING (address, text) WHERE r.n > o.n")"
}

echo "crash: after the restart and drain"
verify 1

echo "crash: posting again what got no 2xx, as Telegram does"
python3 bench/crash.py resend --db "$client" --port "$port" --secret "$secret" --concurrency "$concurrency"
wait_drained
python3 bench/crash.py receipts --db "$client" --stub-port "$stub_port"
echo "crash: after the second pass"
verify 2
check "updates with the right secret, processed exactly once" \
  "$(q "SELECT COUNT(*) $first AND s.secret_ok = 1 AND $n_effect = 1")" "$(q "SELECT COUNT(*) $first AND s.secret_ok = 1")"
kill "$bot_pid" 2>/dev/null || true
wait "$bot_pid" 2>/dev/null || true

echo "crash: the Matrix run (Application Service transactions of 1, 10 and 50 events)"
python3 bench/crash_matrix.py --binary "$build/buurtbot" --repo "$repo" --db "$work/matrix.db" --port "$(free_port)" \
  --transactions "${CRASH_MATRIX_TRANSACTIONS:-40}" || failed=1

if [ "$failed" = 0 ]; then echo "crash: all checks passed"; else echo "crash: SOME CHECKS FAILED (data in $work)"; KEEP=1; exit 1; fi
