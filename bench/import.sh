#!/usr/bin/env bash
# bench/import.sh — how fast and how lean is `anju import households`?
#
# Generates a synthetic Beijing with `anju demo` (1,000,000 households, about
# 2.4 million member rows, seed 1), then measures on the same file:
#   (a) anju import households FILE --db fresh.db   wall seconds, peak RSS
#   (b) sqlite3 raw.db ".import --csv FILE raw"      wall seconds (the floor:
#       the same bytes into one untyped table, no parsing rules, no indexes)
# and prints the ratio (a)/(b). Targets: ratio <= 3, peak RSS <= 200 MB.
# Results go to bench/results/import.json (the directory ignores itself).
#
# usage: bench/import.sh [ANJU_BINARY]        (default build/release/anju)
# env:   BENCH_HOUSEHOLDS=N   fewer (or more) households, default 1000000
#        BENCH_SEED=S         demo seed, default 1
#        BENCH_STRICT=1       exit 1 when a target is missed
#        TMPDIR               where the ~0.8 GB of scratch files go
# needs: /usr/bin/time (Debian package `time`) and sqlite3 (scripts/deps.sh)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
anju=${1:-$root/build/release/anju}
households=${BENCH_HOUSEHOLDS:-1000000}
seed=${BENCH_SEED:-1}
target_ratio=3
target_rss_mb=200

die() { echo "bench/import.sh: $*" >&2; exit 2; }
[[ -x $anju ]] || die "no anju binary at $anju (build it: cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DANJU_TESTS=OFF && cmake --build build/release)"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (apt-get install time)"
command -v sqlite3 >/dev/null || die "sqlite3 is missing (apt-get install sqlite3)"
[[ $households =~ ^[0-9]+$ ]] && (( households >= 1 )) || die "BENCH_HOUSEHOLDS must be a positive integer"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/anju-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
csv=$tmp/households.csv

echo "generating $households households (seed $seed) ..."
/usr/bin/time -f '%e %M' -o "$tmp/gen.time" \
    "$anju" demo --households "$households" --seed "$seed" --csv "$csv" >/dev/null
read -r gen_s _ <"$tmp/gen.time"
rows=$(( $(wc -l <"$csv") - 1 ))
bytes=$(stat -c %s "$csv")

# Both runs read the file from the page cache: warm it once.
cat "$csv" >/dev/null

echo "(a) anju import households ..."
if ! /usr/bin/time -f '%e %M' -o "$tmp/import.time" \
    "$anju" import households "$csv" --db "$tmp/fresh.db" >"$tmp/import.out" 2>&1; then
    tail -n 20 "$tmp/import.out" >&2
    die "anju import failed"
fi
read -r import_s import_kb <"$tmp/import.time"
imported=$(sqlite3 "$tmp/fresh.db" "SELECT count(*) FROM member")
(( imported == rows )) || die "anju imported $imported member rows, the file has $rows"

echo "(b) sqlite3 .import --csv ..."
/usr/bin/time -f '%e %M' -o "$tmp/raw.time" \
    sqlite3 "$tmp/raw.db" ".import --csv \"$csv\" raw"
read -r raw_s raw_kb <"$tmp/raw.time"
raw_rows=$(sqlite3 "$tmp/raw.db" "SELECT count(*) FROM raw")
(( raw_rows == rows )) || die "sqlite3 imported $raw_rows rows, the file has $rows"

db_mb=$(awk -v b="$(stat -c %s "$tmp/fresh.db")" 'BEGIN { printf "%.0f", b / 1048576 }')
raw_db_mb=$(awk -v b="$(stat -c %s "$tmp/raw.db")" 'BEGIN { printf "%.0f", b / 1048576 }')
read -r ratio import_mb raw_mb csv_mb ratio_ok rss_ok < <(awk \
    -v a="$import_s" -v b="$raw_s" -v ka="$import_kb" -v kb="$raw_kb" -v by="$bytes" \
    -v tr="$target_ratio" -v tm="$target_rss_mb" 'BEGIN {
        r = b > 0 ? a / b : 0; ma = ka / 1024; mb = kb / 1024
        printf "%.2f %.1f %.1f %.0f %s %s\n", r, ma, mb, by / 1048576,
            (r <= tr ? "true" : "false"), (ma <= tm ? "true" : "false") }')

printf '\n%-34s %10s %14s\n' "" "wall s" "peak RSS MB"
printf '%-34s %10s %14s\n' "(a) anju import households" "$import_s" "$import_mb"
printf '%-34s %10s %14s\n' "(b) sqlite3 .import --csv (raw)" "$raw_s" "$raw_mb"
printf '\n%s households, %s member rows, %s MB of CSV (generated in %s s)\n' \
    "$households" "$rows" "$csv_mb" "$gen_s"
printf 'database: anju %s MB, raw %s MB\n' "$db_mb" "$raw_db_mb"
printf 'ratio (a)/(b) = %s   target <= %s   %s\n' "$ratio" "$target_ratio" \
    "$([[ $ratio_ok == true ]] && echo ok || echo MISSED)"
printf 'peak RSS      = %s MB   target <= %s MB   %s\n' "$import_mb" "$target_rss_mb" \
    "$([[ $rss_ok == true ]] && echo ok || echo MISSED)"

mkdir -p "$here/results"
[[ -f $here/results/.gitignore ]] || printf '*\n' >"$here/results/.gitignore"
cat >"$here/results/import.json" <<EOF
{
  "benchmark": "import",
  "when_utc": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "anju_version": "$("$anju" --version 2>/dev/null || echo unknown)",
  "sqlite3_version": "$(sqlite3 --version | cut -d' ' -f1)",
  "cpus": $(nproc),
  "households": $households,
  "seed": $seed,
  "member_rows": $rows,
  "csv_bytes": $bytes,
  "generate_seconds": $gen_s,
  "anju_import_seconds": $import_s,
  "anju_import_peak_rss_mb": $import_mb,
  "sqlite3_import_seconds": $raw_s,
  "sqlite3_import_peak_rss_mb": $raw_mb,
  "ratio": $ratio,
  "anju_db_mb": $db_mb,
  "raw_db_mb": $raw_db_mb,
  "target_ratio": $target_ratio,
  "target_peak_rss_mb": $target_rss_mb,
  "ratio_ok": $ratio_ok,
  "rss_ok": $rss_ok
}
EOF
echo "written: bench/results/import.json"

if [[ ${BENCH_STRICT:-0} == 1 && ( $ratio_ok != true || $rss_ok != true ) ]]; then
    exit 1
fi
