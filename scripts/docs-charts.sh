#!/usr/bin/env bash
# Regenerates the docs gallery: a few runs long enough to read, their charts, and docs/RESULTS.md that
# embeds them with the environment they came from. Takes several minutes; run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
run() { local name=$1; shift; rm -rf "docs/$name"; node bin/poolbench.js run "$@" --format json -q --out "docs/$name"; }

run tcp-echo tcp-echo --sweep concurrency=1,10,50,100 --sweep pool-size=5,10,50 -d 2s --warmup 500ms --trials 3
run postgres-crud postgres-crud -c 10,50 --records 500 --trials 3
run redis redis -c 1,10,50 --variants unpooled,unpooled-lean,shared,pooled,pipeline-50 -d 2s --warmup 500ms --trials 3
run http1 http1 -c 1,10,50 -d 2s --warmup 500ms --trials 3
run worker-pool worker-pool -c 10 -n 300 --trials 3 --startup-workers 1,2,4,8 --startup-init 200ms

node bin/poolbench.js gallery docs/*/result.json --out docs/RESULTS.md
