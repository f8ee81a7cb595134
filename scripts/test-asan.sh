#!/usr/bin/env bash
# `make test-asan`: the test suite built with AddressSanitizer and UndefinedBehaviorSanitizer, run
# once whole and the timing-sensitive suites repeated, with every process's reports written to files
# (the buurtbot processes the end-to-end tests start included), and a failure when any report was written.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${ASAN_BUILD_DIR:-build-asan}
REPEAT=${ASAN_REPEAT:-5}
REPORTS="$PWD/$BUILD/sanitizer-reports"
JOBS=${JOBS:-$(nproc)}

cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
cmake --build "$BUILD" -j "$JOBS"

rm -rf "$REPORTS" && mkdir -p "$REPORTS"
export ASAN_OPTIONS="log_path=$REPORTS/asan:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="log_path=$REPORTS/ubsan:print_stacktrace=1"
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp"

status=0
(cd "$BUILD" && ctest --output-on-failure -j "$JOBS") || status=$?
# The reply path and the pipeline race their own shutdown; repeats find what one run misses.
"$BUILD/buurtbot_tests" --gtest_repeat="$REPEAT" --gtest_brief=1 \
  --gtest_filter='Api*:Http*:Pipeline*:SqliteStore*:Worker*:Dispatcher*' >/dev/null || status=$?

if compgen -G "$REPORTS/*" >/dev/null; then
  echo "Sanitizer reports (in $REPORTS):"
  for report in "$REPORTS"/*; do echo "== $report"; head -40 "$report"; done
  exit 1
fi
exit "$status"
