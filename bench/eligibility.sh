#!/usr/bin/env bash
# bench/eligibility.sh — how fast is `anju eligibility run` over a city?
#
# Builds a synthetic Beijing with `anju demo` (1,000,000 households, about
# 2.4 million members, seed 1), imports it, generates and imports the eight
# shared-data feeds for it (`anju demo feeds`), imports the policy presets,
# then measures on that database, in one run:
#   (f) anju eligibility run --floor   reads every household, its members and
#       their feed rows, decides nothing, writes nothing (the floor)
#   (a) anju eligibility run --programme P --as-of D
#       the same reads + verification + the engine + one stored decision per
#       household
# and prints the ratio (a)/(f). Target: ratio <= 2. The floor is run twice
# and the second is kept, so both measured runs find the database in the
# page cache.
# Results go to bench/results/eligibility.json.
#
# usage: bench/eligibility.sh [ANJU_BINARY]        (default build/release/anju)
# env:   BENCH_HOUSEHOLDS=N   default 1000000
#        BENCH_SEED=S         default 1
#        BENCH_PROGRAMME=P    default market_rent_subsidy (tiers, zones, uplift)
#        BENCH_STRICT=1       exit 1 when the target is missed
#        TMPDIR               where the ~2 GB of scratch files go
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
anju=${1:-$root/build/release/anju}
households=${BENCH_HOUSEHOLDS:-1000000}
seed=${BENCH_SEED:-1}
programme=${BENCH_PROGRAMME:-market_rent_subsidy}
as_of=2026-11-15
target_ratio=2

die() { echo "bench/eligibility.sh: $*" >&2; exit 2; }
[[ -x $anju ]] || die "no anju binary at $anju"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (apt-get install time)"
[[ $households =~ ^[0-9]+$ ]] && (( households >= 1 )) || die "BENCH_HOUSEHOLDS must be a positive integer"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/anju-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
db=$tmp/city.db

echo "setting up: $households households (seed $seed), feeds, presets ..."
"$anju" demo --households "$households" --seed "$seed" --csv "$tmp/households.csv" >/dev/null
"$anju" import households "$tmp/households.csv" --db "$db" >/dev/null
rm "$tmp/households.csv"
"$anju" demo feeds --households "$households" --seed "$seed" --out "$tmp/feeds" >/dev/null
feed_rows=0
for src in civil_affairs property vehicles social_insurance provident_fund deposits securities \
    insurance; do
    f=$tmp/feeds/$src.csv
    "$anju" feeds import "$src" "$f" --db "$db" >/dev/null
    feed_rows=$(( feed_rows + $(wc -l <"$f") - 1 ))
done
rm -r "$tmp/feeds"
"$anju" policy import --presets --db "$db" >/dev/null
members=$(sqlite3 "$db" "SELECT count(*) FROM member")

timed() { # name, command...: runs it, leaves "seconds kb" in $tmp/name.time
    local name=$1; shift
    if ! /usr/bin/time -f '%e %M' -o "$tmp/$name.time" "$@" >"$tmp/$name.out" 2>&1; then
        tail -n 20 "$tmp/$name.out" >&2
        die "$name failed"
    fi
}

echo "(f) the floor: anju eligibility run --floor (twice, the second counts) ..."
timed floor "$anju" eligibility run --floor --db "$db"
timed floor "$anju" eligibility run --floor --db "$db"
read -r floor_s floor_kb <"$tmp/floor.time"
echo "(a) anju eligibility run --programme $programme --as-of $as_of ..."
timed run "$anju" eligibility run --programme "$programme" --as-of "$as_of" --db "$db"
read -r run_s run_kb <"$tmp/run.time"
decided=$(sqlite3 "$db" "SELECT households FROM eligibility_run ORDER BY id DESC LIMIT 1")
eligible=$(sqlite3 "$db" "SELECT eligible FROM eligibility_run ORDER BY id DESC LIMIT 1")
(( decided == households )) || die "the run decided $decided households, expected $households"

read -r ratio run_mb floor_mb ratio_ok < <(awk -v a="$run_s" -v b="$floor_s" -v ka="$run_kb" \
    -v kb="$floor_kb" -v tr="$target_ratio" 'BEGIN {
        r = b > 0 ? a / b : 0
        printf "%.2f %.1f %.1f %s\n", r, ka / 1024, kb / 1024, (r <= tr ? "true" : "false") }')

printf '\n%-46s %10s %14s\n' "" "wall s" "peak RSS MB"
printf '%-46s %10s %14s\n' "(a) anju eligibility run ($programme)" "$run_s" "$run_mb"
printf '%-46s %10s %14s\n' "(f) floor: the same reads, nothing decided" "$floor_s" "$floor_mb"
printf '\n%s households, %s members, %s feed rows; %s eligible\n' "$households" "$members" \
    "$feed_rows" "$eligible"
printf 'ratio (a)/(f) = %s   target <= %s   %s\n' "$ratio" "$target_ratio" \
    "$([[ $ratio_ok == true ]] && echo ok || echo MISSED)"

mkdir -p "$here/results"
[[ -f $here/results/.gitignore ]] || printf '*\n' >"$here/results/.gitignore"
cat >"$here/results/eligibility.json" <<EOF
{
  "benchmark": "eligibility",
  "when_utc": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "anju_version": "$("$anju" --version 2>/dev/null || echo unknown)",
  "cpus": $(nproc),
  "households": $households,
  "members": $members,
  "feed_rows": $feed_rows,
  "seed": $seed,
  "programme": "$programme",
  "as_of": "$as_of",
  "eligible": $eligible,
  "run_seconds": $run_s,
  "run_peak_rss_mb": $run_mb,
  "floor_seconds": $floor_s,
  "floor_peak_rss_mb": $floor_mb,
  "ratio": $ratio,
  "target_ratio": $target_ratio,
  "ratio_ok": $ratio_ok
}
EOF
echo "written: bench/results/eligibility.json"

if [[ ${BENCH_STRICT:-0} == 1 && $ratio_ok != true ]]; then
    exit 1
fi
