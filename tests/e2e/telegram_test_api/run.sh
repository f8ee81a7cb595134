#!/usr/bin/env bash
# Runs the telegram-test-api end-to-end test: buurtbot (polling) against a Telegram look-alike on 127.0.0.1.
# Needs BUURTBOT_BINARY (the built buurtbot) and BUURTBOT_SOURCE_DIR (the repository root); Node 20 and npm.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

: "${BUURTBOT_SOURCE_DIR:=$(cd "$here/../../.." && pwd)}"
export BUURTBOT_SOURCE_DIR
if [[ -z "${BUURTBOT_BINARY:-}" ]]; then
  echo "run.sh: set BUURTBOT_BINARY to the built buurtbot binary" >&2
  exit 2
fi
export BUURTBOT_BINARY

# Installs the pinned packages when node_modules is missing or older than the lock file.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --include=dev --loglevel=error
fi

# The spec reporter prints node's closing summary lines (ℹ tests 1, ℹ pass 1, ℹ fail 0 ...).
exec node --test --test-reporter=spec initiative.test.js
