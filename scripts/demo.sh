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

# two rounds (docs/rounds.md): one drawn, allocated and published (the public
# pages show it and its files verify), one open for registration
project=$("$anju" stock list --programme public_rental --db "$db" |
    awk '!found && NR > 1 && $1 != "total" && $7 >= 5 && $7 <= 40 { print $1; found = 1 }')
if [ -n "$project" ]; then
    r() { "$anju" round "$@" --db "$db" >/dev/null; }
    r create --code 2026-GZF-DEMO-01 --name "2026年第一批公租房配租（演示）" \
        --programme public_rental --district 110000
    r add-units --round 1 --project "$project"
    r open --round 1
    r register --round 1 --all
    r shortlist --round 1
    r recheck --round 1
    r publish-list --round 1
    r draw --round 1 --lottery-id 2026-GZF-DEMO-01-L1 --randomness '2026138;3,9,14,22,27,31'
    r allocate --round 1
    r accept --offer 1 && r decline --offer 2 && r allocate --round 1
    # the families answer: the rest accept
    for offer in $("$anju" round offers --round 1 --db "$db" |
        awk -F'[:,]' '/"id"/ { id = $2 + 0 } /"state": "offered"/ { print id }'); do
        r accept --offer "$offer"
    done
    r publish --round 1
    r create --code 2026-GZF-DEMO-02 --name "2026年第二批公租房配租（演示）" \
        --programme public_rental --district 110000
    r add-units --round 2
    r open --round 2
    echo "配租批次 / rounds: 2026-GZF-DEMO-01 已公布 / published (项目 / project $project), 2026-GZF-DEMO-02 登记中 / open"
fi

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
