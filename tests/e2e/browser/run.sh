#!/usr/bin/env bash
# Runs the browser end-to-end test: the officers' page in Debian's Chromium (/usr/bin/chromium, never a
# download) against the real buurtbot binary on 127.0.0.1.
# Needs BUURTBOT_BINARY (the built buurtbot) and BUURTBOT_SOURCE_DIR (the repository root); Node 20 and npm.
# Runs the test file named as the first argument, inbox.test.js without one.
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
if [[ ! -x /usr/bin/chromium ]]; then
  echo "run.sh: /usr/bin/chromium is missing; scripts/setup.sh installs it" >&2
  exit 2
fi

# playwright-core refuses older Node versions with an error that does not say which one it found.
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if (( node_major < 20 )); then
  echo "run.sh: the browser test needs Node.js 20 or newer; this machine has $(node --version)" >&2
  exit 2
fi

# playwright-core drives the installed Chromium and never downloads one.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# Installs the pinned packages when node_modules is missing or older than the lock file.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --include=dev --loglevel=error
fi

exec node --test --test-reporter=spec "${1:-inbox.test.js}"
