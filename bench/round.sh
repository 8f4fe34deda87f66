#!/usr/bin/env bash
# bench/round.sh — a whole round (配租批次) at city scale, step by step.
#
# Builds a SQLite database (not timed): a synthetic Beijing of
# BENCH_FAMILIES households (`anju demo`), the policy presets, housing stock
# (`anju demo stock`) of which exactly BENCH_UNITS public-rental units are
# vacant (the rest of the programme's units are marked let), and one filed
# public-rental application per household with its waiting-list row, put in
# with SQL (the demo generator files none; filing dates spread over 2024-2025,
# priority categories as declared). Then runs every step of a city-wide round
# (scope 110000) with the command line, each under /usr/bin/time (wall
# seconds, CPU seconds = user + system, peak RSS):
#   create, add-units, open, register --all, shortlist, recheck,
#   publish-list (when the binary has it), draw, allocate, accept ×5,
#   decline ×5, allocate (again), publish, results
# and checks the outcome: no family is offered a unit it declined, every
# family left without a unit has a reason. Accept and decline are one offer
# each; their figures are the slowest of the five.
# Results go to bench/results/round.json (and the table on stdout).
#
# usage: bench/round.sh [ANJU_BINARY]        (default build/release/anju)
# env:   BENCH_FAMILIES=N   default 100000
#        BENCH_UNITS=N      default 20000
#        BENCH_SEED=S       default 1
#        BENCH_SETUP_ONLY=F build the database, copy it to F and stop (for profiling)
#        TMPDIR             where the scratch database goes (~1 GB at 100k)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
anju=${1:-$root/build/release/anju}
families=${BENCH_FAMILIES:-100000}
units=${BENCH_UNITS:-20000}
seed=${BENCH_SEED:-1}
randomness='9319;2,5,12,8,10;9,18,26,34,41,45'
export ANJU_TODAY=2026-11-16 # after the demo data's income end month (2026-10)

die() { echo "bench/round.sh: $*" >&2; exit 2; }
[[ -x $anju ]] || die "no anju binary at $anju"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (scripts/deps.sh installs it)"
command -v sqlite3 >/dev/null || die "sqlite3 is missing (scripts/deps.sh installs it)"
[[ $families =~ ^[0-9]+$ ]] && (( families >= 10 )) || die "BENCH_FAMILIES must be >= 10"
[[ $units =~ ^[0-9]+$ ]] && (( units >= 10 )) || die "BENCH_UNITS must be >= 10"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/anju-bench-round.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
db=$tmp/round.db
export ANJU_DB=$db

# ---------------------------------------------------------------- set-up
echo "set-up: $families households, stock with $units vacant public-rental units ..."
setup_start=$(date +%s.%N)
"$anju" demo --households "$families" --seed "$seed" --db "$db" >/dev/null
"$anju" policy import --presets --db "$db" >/dev/null
# about 28 public-rental units a project; 10% to spare
projects=$(( units * 11 / 10 / 28 + 1 ))
"$anju" demo stock --projects "$projects" --seed "$seed" --db "$db" >/dev/null
sqlite3 "$db" <<SQL
.bail on
BEGIN;
-- exactly $units vacant public-rental units (the first by id); the rest let
UPDATE unit SET status = CASE WHEN id IN (
    SELECT u.id FROM unit u JOIN building b ON b.id = u.building_id
    JOIN project p ON p.id = b.project_id WHERE p.programme = 'public_rental'
    ORDER BY u.id LIMIT $units) THEN 'vacant' ELSE 'let' END
WHERE building_id IN (SELECT b.id FROM building b JOIN project p ON p.id = b.project_id
                      WHERE p.programme = 'public_rental');
-- one filed public-rental application per household
INSERT INTO application (application_no, household_id, programme, region_code, district_code,
                         state, filed_date, created_at, updated_at)
SELECT printf('SQ2025-%07d', h.id), h.id, 'public_rental', h.region_code, h.district_code,
       'filed', date('2024-01-01', '+' || (h.id * 7919 % 730) || ' days'),
       '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'
FROM household h ORDER BY h.id;
INSERT INTO queue_entry (application_id, programme, application_no, household_id, region_code,
                         district_code, filed_date, categories, oldest_birth_date,
                         severe_disability, serious_illness, verified_on)
SELECT a.id, a.programme, a.application_no, a.household_id, a.region_code, a.district_code,
       a.filed_date,
       coalesce((SELECT group_concat(category, ';') FROM (SELECT category
                 FROM household_priority p WHERE p.household_id = a.household_id
                 ORDER BY category)), ''),
       coalesce((SELECT min(m.birth_date) FROM member m WHERE m.household_id = a.household_id), ''),
       coalesce((SELECT max(m.disability_grade IN (1, 2)) FROM member m
                 WHERE m.household_id = a.household_id), 0),
       coalesce((SELECT max(m.serious_illness) FROM member m
                 WHERE m.household_id = a.household_id), 0),
       a.filed_date
FROM application a WHERE a.state = 'filed';
-- about 2% of the families need an accessible home
UPDATE household SET needs_accessible = 1 WHERE id % 50 = 7;
COMMIT;
SQL
setup_s=$(awk -v a="$setup_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
vacant=$(sqlite3 "$db" "SELECT count(*) FROM unit u JOIN building b ON b.id = u.building_id
    JOIN project p ON p.id = b.project_id WHERE p.programme = 'public_rental' AND u.status = 'vacant'")
(( vacant == units )) || die "the stock has $vacant vacant public-rental units, not $units (more projects?)"
echo "set-up done in $setup_s s"
if [[ -n ${BENCH_SETUP_ONLY:-} ]]; then
    sqlite3 "$db" "VACUUM INTO '$BENCH_SETUP_ONLY'"
    echo "written: $BENCH_SETUP_ONLY"
    exit 0
fi

# ---------------------------------------------------------------- the round
steps=()
timed() { # name, command...: runs it, appends "name wall kb cpu" to $tmp/steps
    local name=$1; shift
    if ! /usr/bin/time -f '%e %M %U %S' -o "$tmp/time" "$@" >"$tmp/$name.out" 2>&1; then
        tail -n 20 "$tmp/$name.out" >&2
        die "$name failed"
    fi
    read -r wall kb user sys <"$tmp/time"
    echo "$name $wall $kb $(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')" >>"$tmp/steps"
    steps+=("$name")
    printf '  %-14s %8s s %8.1f MB\n' "$name" "$wall" "$(awk -v k="$kb" 'BEGIN { print k / 1024 }')"
}
slowest() { # name: keeps the slowest line of name-1.. name-5 as name
    sort -k2 -g <(grep "^$1-" "$tmp/steps") | tail -n 1 | sed "s/^$1-[0-9]*/$1/" >>"$tmp/steps"
    sed -i "/^$1-[0-9]/d" "$tmp/steps"
}

: >"$tmp/steps"
echo "round (scope 110000, $families families, $units units):"
timed create "$anju" round create --code BENCH-01 --name "基准测试批次 bench round" \
    --programme public_rental --district 110000
round=$(sqlite3 "$db" "SELECT id FROM round WHERE code = 'BENCH-01'")
timed add-units "$anju" round add-units --round "$round"
timed open "$anju" round open --round "$round"
timed register-all "$anju" round register --round "$round" --all
timed shortlist "$anju" round shortlist --round "$round"
timed recheck "$anju" round recheck --round "$round"
if "$anju" round --help 2>&1 | grep -q publish-list; then
    timed publish-list "$anju" round publish-list --round "$round"
fi
timed draw "$anju" round draw --round "$round" --lottery-id BENCH-01-L1 \
    --randomness "$randomness" --out "$tmp/draw"
timed allocate "$anju" round allocate --round "$round"
offers=($(sqlite3 "$db" "SELECT id FROM round_offer WHERE round_id = $round AND state = 'offered'
    ORDER BY id LIMIT 10"))
(( ${#offers[@]} == 10 )) || die "fewer than 10 offers were made"
for i in 0 1 2 3 4; do timed "accept-$((i + 1))" "$anju" round accept --offer "${offers[$i]}"; done
slowest accept
for i in 5 6 7 8 9; do timed "decline-$((i - 4))" "$anju" round decline --offer "${offers[$i]}"; done
slowest decline
timed allocate-again "$anju" round allocate --round "$round"
timed publish "$anju" round publish --round "$round"
timed results "$anju" round results --round "$round"

# ---------------------------------------------------------------- checks
q() { sqlite3 "$db" "$1"; }
reoffered=$(q "SELECT count(*) FROM round_offer d JOIN round_offer o ON o.round_id = d.round_id
    AND o.application_id = d.application_id AND o.unit_id = d.unit_id AND o.id > d.id
    WHERE d.round_id = $round AND d.state = 'declined'")
(( reoffered == 0 )) || die "$reoffered declined units were offered again to their decliner"
noreason=$(q "SELECT count(*) FROM round_entrant WHERE round_id = $round
    AND outcome = 'unassigned' AND reason = ''")
(( noreason == 0 )) || die "$noreason unassigned families have no reason"
read -r registered shortlisted eligible drawn <<<"$(q "SELECT count(*), sum(shortlisted),
    sum(recheck = 'eligible'), sum(sequence > 0) FROM round_entrant WHERE round_id = $round" |
    tr '|' ' ')"
read -r noffers accepted declined expired <<<"$(q "SELECT count(*), sum(state = 'accepted'),
    sum(state = 'declined'), sum(state = 'expired') FROM round_offer WHERE round_id = $round" |
    tr '|' ' ')"
reasons=$(q "SELECT group_concat(reason || '=' || n, ' ') FROM (SELECT reason, count(*) n
    FROM round_entrant WHERE round_id = $round AND outcome = 'unassigned' GROUP BY reason)")
load=$(cut -d' ' -f1-3 /proc/loadavg)

total=$(awk '{ w += $2; c += $4; if ($3 > k) k = $3 } END { printf "%.2f %.2f %d", w, c, k }' \
    "$tmp/steps")
read -r total_s total_cpu total_kb <<<"$total"
printf '\n%-16s %10s %10s %14s\n' "step" "wall s" "CPU s" "peak RSS MB"
while read -r name wall kb cpu; do
    printf '%-16s %10s %10s %14.1f\n' "$name" "$wall" "$cpu" "$(awk -v k="$kb" 'BEGIN { print k / 1024 }')"
done <"$tmp/steps"
printf '%-16s %10s %10s %14.1f\n' "total" "$total_s" "$total_cpu" \
    "$(awk -v k="$total_kb" 'BEGIN { print k / 1024 }')"
printf '\n%s families registered, %s shortlisted, %s eligible and drawn (%s), %s offers\n' \
    "$registered" "$shortlisted" "$eligible" "$drawn" "$noffers"
printf '(%s accepted, %s declined, %s expired at publish); unassigned by reason: %s\n' \
    "$accepted" "$declined" "$expired" "$reasons"
printf '%s units; set-up %s s (not in the total); %s CPUs, load average %s\n' "$units" \
    "$setup_s" "$(nproc)" "$load"
printf 'no declined unit offered again to its decliner; every unassigned family has a reason\n'

mkdir -p "$here/results"
[[ -f $here/results/.gitignore ]] || printf '*\n' >"$here/results/.gitignore"
{
    printf '{\n  "benchmark": "round",\n'
    printf '  "when_utc": "%s",\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    printf '  "anju_version": "%s",\n' "$("$anju" --version 2>/dev/null || echo unknown)"
    printf '  "cpus": %s,\n  "load_average": "%s",\n' "$(nproc)" "$load"
    printf '  "families": %s,\n  "units": %s,\n  "setup_seconds": %s,\n' "$families" "$units" "$setup_s"
    printf '  "registered": %s,\n  "shortlisted": %s,\n  "drawn": %s,\n  "offers": %s,\n' \
        "$registered" "$shortlisted" "$drawn" "$noffers"
    printf '  "steps": [\n'
    n=$(wc -l <"$tmp/steps"); i=0
    while read -r name wall kb cpu; do
        i=$((i + 1))
        printf '    {"step": "%s", "seconds": %s, "cpu_seconds": %s, "peak_rss_mb": %.1f}%s\n' \
            "$name" "$wall" "$cpu" "$(awk -v k="$kb" 'BEGIN { print k / 1024 }')" \
            "$([[ $i -lt $n ]] && echo , || true)"
    done <"$tmp/steps"
    printf '  ],\n  "total_seconds": %s,\n  "total_cpu_seconds": %s,\n' "$total_s" "$total_cpu"
    printf '  "max_peak_rss_mb": %.1f\n}\n' "$(awk -v k="$total_kb" 'BEGIN { print k / 1024 }')"
} >"$here/results/round.json"
echo "written: bench/results/round.json"
