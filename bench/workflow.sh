#!/usr/bin/env bash
# bench/workflow.sh — sign-in throughput and submit+approve through the API.
#
# Builds a demo city (BENCH_HOUSEHOLDS households, feeds, presets), decides
# market rental subsidy for everyone, picks BENCH_APPLICATIONS eligible
# households in the streets with the most of them, creates one street
# officer per street, one district officer per district and a city officer
# (with the DEFAULT argon2id cost, so the login figure is the real one),
# starts `anju serve` on a free loopback port and runs bench/workflow.mjs:
#   1. logins/s with BENCH_CLIENTS concurrent clients (sign in, sign out);
#   2. BENCH_CLIENTS clients each taking households and driving one
#      application through create, submit, accept and three approvals (6
#      requests; every transition re-checks eligibility and writes the
#      history and the audit log) → applications/s and p99 latency.
# Results go to bench/results/workflow.json.
#
# usage: bench/workflow.sh [ANJU_BINARY]
# env:   BENCH_HOUSEHOLDS (20000) BENCH_APPLICATIONS (3000) BENCH_CLIENTS (32)
#        BENCH_LOGIN_SECONDS (10) BENCH_THREADS (server threads, default anju's)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
anju=${1:-$root/build/release/anju}
households=${BENCH_HOUSEHOLDS:-20000}
applications=${BENCH_APPLICATIONS:-3000}
clients=${BENCH_CLIENTS:-32}
programme=market_rent_subsidy
password='bench-Password-2026'

die() { echo "bench/workflow.sh: $*" >&2; exit 2; }
[[ -x $anju ]] || die "no anju binary at $anju"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/anju-bench-wf.XXXXXX")
server_pid=
cleanup() {
    [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
db=$tmp/city.db
today=$(date -u +%Y-%m-%d)

echo "setting up: $households households, feeds, presets, eligibility ($programme) ..."
"$anju" demo --households "$households" --seed 3 --db "$db" >/dev/null
"$anju" demo feeds --households "$households" --seed 3 --out "$tmp/feeds" >/dev/null
for src in civil_affairs property vehicles social_insurance provident_fund deposits securities \
    insurance; do
    "$anju" feeds import "$src" "$tmp/feeds/$src.csv" --db "$db" >/dev/null
done
"$anju" policy import --presets --db "$db" >/dev/null
"$anju" eligibility run --programme "$programme" --as-of "$today" --db "$db" >/dev/null

# the eligible households of the streets with the most of them
sqlite3 -json "$db" "
  WITH e AS (SELECT h.id, h.region_code, h.district_code FROM eligibility_decision d
             JOIN household h ON h.id = d.household_id
             WHERE d.run_id = (SELECT max(id) FROM eligibility_run) AND d.eligible = 1),
       s AS (SELECT region_code FROM e GROUP BY region_code ORDER BY count(*) DESC LIMIT 40)
  SELECT id, region_code, district_code FROM e WHERE region_code IN (SELECT region_code FROM s)
  ORDER BY id LIMIT $applications" >"$tmp/households.json"
picked=$(node -e "console.log(JSON.parse(require('fs').readFileSync('$tmp/households.json')).length)")
(( picked > 0 )) || die "no eligible households"

echo "accounts (default argon2id cost) ..."
node -e "
  const h = JSON.parse(require('fs').readFileSync('$tmp/households.json'));
  const streets = [...new Set(h.map(x => x.region_code))], districts = [...new Set(h.map(x => x.district_code))];
  const a = {password: '$password', city: 'city', streets: {}, districts: {}, login: []};
  streets.forEach((s) => a.streets[s] = 'st' + s);
  districts.forEach((d) => a.districts[d] = 'di' + d);
  a.login = [...Object.values(a.streets)].slice(0, 8);
  require('fs').writeFileSync('$tmp/accounts.json', JSON.stringify(a));
  for (const s of streets) console.log('street_officer', s, 'st' + s);
  for (const d of districts) console.log('district_officer', d, 'di' + d);
  console.log('city_officer', '110000', 'city');
" | while read -r role scope user; do
    printf '%s\n' "$password" | "$anju" user add "$user" --role "$role" --scope "$scope" \
        --password-stdin --db "$db" >/dev/null
done

port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
threads_opt=()
[[ -n ${BENCH_THREADS:-} ]] && threads_opt=(--threads "$BENCH_THREADS")
"$anju" serve --db "$db" --listen "127.0.0.1:$port" "${threads_opt[@]}" >"$tmp/serve.out" \
    2>"$tmp/serve.log" &
server_pid=$!
for _ in $(seq 100); do grep -q 'listening on' "$tmp/serve.out" 2>/dev/null && break; sleep 0.1; done
grep -q 'listening on' "$tmp/serve.out" || { cat "$tmp/serve.log" >&2; die "server did not start"; }

mkdir -p "$here/results"
[[ -f $here/results/.gitignore ]] || printf '*\n' >"$here/results/.gitignore"
echo "running: $clients clients, $picked applications ..."
BENCH_CLIENTS=$clients node "$here/workflow.mjs" "http://127.0.0.1:$port" "$tmp/accounts.json" \
    "$tmp/households.json" "$tmp/result.json" >/dev/null
node -e "
  const r = JSON.parse(require('fs').readFileSync('$tmp/result.json'));
  r.benchmark = 'workflow'; r.when_utc = new Date().toISOString(); r.cpus = require('os').cpus().length;
  r.households = $households;
  r.argon2id = {opslimit: Number(process.env.ANJU_PWHASH_OPSLIMIT || 2), memlimit_bytes: Number(process.env.ANJU_PWHASH_MEMLIMIT || 67108864)};
  r.audit_entries = Number(require('child_process').execFileSync('sqlite3', ['$db', 'SELECT count(*) FROM audit_log']).toString());
  require('fs').writeFileSync('$here/results/workflow.json', JSON.stringify(r, null, 2) + '\n');
  const w = r.workflow, l = r.logins;
  console.log('');
  console.log('sign-in (argon2id opslimit ' + r.argon2id.opslimit + ', memlimit ' + r.argon2id.memlimit_bytes / 1048576 + ' MiB), ' + r.clients + ' clients:');
  console.log('  ' + l.per_second + ' logins/s   p50 ' + l.latency.p50_ms + ' ms   p99 ' + l.latency.p99_ms + ' ms');
  console.log('submit + approve to 备案 (' + w.applications + ' applications, 6 requests each), ' + r.clients + ' clients:');
  console.log('  ' + w.applications_per_second + ' applications/s   ' + w.requests_per_second + ' requests/s');
  console.log('  per request p50 ' + w.request_latency.p50_ms + ' ms   p99 ' + w.request_latency.p99_ms + ' ms   max ' + w.request_latency.max_ms + ' ms');
  console.log('  per application p50 ' + w.application_latency.p50_ms + ' ms   p99 ' + w.application_latency.p99_ms + ' ms');
"
