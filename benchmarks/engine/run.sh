#!/usr/bin/env bash
# Executions of a one-node workflow (trigger -> transform) straight to one reference engine instance
# (EngineMain, its own JVM, a loopback-only cluster of its own), measured with wrk after a warm-up.
# Usage, from the repository root after `mvn -B -q -DskipTests package`:
#   benchmarks/engine/run.sh [seconds per run, default 20]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-20}
port=${AXON_BENCH_ENGINE_PORT:-9391}
jar=standalone/target/axon-standalone.jar
log=$(mktemp)
AXON_CLUSTER_NAME="axon-bench-$$" AXON_CLUSTER_PORT=${AXON_BENCH_CLUSTER_PORT:-5791} AXON_ENGINE_PORT=$port \
  AXON_ENGINE_INSTANCE_ID=bench-1 AXON_INSTANCES=${AXON_INSTANCES:-2} \
  java -Xmx512m -cp "$jar" io.axon.deploy.engine.EngineMain >"$log" 2>&1 &
engine=$!
trap 'kill "$engine" 2>/dev/null; wait "$engine" 2>/dev/null || true; rm -f "$log"' EXIT
base=http://127.0.0.1:$port
for _ in $(seq 1 120); do curl -sf "$base/health" >/dev/null && break; sleep 0.5; done
curl -sf -XPUT "$base/workflows/bench/versions/1.0.0" -H 'Content-Type: application/json' -d '{
  "nodes": [{"id": "start", "type": "trigger"},
            {"id": "enrich", "type": "transform", "config": {"set": {"status": "ok", "order": "{{ input.orderId }}"}}}],
  "connections": [{"id": "c1", "from": "start", "to": "enrich"}]}' >/dev/null
url="$base/workflows/bench/versions/1.0.0/executions"
echo "warm-up: 60 s at 32 connections"
wrk -t2 -c32 -d60s -s benchmarks/engine/execute.lua "$url" >/dev/null
for connections in 8 32 128; do
  echo "== $connections connections, ${seconds} s"
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -s benchmarks/engine/execute.lua "$url" \
    | grep -E 'Requests/sec|^ +(50|99)%|Non-2xx|Socket errors'
done
