#!/usr/bin/env bash
# bench/allocation.sh — how fast are the allocation mechanisms?
#
# Runs anju_bench_allocation (bench/allocation_bench.c, built next to the
# anju binary by CMake) once per mechanism, each in its own process, on
# random in-memory instances from a fixed seed (JSON parsing is not part of
# it):
#   serial               1,000,000 applicants, 5,000 projects of ~200 seats,
#                        20 choices each (popularity-skewed)
#   deferred_acceptance  the same instance
#   tenant_exchange      1,000,000 applicants, 80% of them sitting tenants,
#                        plus 200,000 vacant units, 10 choices each
# Each mechanism runs BENCH_REPEAT times (alloc_run: the instance check and
# the algorithm, work arrays included); the median wall time is compared
# with the target. Targets (2-core machine): deferred acceptance <= 0.6 s,
# tenant exchange <= 0.4 s.
# Results go to bench/results/allocation.json.
#
# usage: bench/allocation.sh [ANJU_BINARY]      (default build/release/anju;
#        the benchmark program is anju_bench_allocation in the same directory)
# env:   BENCH_APPLICANTS=N   default 1000000
#        BENCH_SEED=S         default 1
#        BENCH_REPEAT=R       default 5
#        BENCH_STRICT=1       exit 1 when a target is missed
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
anju=${1:-$root/build/release/anju}
bench=$(dirname "$anju")/anju_bench_allocation
applicants=${BENCH_APPLICANTS:-1000000}
seed=${BENCH_SEED:-1}
repeat=${BENCH_REPEAT:-5}

die() { echo "bench/allocation.sh: $*" >&2; exit 2; }
[[ -x $bench ]] || die "no benchmark program at $bench (build the release: make release)"
[[ $applicants =~ ^[0-9]+$ ]] && (( applicants >= 1 )) || die "BENCH_APPLICANTS must be a positive integer"
[[ $repeat =~ ^[0-9]+$ ]] && (( repeat >= 1 && repeat <= 50 )) || die "BENCH_REPEAT must be 1..50"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/anju-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

load_before=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)
for mode in serial deferred_acceptance tenant_exchange; do
    echo "running $mode ($applicants applicants, seed $seed, $repeat runs) ..."
    "$bench" "$mode" --applicants "$applicants" --seed "$seed" --repeat "$repeat" >"$tmp/$mode.json"
done

load_after=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)

python3 - "$tmp" "$here/results" "$("$anju" --version 2>/dev/null || echo unknown)" \
    "$load_before" "$load_after" <<'EOF'
import json, os, sys, datetime
tmp, out_dir, version, load_before, load_after = sys.argv[1:6]
targets = {"serial": None, "deferred_acceptance": 0.6, "tenant_exchange": 0.4}
results, all_ok = [], True
print("\n%-20s %9s %9s %9s %9s %9s %9s  %s" % ("mechanism", "build s", "check s", "median s",
      "best s", "cpu s", "RSS MB", "target"))
for mode, target in targets.items():
    d = json.load(open(os.path.join(tmp, mode + ".json")))
    runs = sorted(d["run_cpu_seconds"])
    d["median_cpu_seconds"] = runs[len(runs) // 2]
    d["target_seconds"] = target
    d["target_ok"] = None if target is None else d["median_seconds"] <= target
    if d["target_ok"] is False:
        all_ok = False
    verdict = "-" if target is None else "<= %.1f %s" % (target, "ok" if d["target_ok"] else "MISSED")
    print("%-20s %9.3f %9.3f %9.3f %9.3f %9.3f %9.1f  %s" % (mode, d["build_seconds"],
          d["check_seconds"], d["median_seconds"], d["best_seconds"], d["median_cpu_seconds"],
          d["peak_rss_mb"], verdict))
    results.append(d)
os.makedirs(out_dir, exist_ok=True)
ignore = os.path.join(out_dir, ".gitignore")
if not os.path.exists(ignore):
    open(ignore, "w").write("*\n")
doc = {"benchmark": "allocation",
       "when_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
       "anju_version": version, "cpus": os.cpu_count(),
       "load_average_before": float(load_before), "load_average_after": float(load_after),
       "note": "alloc_run on in-memory instances (check + algorithm); JSON parsing excluded; "
               "build_seconds is the random instance generation",
       "mechanisms": results, "all_targets_ok": all_ok}
json.dump(doc, open(os.path.join(out_dir, "allocation.json"), "w"), indent=2)
open(os.path.join(tmp, "ok"), "w").write("true" if all_ok else "false")
print("\nmedian = the median wall time of the runs; cpu = the median CPU time of the process")
print("load average (1 min) before %s, after %s: on a busy machine wall time exceeds CPU time"
      % (load_before, load_after))
print("written: bench/results/allocation.json")
EOF

if [[ ${BENCH_STRICT:-0} == 1 && $(cat "$tmp/ok") != true ]]; then
    exit 1
fi
