#!/usr/bin/env bash
# Installs the Debian packages buurtbot needs to build and test. Idempotent: only what is missing is installed.
set -euo pipefail

packages=(
  build-essential cmake pkg-config ccache
  libboost1.81-dev libboost-url1.81-dev libssl-dev
  nlohmann-json3-dev libsqlite3-dev libspdlog-dev libyaml-cpp-dev libcli11-dev
  libgmime-3.0-dev libcurl4-openssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  sqlite3 python3
  python3-aiosmtpd  # the SMTP server the e-mail end-to-end tests send to
  dovecot-imapd openssl  # the IMAP server the e-mail end-to-end tests read from, with a certificate of their own
  dovecot-lmtpd swaks  # test mail reaches that server as from a mail server: over LMTP, spoken by swaks
  chromium
  jing  # the RELAX NG validator the Atom feed test checks every feed with (RFC 4287's schema; Debian 12 has no rnv)
)
# The build joins the NL Design System's CSS with Node (web/nlds/nlds.cmake runs `npm ci`), and the
# end-to-end tests run on it (telegram-test-api, playwright-core). A Node from elsewhere (NodeSource, nvm)
# is kept: Debian's packages are added only when there is none.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
