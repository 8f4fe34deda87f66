#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang and runs each for $1 seconds on a
# scratch copy of its seed corpus. Skipped (with a note) when clang is absent.
set -euo pipefail
secs=${1:-30}
if ! command -v clang >/dev/null 2>&1; then
  echo "fuzz: clang not found, fuzzing skipped" >&2
  exit 0
fi
build=build/fuzz
CC=clang cmake -S . -B $build -DANJU_FUZZ=ON -DANJU_TESTS=OFF -DANJU_WERROR=ON >/dev/null
cmake --build $build -j"$(nproc)" >/dev/null
for harness in $build/fuzz_*; do
  [[ -x $harness ]] || continue
  name=$(basename "$harness")
  corpus_src=tests/fuzz/corpus/${name#fuzz_}
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  [[ -d $corpus_src ]] && cp -r "$corpus_src"/. "$work"/
  echo "fuzz: $name for ${secs}s"
  if ! "$harness" -max_total_time="$secs" -print_final_stats=1 "$work" >"$work.log" 2>&1; then
    tail -n 60 "$work.log" >&2
    echo "fuzz: $name FAILED (crash input saved by libFuzzer in the current directory)" >&2
    exit 1
  fi
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb" "$work.log" | tr '\n' ' '
  echo
  rm -f "$work.log"
done
