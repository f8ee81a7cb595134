# The two commands of the README: `make run` and `make test`. Both install what is missing first.
BUILD_DIR ?= build
CONFIG ?= config/demo.yaml
JOBS ?= $(shell nproc)

.PHONY: setup configure build build-service run test test-asan test-tsan fuzz bench bench-scale crash clean

setup:
	@bash scripts/setup.sh

configure: setup
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# `make run` builds the program alone: the test suite is as large again, and a first start need not wait for it.
build-service: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target buurtbot

run: build-service
	@echo
	@echo "buurtbot is starting with $(CONFIG)."
	@echo "Chat with it in another terminal:  $(BUILD_DIR)/buurtbot chat --config $(CONFIG) --as <name>"
	@echo "Or in the browser, with the demo config:  http://127.0.0.1:8080/chat/"
	@echo
	@$(BUILD_DIR)/buurtbot serve --config $(CONFIG)

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# The tests under AddressSanitizer and UndefinedBehaviorSanitizer (build-asan/; scripts/test-asan.sh):
# not part of `make test`, since the sanitized build takes as long again as the normal one.
test-asan: setup
	@bash scripts/test-asan.sh

# The threaded suites (server, pipeline, outbox, API, Telegram delivery) under ThreadSanitizer
# (build-tsan/; scripts/test-tsan.sh, suppressions in scripts/tsan.supp). Not part of `make test` or CI.
test-tsan: setup
	@bash scripts/test-tsan.sh

# The libFuzzer targets of fuzz/, each for FUZZ_SECONDS (60) in build-fuzz/ with clang and the sanitizers
# (scripts/fuzz.sh, which installs clang); FUZZ_TARGETS="http_request" runs only those. Not part of `make test`.
fuzz:
	@bash scripts/fuzz.sh

# The benchmark and the crash-safety check (bench/README.md): they install what they need
# (scripts/setup-bench.sh), build a Release buurtbot in build-bench/ and print their figures.
bench:
	@bash bench/run.sh

crash:
	@bash bench/crash.sh

# A big city's year (bench/README.md): databases of a tenth and a full year of a city of a million people,
# every officer-facing read timed on each, and how each read grows. BENCH_SCALES="0.1 1" to choose.
bench-scale:
	@bash bench/scale.sh

clean:
	@rm -rf $(BUILD_DIR)
