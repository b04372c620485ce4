#!/usr/bin/env bash
# The performance-regression flow, the same locally, in CI and in .ci/run. One folder per machine class
# (PERF_DIR, default benchmarks/) holds the baseline and the threshold measured with it:
#   scripts/perf.sh check      run the scenarios short and gate against $PERF_DIR/baseline.json with the
#                              threshold in $PERF_DIR/gate.json (exit 3 = regression, 2 = no or unfit baseline)
#   scripts/perf.sh baseline   run them PERF_RUNS times (default 6) the way `check` does: the first run becomes
#                              the baseline; gate.json's threshold is the smallest with which no two of the
#                              runs would have failed the gate; noise.md shows each gated ratio's noise
#   scripts/perf.sh noise      the same runs and table, changing nothing
# PERF_SCENARIOS, PERF_ARGS and PERF_THRESHOLD override what runs and the threshold (percent). The targets are
# whatever the environment names (DATABASE_URL, REDIS_URL, ...), else throwaway ones; the result records
# which, and the gate refuses a baseline measured against other targets or on another machine class
# (POOLBENCH_MACHINE_CLASS labels one; see README).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-check}
scenarios=${PERF_SCENARIOS:-"tcp-echo postgres-crud redis http1 https http2 worker-pool"}
args=${PERF_ARGS:-"-c 10 -d 1s --warmup 300ms --trials 3 --micro-time 0 --no-experiments --records 200"}
dir=${PERF_DIR:-benchmarks}
out=reports/perf-$mode
rm -rf "$out"

measure() { # N runs of exactly what `check` runs, each in $out/run-<i>/
  local runs=${PERF_RUNS:-6}
  for i in $(seq 1 "$runs"); do
    echo "perf: run $i of $runs" >&2
    # shellcheck disable=SC2086
    node bin/poolbench.js run $scenarios $args --format json -q --out "$out/run-$i"
  done
}

case "$mode" in
  check)
    if [ ! -f "$dir/baseline.json" ] || [ ! -f "$dir/gate.json" ]; then
      echo "perf: no baseline in $dir/ for this machine class; measure one here with: PERF_DIR=$dir npm run baseline" >&2
      exit 2
    fi
    threshold=${PERF_THRESHOLD:-$(node -p "require('./$dir/gate.json').threshold")}
    # shellcheck disable=SC2086
    node bin/poolbench.js run $scenarios $args --format json,md --out "$out" \
      --baseline "$dir/baseline.json" --threshold "$threshold" --verdict-out "$out/verdict.md"
    ;;
  baseline)
    measure
    mkdir -p "$dir"
    node --import tsx scripts/perf-noise.ts --gate "$dir/gate.json" "$out"/run-*/result.json > "$dir/noise.md"
    cp "$out/run-1/result.json" "$dir/baseline.json"
    cat "$dir/noise.md"
    echo "perf: wrote $dir/baseline.json, $dir/gate.json and $dir/noise.md; commit them" >&2
    ;;
  noise)
    measure
    node --import tsx scripts/perf-noise.ts "$out"/run-*/result.json | tee "$out/noise.md"
    ;;
  *)
    echo "usage: scripts/perf.sh check|baseline|noise" >&2
    exit 2
    ;;
esac
