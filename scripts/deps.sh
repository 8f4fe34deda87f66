#!/usr/bin/env bash
# Installs the Debian packages anju needs to build, test, run the demo and
# the benchmarks. Idempotent and quiet when everything is there.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libsqlite3-dev sqlite3
  libmicrohttpd-dev libjansson-dev libssl-dev
  libsodium-dev              # argon2id passwords, tokens, the BLAKE2b audit chain
  libcmocka-dev
  clang libclang-rt-14-dev   # libFuzzer harnesses
  time                       # /usr/bin/time for the benchmarks
  curl ca-certificates jq     # jq: the demo's curl examples
  chromium                   # the browser tests (tests/e2e, driven by playwright-core)
  fonts-wqy-microhei         # CJK glyphs for the browser tests' screenshots
)
# node runs the API tests; any node >= 18 will do, Debian's if none is there
command -v node >/dev/null 2>&1 || packages+=(nodejs)
# npm builds the web app (make web); Debian's nodejs comes without it
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "scripts/deps.sh: installing ${missing[*]}" >&2
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || { echo "need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
