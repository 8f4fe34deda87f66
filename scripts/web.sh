#!/usr/bin/env bash
# make web: builds the web app into web/dist (served by `anju serve`).
# `npm ci` runs only when web/node_modules is missing or package-lock.json
# changed since the last install; the Vite build only when a source is newer
# than the last build. Every text file of the build gets a .gz copy.
set -euo pipefail
cd "$(dirname "$0")/../web"

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 # playwright-core drives Debian's chromium
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

# Vite 7 needs Node.js ^20.19 or >= 22.12 (Debian bookworm's own nodejs is 18)
node -e 'const [a, b] = process.versions.node.split(".").map(Number);
  process.exit((a === 20 && b >= 19) || (a === 22 && b >= 12) || a > 22 ? 0 : 1)' || {
    echo "scripts/web.sh: Node.js $(node --version) is too old: Vite 7 needs ^20.19 or >= 22.12" >&2
    exit 1
}

lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=node_modules/.anju-lock-sha256
if [[ ! -d node_modules || ! -f $stamp || $(cat "$stamp") != "$lock_sum" ]]; then
    echo "scripts/web.sh: npm ci" >&2
    npm ci --no-audit --no-fund --loglevel=error
    echo "$lock_sum" >"$stamp"
fi

if [[ -f dist/index.html ]] &&
    [[ -z $(find src public index.html vite.config.js package-lock.json scripts ../migrations/0002_regions_beijing.sql ../docs/lottery.md \
        -newer dist/index.html -print -quit) ]]; then
    exit 0 # up to date
fi
npx --no-install vite build --logLevel warn
node scripts/compress.mjs dist
