#!/usr/bin/env bash
# `make test-tsan`: the suites whose code runs on several threads at once (the HTTP server and client,
# the journal and dispatcher, the outbox worker and its stores, the officers' API, Telegram delivery
# end to end) built with ThreadSanitizer in build-tsan/ and run once, with every process's reports
# written to files (the buurtbot processes the end-to-end tests start included), and a failure when any
# report was written. Not part of `make test` or CI: the build takes as long again as the normal one,
# and the run several times as long as those suites' normal run.
#
#   scripts/test-tsan.sh                                   the suites below
#   TSAN_FILTER='HttpServer.*' scripts/test-tsan.sh        others (a GoogleTest filter)
#   TSAN_REPEAT=5 scripts/test-tsan.sh                     each test five times
#
# Known false positives in code we do not own are listed, each with its reason, in scripts/tsan.supp.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${TSAN_BUILD_DIR:-build-tsan}
REPORTS="$PWD/$BUILD/sanitizer-reports"
JOBS=${JOBS:-$(nproc)}
REPEAT=${TSAN_REPEAT:-1}
# Http*: server, client, TLS, router, connections, metrics. Dispatcher*, StoragePipeline*: the journal
# and its dispatch. Worker*, UnlimitedWorker*, SqliteStore*, RateLimiter*, BotApiOutage*: the outbox.
# Api*: the officers' API on the server's threads. Telegram{Delivery,Backpressure}*: buurtbot serve
# as a child process (built with the same flags) against a fake Bot API. WebChatRoutes*: the web chat's
# posts, streams and sends between the server's threads and a journal thread.
FILTER=${TSAN_FILTER:-'Http*:Dispatcher*:StoragePipeline*:Worker*:UnlimitedWorker*:SqliteStore*:RateLimiter*:BotApiOutage*:Api*:TelegramDelivery*:TelegramBackpressure*:WebChatRoutes*'}

# -O1 -g: fast enough to run, and every report names its lines. GCC warns that TSan does not model
# std::atomic_thread_fence; what that leaves unseen shows up as reports, judged in scripts/tsan.supp.
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=None \
  -DCMAKE_CXX_FLAGS="-O1 -g -fsanitize=thread -fno-omit-frame-pointer -Wno-tsan" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" >/dev/null
cmake --build "$BUILD" -j "$JOBS" --target buurtbot_tests

rm -rf "$REPORTS" && mkdir -p "$REPORTS"
# halt_on_error=0: one run shows every race, not just the first; the reports decide the exit status.
export TSAN_OPTIONS="log_path=$REPORTS/tsan halt_on_error=0 second_deadlock_stack=1 history_size=4 suppressions=$PWD/scripts/tsan.supp"

status=0
start=$(date +%s)
"$BUILD/buurtbot_tests" --gtest_filter="$FILTER" --gtest_repeat="$REPEAT" --gtest_brief=1 || status=$?
echo "tsan: the suites ran in $(($(date +%s) - start)) s"

if compgen -G "$REPORTS/*" >/dev/null; then
  echo "ThreadSanitizer reports (in $REPORTS):"
  for report in "$REPORTS"/*; do echo "== $report"; head -60 "$report"; done
  exit 1
fi
exit "$status"
