#!/usr/bin/env bash
# make demo: a fresh demo.db with a synthetic Beijing of 20,000 households,
# then the API server on 127.0.0.1:8080 (Ctrl-C stops it).
set -euo pipefail
anju=${1:-build/release/anju}
db=${ANJU_DEMO_DB:-demo.db}
listen=${ANJU_DEMO_LISTEN:-127.0.0.1:8080}
households=${ANJU_DEMO_HOUSEHOLDS:-20000}
rm -f "$db" "$db-wal" "$db-shm"
"$anju" demo --households "$households" --seed 2026 --db "$db"
echo
echo "演示数据库 / demo database: $db"
echo "试试 / try:  curl -s http://$listen/api/v1/health"
echo "            curl -s 'http://$listen/api/v1/households?district=110105&page_size=3'"
exec "$anju" serve --db "$db" --listen "$listen"
