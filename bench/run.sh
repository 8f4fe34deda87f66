#!/usr/bin/env bash
# make bench: every benchmark, with the release binary given as $1.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
"$here/import.sh" "${1:-$here/../build/release/anju}"
"$here/eligibility.sh" "${1:-$here/../build/release/anju}"
"$here/workflow.sh" "${1:-$here/../build/release/anju}"
"$here/lottery.sh" "${1:-$here/../build/release/anju}"
"$here/allocation.sh" "${1:-$here/../build/release/anju}"
"$here/round.sh" "${1:-$here/../build/release/anju}"
