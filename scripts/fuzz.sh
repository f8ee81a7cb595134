#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer targets of fuzz/ with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer in build-fuzz/, runs each for FUZZ_SECONDS (60) on a corpus seeded from
# tests/fixtures/, prints its executions and coverage, and fails when any target found a crash, a leak,
# an undefined-behaviour report or a timeout. The inputs that did are kept in build-fuzz/findings/<target>/.
#
#   scripts/fuzz.sh                         every target, 60 s each
#   FUZZ_SECONDS=600 scripts/fuzz.sh        longer
#   scripts/fuzz.sh http_request flow_yaml  only these (make fuzz FUZZ_TARGETS="http_request")
#   build-fuzz/fuzz/fuzz_http_request build-fuzz/findings/http_request/crash-…   replays one finding
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
BUILD=${FUZZ_BUILD_DIR:-build-fuzz}
SECONDS_EACH=${FUZZ_SECONDS:-60}
JOBS=${JOBS:-$(nproc)}
ALL_TARGETS=(telegram_update matrix_transaction matrix_sync email_mime http_request api_request flow_validators config_yaml
  flow_yaml web_chat_post)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || read -r -a targets <<<"${FUZZ_TARGETS:-${ALL_TARGETS[*]}}"

# clang and its sanitizer runtimes (libFuzzer among them), on top of what scripts/setup.sh installs.
bash scripts/setup.sh
missing=()
for p in clang libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "fuzz: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# -O1 with line tables: fast enough to fuzz, quick to compile, and every report names its lines.
# Without -fsanitize=function: clang 14 cannot emit its prologue data for coroutines (bot/http/server.cpp
# fails with "Cannot represent a difference across sections").
sanitizers="-fsanitize=address,undefined -fno-sanitize=function -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
CC=clang CXX=clang++ cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=None -DBUURTBOT_TESTS=OFF -DBUURTBOT_FUZZ=ON \
  -DCMAKE_CXX_FLAGS="-O1 -gline-tables-only -fsanitize=fuzzer-no-link $sanitizers" \
  -DCMAKE_EXE_LINKER_FLAGS="$sanitizers" >/dev/null
cmake --build "$BUILD" -j "$JOBS" --target "${targets[@]/#/fuzz_}"

# The seeds: the fixtures each parser reads in the tests, and the repo's own config and flow files,
# copied into the corpus at each run (so it also keeps what earlier runs found).
copy_seeds() {
  local corpus=$1
  shift
  for seed in "$@"; do cp "$seed" "$corpus/seed-$(basename "$(dirname "$seed")")-$(basename "$seed")"; done
}

# The HTTP target's seeds: the fixtures as the requests that bring them, with Content-Length, chunked,
# and two pipelined on one connection.
http_seeds() {
  local corpus=$1 n=0
  for body_file in tests/fixtures/telegram/update_*.json tests/fixtures/matrix/transaction.json; do
    local body path auth
    body=$(cat "$body_file")
    n=$((n + 1))
    case "$body_file" in
      *telegram*) path=/webhook/telegram auth="X-Telegram-Bot-Api-Secret-Token: telegram-secret" method=POST ;;
      *) path="/_matrix/app/v1/transactions/$n" auth="Authorization: Bearer hs-token" method=PUT ;;
    esac
    printf '%s %s HTTP/1.1\r\nHost: x\r\n%s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s' \
      "$method" "$path" "$auth" "${#body}" "$body" >"$corpus/seed-length-$n"
    printf '%s %s HTTP/1.1\r\nHost: x\r\n%s\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n0\r\n\r\n' \
      "$method" "$path" "$auth" "${#body}" "$body" >"$corpus/seed-chunked-$n"
  done
  printf 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /inbox/?a=%%20b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' \
    >"$corpus/seed-pipelined"
  # A header of 20 KB whose every 1024-byte segment (the target's reads) ends one byte into the next
  # field: Beast's own header limit never sees more than one segment of it; the server's count must.
  local head=$'GET /healthz HTTP/1.1\r\n' k=1 name pad
  while [ ${#head} -lt 20480 ]; do
    name="X-F$k"
    pad=$((1024 * k - 1 - ${#head} - ${#name} - 4))
    head+="$name: $(printf '%*s' "$pad" '' | tr ' ' v)"$'\r\n'
    k=$((k + 1))
  done
  printf '%s\r\n' "$head" >"$corpus/seed-segmented-header"
}

# The /sync seeds: the specification's example answer, and each event fixture as the one event of a
# joined room's timeline and of an invite's stripped state, as sync brings them (without room_id).
sync_seeds() {
  local corpus=$1
  cp tests/fixtures/matrix/sync.json "$corpus/seed-sync.json"
  for event_file in tests/fixtures/matrix/event_*.json; do
    local event name
    event=$(cat "$event_file")
    name=$(basename "$event_file" .json)
    printf '{"next_batch":"s2","rooms":{"join":{"!room:example.org":{"timeline":{"events":[%s]}}}}}' \
      "$event" >"$corpus/seed-join-$name"
    printf '{"next_batch":"s2","rooms":{"invite":{"!room:example.org":{"invite_state":{"events":[%s]}}}}}' \
      "$event" >"$corpus/seed-invite-$name"
  done
}

# The API's seeds: a byte that picks the endpoint's rules, the query string's line, then a JSON body.
api_seeds() {
  local corpus=$1
  printf '\000status=open&limit=20\n{"login":"anna","password":"geheim"}' >"$corpus/seed-login"
  printf '\001mine=true&offset=3\n{"text":"Dank je wel!","canned_id":2}' >"$corpus/seed-reply"
  printf '\002q=%%C3%%A9+x\n{"status":"closed","assignee":null}' >"$corpus/seed-status"
  printf '\005channel=telegram\n{"title":"Groet","text":"Hallo\\nwereld"}' >"$corpus/seed-canned"
}

# The validators' seeds: answers as residents type them; the step's settings come from the last bytes.
validator_seeds() {
  local corpus=$1 n=0
  for answer in "1.250,50" "€ 1.250,50" "1250.50" "-5" "4811 AB" "4811ab" "BI-2026-0001" "bi 2026 1" \
    "anna@example.nl" "a@b" "ABC-12" "overslaan" "42"; do
    n=$((n + 1))
    printf '%s\000\000\000\000\000\000\000\000\001' "$answer" >"$corpus/seed-$n"
    printf "\\$(printf '%03o' $((n % 6)))" >>"$corpus/seed-$n"
  done
}

seed() {
  local target=$1 corpus=$2
  case "$target" in
    telegram_update) copy_seeds "$corpus" tests/fixtures/telegram/update_*.json ;;
    matrix_transaction) copy_seeds "$corpus" tests/fixtures/matrix/*.json ;;
    matrix_sync) sync_seeds "$corpus" ;;
    email_mime) copy_seeds "$corpus" tests/fixtures/email/*.eml ;;
    http_request) http_seeds "$corpus" ;;
    api_request) api_seeds "$corpus" ;;
    flow_validators) validator_seeds "$corpus" ;;
    config_yaml) copy_seeds "$corpus" tests/fixtures/config/*.yaml config/*.yaml adapters/*/example.yaml ;;
    flow_yaml) copy_seeds "$corpus" tests/fixtures/flows/*.yaml tests/fixtures/flows/*/*.yaml flows/*.yaml ;;
    web_chat_post) copy_seeds "$corpus" tests/fixtures/web/*.json ;;
  esac
}

export ASAN_OPTIONS="detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
status=0
summary=()
for target in "${targets[@]}"; do
  corpus="$BUILD/corpus/$target"
  findings="$BUILD/findings/$target"
  log="$BUILD/logs/$target.log"
  mkdir -p "$corpus" "$findings" "$(dirname "$log")"
  seed "$target" "$corpus"
  echo "fuzz: $target for ${SECONDS_EACH} s"
  target_status=0
  "$BUILD/fuzz/fuzz_$target" "$corpus" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$findings/" >"$log" 2>&1 || target_status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  coverage=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -1)
  if [ "$target_status" -ne 0 ]; then
    status=1
    summary+=("$target: FAILED after ${runs:-?} executions ($coverage); see $log and $findings/")
    grep -m1 -A30 -E '^==[0-9]+==ERROR|runtime error|deadly signal|Timeout' "$log" || tail -30 "$log"
  else
    summary+=("$target: ${runs:-?} executions, ${coverage:-no coverage line}, nothing found")
  fi
done

echo
echo "fuzz: results (${SECONDS_EACH} s each; logs in $BUILD/logs/)"
printf '  %s\n' "${summary[@]}"
exit "$status"
