#!/usr/bin/env bash
# bench/lottery.sh — how fast are `anju lottery draw` and `anju lottery verify`?
#
# Generates an entrant list of 1,000,000 entrants (ids SQ2026-0000001 …,
# sorted; bucket 1 for about a fifth, else 2; tickets 1 for 80%, 2 for 15%,
# 3 for 5% — a fixed function of the row number, so the list is the same on
# every machine), then measures, each run twice with the second kept (the
# list in the page cache):
#   anju lottery draw    reads the list, computes the draw, writes
#                        entrants.csv, result.csv and manifest.json, records
#                        the draw in a fresh SQLite database and audits it
#   anju lottery verify  reads the three files back and recomputes everything
# with /usr/bin/time (wall seconds, CPU seconds = user + system, peak RSS).
# Target: draw <= 1.5 s wall. The CPU seconds say how much of the wall time
# was work: on a machine busy with other jobs, wall time grows, CPU time
# hardly does (load averages are recorded too).
# Results go to bench/results/lottery.json.
#
# usage: bench/lottery.sh [ANJU_BINARY]        (default build/release/anju)
# env:   BENCH_ENTRANTS=N   default 1000000
#        BENCH_STRICT=1     exit 1 when the target is missed
#        TMPDIR             where the ~250 MB of scratch files go
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
anju=${1:-$root/build/release/anju}
entrants=${BENCH_ENTRANTS:-1000000}
target_draw=1.5
randomness='9319;2,5,12,8,10;9,18,26,34,41,45'

die() { echo "bench/lottery.sh: $*" >&2; exit 2; }
[[ -x $anju ]] || die "no anju binary at $anju"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (apt-get install time)"
[[ $entrants =~ ^[0-9]+$ ]] && (( entrants >= 1 && entrants <= 9999999 )) ||
    die "BENCH_ENTRANTS must be an integer from 1 to 9999999"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/anju-bench-lottery.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
list=$tmp/entrants.csv

echo "generating $entrants entrants ..."
awk -v n="$entrants" 'BEGIN {
    print "entrant_id,bucket,tickets"
    for (i = 1; i <= n; i++) {
        h = (i * 2654435761) % 4294967296          # Knuth multiplicative hash
        t = h % 100; tickets = t < 80 ? 1 : t < 95 ? 2 : 3
        bucket = int(h / 256) % 5 == 0 ? 1 : 2
        printf "SQ2026-%07d,%d,%d\n", i, bucket, tickets
    }
}' >"$list"
tickets=$(awk -F, 'NR > 1 { s += $3 } END { print s }' "$list")

timed() { # name, command...: runs it, leaves "wall kb user sys" in $tmp/name.time
    local name=$1; shift
    if ! /usr/bin/time -f '%e %M %U %S' -o "$tmp/$name.time" "$@" >"$tmp/$name.out" 2>&1; then
        tail -n 20 "$tmp/$name.out" >&2
        die "$name failed"
    fi
}

for round in 1 2; do
    echo "anju lottery draw (round $round of 2) ..."
    rm -rf "$tmp/draw" "$tmp/lottery.db"*
    timed draw "$anju" lottery draw --id BENCH-0001 --entrants "$list" \
        --randomness "$randomness" --out "$tmp/draw" --db "$tmp/lottery.db"
done
read -r draw_s draw_kb draw_user draw_sys <"$tmp/draw.time"
for round in 1 2; do
    echo "anju lottery verify (round $round of 2) ..."
    timed verify "$anju" lottery verify "$tmp/draw"
done
read -r verify_s verify_kb verify_user verify_sys <"$tmp/verify.time"
load=$(cut -d' ' -f1-3 /proc/loadavg)
seed=$(sed -n 's/.*"seed": "\([0-9a-f]*\)".*/\1/p' "$tmp/draw/manifest.json")
result_sha256=$(sed -n 's/.*"result_sha256": "\([0-9a-f]*\)".*/\1/p' "$tmp/draw/manifest.json")
[[ $(sha256sum <"$tmp/draw/result.csv" | cut -d' ' -f1) == "$result_sha256" ]] ||
    die "result.csv does not match its manifest"
list_mb=$(awk -v b="$(stat -c %s "$list")" 'BEGIN { printf "%.1f", b / 1048576 }')
result_mb=$(awk -v b="$(stat -c %s "$tmp/draw/result.csv")" 'BEGIN { printf "%.1f", b / 1048576 }')

read -r draw_mb verify_mb draw_cpu verify_cpu draw_ok < <(awk -v a="$draw_s" -v ka="$draw_kb" \
    -v kb="$verify_kb" -v du="$draw_user" -v ds="$draw_sys" -v vu="$verify_user" \
    -v vs="$verify_sys" -v t="$target_draw" 'BEGIN {
        printf "%.1f %.1f %.2f %.2f %s\n", ka / 1024, kb / 1024, du + ds, vu + vs,
               (a <= t ? "true" : "false") }')

printf '\n%-24s %10s %10s %14s\n' "" "wall s" "CPU s" "peak RSS MB"
printf '%-24s %10s %10s %14s\n' "anju lottery draw" "$draw_s" "$draw_cpu" "$draw_mb"
printf '%-24s %10s %10s %14s\n' "anju lottery verify" "$verify_s" "$verify_cpu" "$verify_mb"
printf '\n%s entrants, %s tickets; list %s MB, result %s MB; %s CPUs, load average %s\n' \
    "$entrants" "$tickets" "$list_mb" "$result_mb" "$(nproc)" "$load"
printf 'draw target <= %s s wall   %s\n' "$target_draw" \
    "$([[ $draw_ok == true ]] && echo ok || echo MISSED)"

mkdir -p "$here/results"
[[ -f $here/results/.gitignore ]] || printf '*\n' >"$here/results/.gitignore"
cat >"$here/results/lottery.json" <<EOF
{
  "benchmark": "lottery",
  "when_utc": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "anju_version": "$("$anju" --version 2>/dev/null || echo unknown)",
  "cpus": $(nproc),
  "load_average": "$load",
  "entrants": $entrants,
  "tickets": $tickets,
  "list_mb": $list_mb,
  "result_mb": $result_mb,
  "seed": "$seed",
  "result_sha256": "$result_sha256",
  "draw_seconds": $draw_s,
  "draw_cpu_seconds": $draw_cpu,
  "draw_peak_rss_mb": $draw_mb,
  "verify_seconds": $verify_s,
  "verify_cpu_seconds": $verify_cpu,
  "verify_peak_rss_mb": $verify_mb,
  "target_draw_seconds": $target_draw,
  "draw_ok": $draw_ok
}
EOF
echo "written: bench/results/lottery.json"

if [[ ${BENCH_STRICT:-0} == 1 && $draw_ok != true ]]; then
    exit 1
fi
