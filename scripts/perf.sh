#!/usr/bin/env bash
# The performance-regression flow, the same locally, in CI and in .ci/run:
#   scripts/perf.sh check      run the scenarios short and gate against benchmarks/baseline.json (exit 3 = regression)
#   scripts/perf.sh baseline   run them and make the result the new benchmarks/baseline.json
# PERF_SCENARIOS, PERF_ARGS and PERF_THRESHOLD override what runs and the gate's threshold (percent).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-check}
scenarios=${PERF_SCENARIOS:-"tcp-echo postgres-crud redis http1 https http2 worker-pool"}
args=${PERF_ARGS:-"-c 10 -d 1s --warmup 300ms --trials 3 --micro-time 0 --no-experiments --records 200"}
out=reports/perf-$mode
rm -rf "$out"
# shellcheck disable=SC2086
case "$mode" in
  check)
    node bin/poolbench.js run $scenarios $args --format json,md --out "$out" \
      --baseline benchmarks/baseline.json --threshold "${PERF_THRESHOLD:-10}" --verdict-out "$out/verdict.md"
    ;;
  baseline)
    node bin/poolbench.js run $scenarios $args --format json,md --out "$out"
    cp "$out/result.json" benchmarks/baseline.json
    echo "benchmarks/baseline.json updated from $out/result.json"
    ;;
  *)
    echo "usage: scripts/perf.sh check|baseline" >&2
    exit 2
    ;;
esac
