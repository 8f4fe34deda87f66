#!/usr/bin/env bash
# make demo: a fresh demo.db with a synthetic Beijing of 20,000 households
# and a housing stock of 350 projects (about 20,000 units), the eight
# shared-data feeds for the households (with planted discrepancies), the
# policy presets, a verification run and an eligibility run per programme,
# then the API server with the web console on 127.0.0.1:8080 (Ctrl-C stops it).
set -euo pipefail
first_line() { local out; out=$("$@"); echo "${out%%$'\n'*}"; }
anju=${1:-build/release/anju}
db=${ANJU_DEMO_DB:-demo.db}
listen=${ANJU_DEMO_LISTEN:-127.0.0.1:8080}
households=${ANJU_DEMO_HOUSEHOLDS:-20000}
seed=2026
as_of=$(date -u +%Y-%m-%d)
rm -f "$db" "$db-wal" "$db-shm"
"$anju" demo --households "$households" --seed "$seed" --db "$db"
first_line "$anju" demo stock --seed "$seed" --db "$db"

feeds=$(mktemp -d "${TMPDIR:-/tmp}/anju-demo-feeds.XXXXXX")
trap 'rm -rf "$feeds"' EXIT
"$anju" demo feeds --households "$households" --seed "$seed" --out "$feeds" >/dev/null
for source in civil_affairs property vehicles social_insurance provident_fund deposits securities \
    insurance; do
    first_line "$anju" feeds import "$source" "$feeds/$source.csv" --db "$db"
done
"$anju" policy import --presets --db "$db"
"$anju" verify run --db "$db" | tail -n 2
for programme in public_rental public_rental_subsidy market_rent_subsidy affordable_rental \
    shared_ownership; do
    first_line "$anju" eligibility run --programme "$programme" --as-of "$as_of" --db "$db"
done

# demo accounts, all with the same password (docs/security.md)
password=${ANJU_DEMO_PASSWORD:-anju-demo-2026}
while read -r user role scope; do
    echo "$password" | "$anju" user add "$user" --role "$role" ${scope:+--scope "$scope"} \
        --password-stdin --db "$db" >/dev/null
done <<'ACCOUNTS'
demo-admin admin
demo-city city_officer 110000
demo-chaoyang district_officer 110105
demo-jianwai street_officer 110105001
demo-auditor auditor
ACCOUNTS
# applications at every stage of the review, by the demo accounts where in scope
"$anju" demo applications --count "${ANJU_DEMO_APPLICATIONS:-400}" --db "$db"

echo
echo "演示数据库 / demo database: $db"
echo "账号 / accounts: demo-admin, demo-city (110000), demo-chaoyang (110105), demo-jianwai (110105001),"
echo "                 demo-auditor — 密码 / password: $password"
echo "管理控制台 / staff console: http://$listen/  (make web 构建 / built by make web)"
echo "试试 / try:  curl -s http://$listen/api/v1/health"
echo "            CSRF=\$(curl -s -c jar -H 'content-type: application/json' \\"
echo "                 -d '{\"username\":\"demo-city\",\"password\":\"$password\"}' \\"
echo "                 http://$listen/api/v1/session | jq -r .csrf_token)"
echo "            curl -s -b jar 'http://$listen/api/v1/households?page_size=3'"
echo "            curl -s -b jar -H \"X-CSRF-Token: \$CSRF\" -H 'content-type: application/json' \\"
echo "                 -d '{\"programme\":\"market_rent_subsidy\"}' http://$listen/api/v1/households/1/eligibility"
echo "            curl -s -b jar http://$listen/api/v1/households/1/verification"
echo "            curl -s -b jar 'http://$listen/api/v1/eligibility/summary?programme=public_rental'"
exec "$anju" serve --db "$db" --listen "$listen" --web "$(dirname "$0")/../web/dist"
