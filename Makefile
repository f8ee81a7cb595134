# The two commands of the README: `make run` and `make test`. Both install what is missing first.
BUILD_DIR ?= build
CONFIG ?= config/demo.yaml
JOBS ?= $(shell nproc)

.PHONY: setup configure build run test bench clean

setup:
	@bash scripts/setup.sh

configure: setup
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	@echo
	@echo "buurtbot is starting with $(CONFIG)."
	@echo "Chat with it in another terminal:  $(BUILD_DIR)/buurtbot chat --config $(CONFIG) --as <name>"
	@echo
	@$(BUILD_DIR)/buurtbot serve --config $(CONFIG)

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

clean:
	@rm -rf $(BUILD_DIR)
