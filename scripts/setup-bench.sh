#!/usr/bin/env bash
# Installs what `make bench` and `make crash` need on top of scripts/setup.sh: wrk and python3 from
# Debian, Node.js and npm when missing, and grammY into bench/grammy/node_modules from its lock file.
# Idempotent: only what is missing is installed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/setup.sh"

packages=(wrk python3 sqlite3 curl procps)
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# wrk and python3 may come from elsewhere (a pyenv python, a wrk built by hand): the command is enough.
filtered=()
for p in "${missing[@]}"; do
  case "$p" in
    wrk | python3 | sqlite3) command -v "$p" >/dev/null 2>&1 || filtered+=("$p") ;;
    *) filtered+=("$p") ;;
  esac
done
missing=("${filtered[@]}")
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup-bench: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# grammY, pinned by bench/grammy/package-lock.json; `npm ci` only when node_modules is missing or stale.
cd "$root/bench/grammy"
if [ ! -d node_modules/grammy ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup-bench: installing grammY into bench/grammy/node_modules"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
