#!/usr/bin/env bash
# The benchmark (`make bench`): buurtbot's full durable pipeline under load, side by side in one run with
#   bare    bench/bare_server.cpp: Beast parses the JSON and answers 200 (the HTTP limit of this machine)
#   durable the same server storing each body in SQLite as buurtbot's journal does (WAL, synchronous=FULL,
#           group commit, answer after the commit): the limit of a durable acknowledgement on this disk
#   grammy  bench/grammy/bot.js: the same two-step conversation in grammY, state in memory
#   matrix  buurtbot as a Matrix Application Service: the same conversation in transactions of 1, 10 and
#           50 events (bench/transactions.lua), each event from another resident's room
# each driven by wrk (bench/updates.lua) at concurrency 16 and 64, all replies going to one stub Bot API
# and homeserver (bench/stub_botapi.py, no limits). Then the scenario at Telegram's real limits
# (bench/followers.py).
#
# Environment: BENCH_DURATION (10 s a point), BENCH_WARMUP (2 s), BENCH_CONCURRENCY ("16 64"),
# BENCH_TARGETS ("bare durable buurtbot matrix grammy"), BENCH_MATRIX_EVENTS ("1 10 50": events per transaction), BENCH_MATRIX_ROOMS (500 a wrk thread), BENCH_QUIET_WAIT (30: seconds at most to wait for a quiet machine
# before each point), BENCH_FOLLOWERS (5000), BENCH_FOLLOWERS_WINDOW (60 s; 0: until every follower is
# notified), BENCH_FOLLOWERS_RUNS ("0:8 100:1 100:8": Bot API round trip in ms and telegram.senders of each
# run of that scenario), BENCH_SKIP_FOLLOWERS (1 to skip), BUILD_DIR (build-bench), BENCH_BINARY (another buurtbot binary
# to measure), BENCH_NO_BUILD (1: use what is built), KEEP (1: keep the temporary folder with logs).
# Everything listens on and talks to 127.0.0.1 only; every loop is bounded.
set -euo pipefail
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in bench/

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
build="${BUILD_DIR:-$repo/build-bench}"
duration="${BENCH_DURATION:-10}"
warmup="${BENCH_WARMUP:-2}"
concurrencies="${BENCH_CONCURRENCY:-16 64}"
targets="${BENCH_TARGETS:-bare durable buurtbot matrix grammy}"
matrix_events="${BENCH_MATRIX_EVENTS:-1 10 50}"
hs_token="bench-hs-token-$$"
threads=2
secret="bench-secret-$$"

bash scripts/setup-bench.sh
binary="${BENCH_BINARY:-$build/buurtbot}"
if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
  echo "bench: building buurtbot and the bare server (Release) in $build"
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUURTBOT_TESTS=OFF >/dev/null
  cmake --build "$build" -j "$(nproc)" --target buurtbot >/dev/null
  cmake -S bench -B "$build/bare" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build/bare" -j "$(nproc)" >/dev/null
fi

cpu_model="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') (family $(grep -m1 'cpu family' /proc/cpuinfo | cut -d: -f2 | tr -d ' '), model $(grep -m1 -P '^model\t' /proc/cpuinfo | cut -d: -f2 | tr -d ' '), $(grep -m1 'cpu MHz' /proc/cpuinfo | cut -d: -f2 | tr -d ' ' | cut -d. -f1) MHz)"
mem="$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
grammy_version="$(node -p 'require("./bench/grammy/node_modules/grammy/package.json").version')"
echo "bench: on $(nproc) cores, $cpu_model, $mem, $(uname -sr); $(g++ --version | head -1); node $(node --version);" \
  "grammY $grammy_version; $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2); SQLite $(sqlite3 --version | cut -d' ' -f1)"
load="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "bench: load average before the run: $load"

source bench/common.sh
bench_workdir bench
results="$work/results"

python3 bench/stub_botapi.py --port-file "$work/stub.port" 2>"$work/stub.log" &
stub_pid=$!
pids+=("$stub_pid")
for _ in $(seq 100); do [ -s "$work/stub.port" ] && break; sleep 0.05; done
stub_port="$(cat "$work/stub.port")"
stub() { curl -fs -X "$1" "http://127.0.0.1:$stub_port$2"; }
stub_sent() { stub GET /_stats | python3 -c 'import json,sys; print(json.load(sys.stdin)["sent"])'; }

busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }  # all cores, all processes
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
peak_rss_kib() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

wait_health() {  # wait_health PORT PID PATH
  for _ in $(seq 300); do
    curl -fs "http://127.0.0.1:$1$3" >/dev/null 2>&1 && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}

# Waits (at most 120 s) until buurtbot's journal and outbox are empty; prints the seconds it took. Read
# from the database: /metrics' buurtbot_outbox_pending goes stale once no message comes in.
backlog() { sqlite3 -batch -noheader "$1" "SELECT (SELECT COUNT(*) FROM inbound WHERE processed_at IS NULL) + (SELECT COUNT(*) FROM outbox WHERE status = 'pending')" 2>/dev/null || echo 1; }
wait_drained() {
  local start end
  start=$(date +%s.%N)
  for _ in $(seq 1200); do
    if [ "$(backlog "$1")" = "0" ]; then
      end=$(date +%s.%N); awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f\n", e - s }'; return 0
    fi
    sleep 0.1
  done
  echo "nan"
}

start_target() {  # start_target NAME PORT; sets target_pid
  local name="$1" port="$2"
  case "$name" in
    bare)
      "$build/bare/bench_bare_server" 127.0.0.1 "$port" "$threads" "$secret" >"$work/$name.log" 2>&1 &
      target_pid=$!; health=/ ;;
    durable)
      rm -f "$work/durable.db"*
      "$build/bare/bench_bare_server" 127.0.0.1 "$port" "$threads" "$secret" "$work/durable.db" >"$work/$name.log" 2>&1 &
      target_pid=$!; health=/ ;;
    buurtbot)
      rm -f "$work/bench.db"*
      # Every wrk connection comes from 127.0.0.1: the per-address cap is for clients on the internet.
      BUURTBOT_SERVER_MAX_CONNECTIONS_PER_ADDRESS=100000 \
      BUURTBOT_SERVER_LISTEN="127.0.0.1:$port" BUURTBOT_SERVER_THREADS="$threads" BUURTBOT_STORAGE_PATH="$work/bench.db" \
      BUURTBOT_FLOWS_DIR="$repo/flows" BUURTBOT_TELEGRAM_ENABLED=true BUURTBOT_TELEGRAM_MODE=webhook \
      BUURTBOT_TELEGRAM_API_URL="http://127.0.0.1:$stub_port" BUURTBOT_TELEGRAM_TOKEN="7000000001:bench" \
      BUURTBOT_TELEGRAM_SECRET="$secret" BUURTBOT_TELEGRAM_RATE_GLOBAL_PER_S=0 BUURTBOT_TELEGRAM_RATE_CHAT_PER_S=0 \
      BUURTBOT_TELEGRAM_RATE_GROUP_PER_MIN=0 \
        "$binary" --config config/demo.yaml serve >"$work/$name.log" 2>&1 &
      target_pid=$!; health=/readyz ;;
    matrix)
      rm -f "$work/bench.db"*
      BUURTBOT_SERVER_MAX_CONNECTIONS_PER_ADDRESS=100000 \
      BUURTBOT_SERVER_LISTEN="127.0.0.1:$port" BUURTBOT_SERVER_THREADS="$threads" BUURTBOT_STORAGE_PATH="$work/bench.db" \
      BUURTBOT_FLOWS_DIR="$repo/flows" BUURTBOT_TELEGRAM_ENABLED=false BUURTBOT_MATRIX_ENABLED=true \
      BUURTBOT_MATRIX_HOMESERVER_URL="http://127.0.0.1:$stub_port" BUURTBOT_MATRIX_SERVER_NAME=bench.example \
      BUURTBOT_MATRIX_AS_TOKEN="bench-as-token-$$" BUURTBOT_MATRIX_HS_TOKEN="$hs_token" \
      BUURTBOT_MATRIX_RATE_GLOBAL_PER_S=0 \
        "$binary" --config config/demo.yaml serve >"$work/$name.log" 2>&1 &
      target_pid=$!; health=/readyz ;;
    grammy)
      node bench/grammy/bot.js "$port" "http://127.0.0.1:$stub_port" "$secret" >"$work/$name.log" 2>&1 &
      target_pid=$!; health=/healthz ;;
  esac
  pids+=("$target_pid")
  if ! wait_health "$port" "$target_pid" "$health"; then
    echo "bench: $name did not start:"; tail -20 "$work/$name.log"; exit 1
  fi
}

alive() {  # alive NAME PID: ends the run, with the target's exit status and log, when it is gone
  kill -0 "$2" 2>/dev/null && return 0
  local status=0
  wait "$2" || status=$?
  echo "bench: $1 (pid $2) ended by itself with status $status$([ "$status" -gt 128 ] && echo " (signal $((status - 128)))"); its log:"
  tail -20 "$work/$1.log"
  exit 1
}

stop_target() {
  kill "$1" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

run_wrk() {  # run_wrk TARGET EVENTS PORT CONNECTIONS SECONDS UPDATE_BASE: Telegram updates, or Matrix transactions
  if [ "$1" = matrix ]; then
    # 500 rooms a wrk thread: the warm-up's events reach every room once, so the measured point sees rooms the
    # bot knows, as in steady use; a room it has never seen costs one /joined_members first (bench/README.md).
    BENCH_HS_TOKEN="$hs_token" BENCH_EVENTS="$2" BENCH_UPDATE_BASE="$6" BENCH_ROOMS="${BENCH_MATRIX_ROOMS:-500}" wrk -t "$threads" -c "$4" -d "${5}s" \
      --timeout 10s -s bench/transactions.lua "http://127.0.0.1:$3/_matrix/app/v1/transactions/"
  else
    BENCH_SECRET="$secret" BENCH_UPDATE_BASE="$6" wrk -t "$threads" -c "$4" -d "${5}s" --timeout 10s \
      -s bench/updates.lua "http://127.0.0.1:$3/webhook/telegram"
  fi
}

hz=$(getconf CLK_TCK)
# On a shared machine (other builds), waits up to BENCH_QUIET_WAIT seconds for a second in which the
# other processes use under 15% of one core before a point starts; the table shows what they used during it.
wait_quiet() {
  local a b
  for _ in $(seq "${BENCH_QUIET_WAIT:-30}"); do
    a=$(busy_ticks); sleep 1; b=$(busy_ticks)
    [ $((b - a)) -lt $((hz * 15 / 100)) ] && return 0
  done
  echo "bench: the machine stayed busy (other processes); measuring anyway" >&2
}
echo "bench: ${duration} s a point after ${warmup} s of warm-up; wrk -t $threads; server threads $threads"
points=()  # target:events per request
for target in $targets; do
  if [ "$target" = matrix ]; then for e in $matrix_events; do points+=("matrix:$e"); done; else points+=("$target:1"); fi
done
for point in "${points[@]}"; do
  target="${point%%:*}"; events="${point##*:}"
  durable=0; case "$target" in buurtbot|matrix) durable=1 ;; esac
  for c in $concurrencies; do
    port="$(free_port)"
    start_target "$target" "$port"
    run_wrk "$target" "$events" "$port" "$c" "$warmup" 50000001 >/dev/null || true
    alive "$target" "$target_pid"
    drain=0
    [ "$durable" = 1 ] && wait_drained "$work/bench.db" >/dev/null
    wait_quiet
    alive "$target" "$target_pid"
    sent0=$(stub_sent); cpu0=$(cpu_ticks "$target_pid"); stub0=$(cpu_ticks "$stub_pid"); all0=$(busy_ticks)
    run_wrk "$target" "$events" "$port" "$c" "$duration" 1 >"$work/wrk.out" &
    wrk_pid=$!
    sleep 0.5; wrk_ticks=$(cpu_ticks "$wrk_pid")  # read again below, just before wrk exits
    for _ in $(seq $((duration * 4 + 20))); do
      kill -0 "$wrk_pid" 2>/dev/null || break
      t=$(cpu_ticks "$wrk_pid"); [ "$t" -gt 0 ] && wrk_ticks=$t
      sleep 0.25
    done
    wait "$wrk_pid" || true
    alive "$target" "$target_pid"
    line=$(grep '^WRK ' "$work/wrk.out")
    sent1=$(stub_sent); cpu1=$(cpu_ticks "$target_pid"); stub1=$(cpu_ticks "$stub_pid"); all1=$(busy_ticks)
    other=$(( (all1 - all0) - (cpu1 - cpu0) - (stub1 - stub0) - wrk_ticks ))
    [ "$other" -lt 0 ] && other=0
    backlog=0; journal=0
    if [ "$durable" = 1 ]; then
      journal=$(sqlite3 -batch -noheader "$work/bench.db" "SELECT COUNT(*) FROM inbound WHERE processed_at IS NULL")
      backlog=$(sqlite3 -batch -noheader "$work/bench.db" "SELECT COUNT(*) FROM outbox WHERE status = 'pending'")
      drain=$(wait_drained "$work/bench.db")
    fi
    rss=$(peak_rss_kib "$target_pid")
    stop_target "$target_pid"
    echo "RESULT target=$target events=$events c=$c ${line#WRK } sent=$((sent1 - sent0)) cpu_ticks=$((cpu1 - cpu0)) \
stub_ticks=$((stub1 - stub0)) wrk_ticks=$wrk_ticks other_ticks=$other hz=$hz rss_kib=$rss journal=${journal:-0} backlog=${backlog:-0} drain_s=$drain" | tee -a "$results"
  done
done

python3 - "$results" <<'EOF'
import sys
rows = []
for line in open(sys.argv[1]):
    fields = dict(kv.split("=", 1) for kv in line.split()[1:])
    rows.append(fields)
def f(r, k): return float(r[k])
matrix = [r for r in rows if r["target"] == "matrix"]
rows = [r for r in rows if r["target"] != "matrix"]
by = {(r["target"], int(r["c"])): r for r in rows}
print()
print("| target | conc. | acked/s | end-to-end/s | p50 ms | p99 ms | peak RSS MiB | CPU % | other CPU % | non-2xx | ack vs durable | ack vs parse-only | e2e vs grammY |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for r in rows:
    secs = f(r, "seconds")
    ok = f(r, "requests") - f(r, "non2xx") - f(r, "connect") - f(r, "read") - f(r, "write") - f(r, "timeout")
    r["ack"] = ok / secs
    r["e2e"] = f(r, "sent") / secs if r["target"] not in ("bare", "durable") else None
for r in rows:
    c = int(r["c"])
    bare, durable, grammy = by.get(("bare", c)), by.get(("durable", c)), by.get(("grammy", c))
    vs_bare = f"{r['ack'] / bare['ack'] * 100:.0f}%" if bare else "–"
    vs_durable = f"{r['ack'] / durable['ack'] * 100:.0f}%" if durable else "–"
    vs_grammy = (f"{r['e2e'] / grammy['e2e']:.1f}×" if grammy and r["e2e"] is not None and grammy["e2e"] else "–")
    e2e = f"{r['e2e']:,.0f}" if r["e2e"] is not None else "–"
    cpu = f(r, "cpu_ticks") / f(r, "hz") / f(r, "seconds") * 100
    other = f(r, "other_ticks") / f(r, "hz") / f(r, "seconds") * 100
    print(f"| {r['target']} | {c} | {r['ack']:,.0f} | {e2e} | {f(r, 'p50_ms'):.2f} | {f(r, 'p99_ms'):.2f} | "
          f"{f(r, 'rss_kib') / 1024:.0f} | {cpu:.0f} | {other:.0f} | {int(f(r, 'non2xx'))} | {vs_durable} | {vs_bare} | {vs_grammy} |")
if matrix:
    print()
    print("Matrix, as an Application Service: acknowledged transactions, each of `events` events; beside the")
    print("acknowledged events/s, Telegram's acknowledged updates/s (buurtbot above, same run, same concurrency).")
    print()
    print("| events | conc. | transactions/s | events/s | end-to-end/s | p50 ms | p99 ms | peak RSS MiB | non-2xx | events vs Telegram |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in matrix:
        secs, events = f(r, "seconds"), int(r["events"])
        ok = f(r, "requests") - f(r, "non2xx") - f(r, "connect") - f(r, "read") - f(r, "write") - f(r, "timeout")
        telegram = by.get(("buurtbot", int(r["c"])))
        vs = f"{ok * events / secs / telegram['ack'] * 100:.0f}%" if telegram else "–"
        print(f"| {events} | {r['c']} | {ok / secs:,.0f} | {ok * events / secs:,.0f} | {f(r, 'sent') / secs:,.0f} | "
              f"{f(r, 'p50_ms'):.2f} | {f(r, 'p99_ms'):.2f} | {f(r, 'rss_kib') / 1024:.0f} | {int(f(r, 'non2xx'))} | {vs} |")
bb = [r for r in rows if r["target"] == "buurtbot"]
if bb:
    print()
    for r in bb:
        print(f"buurtbot c={r['c']}: when wrk stopped {int(float(r['journal']))} journal rows were waiting to be handled and "
              f"{int(float(r['backlog']))} replies to be sent; all done {float(r['drain_s']):.1f} s later")
    print()
    print("CPU % is the target's (100 = one core); other CPU % is what processes besides the target, the stub and wrk")
    print("used meanwhile (other builds on a shared machine make the figures unreliable when it is above ~10).")
    for r in rows:
        h, s = f(r, "hz"), f(r, "seconds")
        print(f"  {r['target']} c={r['c']}: wrk {f(r, 'wrk_ticks') / h / s * 100:.0f}%, stub {f(r, 'stub_ticks') / h / s * 100:.0f}%")
    print()
    print("targets:")
    for r in bb:
        c = int(r["c"])
        durable, grammy = by.get(("durable", c)), by.get(("grammy", c))
        if durable:
            v = r["ack"] / durable["ack"]
            print(f"  c={c}: acknowledgements {v * 100:.0f}% of the durable server's (target >= 80%): {'met' if v >= 0.8 else 'MISSED'}")
        if grammy and grammy["e2e"] and c == 16:
            v = r["e2e"] / grammy["e2e"]
            print(f"  c={c}: end-to-end {v:.1f}x grammY's (target >= 3x): {'met' if v >= 3 else 'MISSED'}")
        if c == 64:
            p, refused = f(r, "p99_ms"), int(f(r, "non2xx"))
            print(f"  c=64: p99 acknowledgement latency {p:.2f} ms (target < 10 ms): {'met' if p < 10 else 'MISSED'}")
            print(f"  c=64: {refused} answers that were not 2xx (target 0): {'met' if refused == 0 else 'MISSED'}")
        rss = f(r, "rss_kib") / 1024
        print(f"  c={c}: peak RSS {rss:.0f} MiB (target < 40 MiB): {'met' if rss < 40 else 'MISSED'}")
EOF

kill "$stub_pid" 2>/dev/null || true
if [ "${BENCH_SKIP_FOLLOWERS:-0}" != 1 ]; then
  # Each run is "round trip in ms:senders": the stub answers that much later (Telegram from here is tens to
  # hundreds of milliseconds away) and buurtbot keeps that many sends in flight (telegram.senders).
  rows=()
  for run in ${BENCH_FOLLOWERS_RUNS:-0:8 100:1 100:8}; do
    latency="${run%%:*}"; senders="${run##*:}"
    echo
    echo "bench: ${BENCH_FOLLOWERS:-5000} followers notified at Telegram's limits while residents chat" \
      "(Bot API round trip ${latency} ms, ${senders} sender(s))"
    line=$(BUURTBOT_TELEGRAM_SENDERS="$senders" python3 bench/followers.py --binary "$binary" \
      --config config/demo.yaml --repo "$repo" --db "$work/followers-$latency-$senders.db" \
      --log "$work/followers-$latency-$senders.log" --port "$(free_port)" --secret "$secret" \
      --followers "${BENCH_FOLLOWERS:-5000}" --window "${BENCH_FOLLOWERS_WINDOW:-60}" --latency-ms "$latency" \
      | grep '^FOLLOWERS ')
    echo "$line"
    rows+=("latency_ms=$latency senders=$senders ${line#FOLLOWERS }")
  done
  python3 - "${rows[@]}" <<'EOF'
import sys
print()
print("| round trip ms | senders | followers | notified | over s | notifications/s | all sends/s | limit/s | 429s | resident msgs | reply p50 ms | reply p99 ms |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
verdicts = []
for arg in sys.argv[1:]:
    r = dict(kv.split("=", 1) for kv in arg.split())
    p99, rate, total, limit, too_many = (float(r["reply_p99_ms"]), float(r["notify_per_s"]), float(r["total_per_s"]),
                                         float(r["limit_per_s"]), int(r["too_many"]))
    print(f"| {r['latency_ms']} | {r['senders']} | {r['followers']} | {r['notified']} | {float(r['span_s']):.1f} | "
          f"{rate:.1f} | {total:.1f} | {limit:.0f} | {too_many} | {r['resident_msgs']} | {r['reply_p50_ms']} | "
          f"{r['reply_p99_ms']} |")
    verdicts.append(
        f"  {r['latency_ms']} ms, {r['senders']} sender(s): reply p99 {p99 / 1000:.2f} s (target < 2 s): "
        f"{'met' if p99 < 2000 else 'MISSED'}; send rate {total / limit * 100:.1f}% of the limit (target within 5%): "
        f"{'met' if abs(total - limit) <= 0.05 * limit else 'MISSED'}; 429s {too_many} (target 0): "
        f"{'met' if too_many == 0 else 'MISSED'}"
        + (f" (at most {float(r['too_many_early_ms_max']):.3f} ms before the window freed)" if too_many else ""))
print()
print("\n".join(verdicts))
EOF
fi
echo
