#!/bin/sh
# Ingest and plan one shared r/LocalLLaMA day as two commands, from a cold embedding cache
# (a fresh TINYLEAPS_CACHE_DIR) unless WARM_CACHE names one. Time it as a whole process:
#     /usr/bin/time -v sh bench/ingest_plan.sh [DAY]     (from the project root)
set -e
day=${1:-2025-08-05}
case "$day" in -*) echo "DAY may not start with -" >&2; exit 2 ;; esac
root=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-"$root/.venv/bin/python"}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TINYLEAPS_CACHE_DIR="${WARM_CACHE:-$work/cache}" PYTHONPATH="${PYTHONPATH:-$root/src}"
"$python" -m tinyleaps ingest "$root/../shared/data/reddit/LocalLLaMA/$day" \
    --out "$work/sources.json" >/dev/null
"$python" -m tinyleaps plan "$work/sources.json" --out "$work/rundown.json" \
    --when "${day}T23:59:00+00:00" >/dev/null
