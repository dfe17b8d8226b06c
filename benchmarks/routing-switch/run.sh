#!/usr/bin/env bash
# Time from a routing change to 100% of new executions on the new version on every gateway (issue
# "progressive delivery", item 8), measured from outside, in two arms:
#   standalone  the whole suite in one process (java -jar axon-standalone.jar): one gateway
#   clustered   registry, deployer, monitor, two gateways and two engines, each its own JVM,
#               clustered through Hazelcast on loopback
# In each arm RoutingSwitchBenchmark (benchmarks/target/axon-benchmarks.jar) sets up workflow
# `switch` with versions 1.0.0 and 1.1.0 (both deployed with `immediate`), drives executions without
# pause through every gateway, and switches the weights to 100% on the other version with
# PUT .../routing, AXON_BENCH_RUNS times after AXON_BENCH_WARMUP_RUNS unmeasured ones. A gateway has
# switched at the first execution sent after the last one that came back with the old X-Axon-Version;
# a run's figure is its slowest gateway's. Median, p90 and worst over the runs are reported, with the
# PUT's own answer time and when GET /api/v1/gateways first listed the revision on every gateway.
#
# Usage, from the repository root after `mvn -B -q -DskipTests package`:
#   benchmarks/routing-switch/run.sh
# Settings (environment):
#   AXON_BENCH_ARMS="standalone clustered"   arms to run
#   AXON_BENCH_RUNS=20            measured switches per arm
#   AXON_BENCH_WARMUP_RUNS=10     switches before measuring
#   AXON_BENCH_CONNECTIONS=2      closed-loop connections per gateway
#   AXON_BENCH_GATEWAY_LOOPS=2    each gateway's event loops (AXON_INSTANCES)
#   AXON_BENCH_BASE_PORT=9680     gateways on it and +1, engines +11 and +12, monitor +13;
#                                 Hazelcast from AXON_BENCH_CLUSTER_PORT=5991
#   AXON_BENCH_PG=127.0.0.1:5432  PostgreSQL (user postgres, trust); scratch database axon_bench_switch,
#                                 dropped before and after each arm
#   AXON_BENCH_JAR=standalone/target/axon-standalone.jar
#   AXON_BENCH_DRIVER=benchmarks/target/axon-benchmarks.jar
#   AXON_BENCH_QUIET_LOAD=1.0     before each arm, wait until the machine's 1-minute load average is
#   AXON_BENCH_QUIET_WAIT=600     below this, for at most this many seconds (other people's builds on a
#                                 shared machine stretch every figure); each run prints the load
#   AXON_BENCH_KEEP=1             keep the work directory (process logs)
# Everything listens on 127.0.0.1 only. Every process started here is ended by its PID on exit,
# Ctrl-C included.
set -euo pipefail
{ # the whole script is read before it runs: editing the file during a run cannot change that run
cd "$(dirname "$0")/../.."

arms=${AXON_BENCH_ARMS:-standalone clustered}
runs=${AXON_BENCH_RUNS:-20}
warmup_runs=${AXON_BENCH_WARMUP_RUNS:-10}
connections=${AXON_BENCH_CONNECTIONS:-2}
gateway_loops=${AXON_BENCH_GATEWAY_LOOPS:-2}
base_port=${AXON_BENCH_BASE_PORT:-9680}
cluster_port=${AXON_BENCH_CLUSTER_PORT:-5991}
pg_server=${AXON_BENCH_PG:-127.0.0.1:5432}
jar=${AXON_BENCH_JAR:-standalone/target/axon-standalone.jar}
driver=${AXON_BENCH_DRIVER:-benchmarks/target/axon-benchmarks.jar}
gateway_ports=("$base_port" $((base_port + 1)))
engine_ports=($((base_port + 11)) $((base_port + 12)))
monitor_port=$((base_port + 13))
database=axon_bench_switch
token=bench-$RANDOM$RANDOM$RANDOM

for tool in curl psql; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool is needed" >&2; exit 1; }
done
for file in "$jar" "$driver"; do
  [ -f "$file" ] || { echo "no $file: build first with mvn -B -q -DskipTests package" >&2; exit 1; }
done
java=$(command -v java)
in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "${gateway_ports[@]}" "${engine_ports[@]}" "$monitor_port" "$cluster_port"; do
  if in_use "$port"; then
    echo "port $port on 127.0.0.1 is in use: set AXON_BENCH_BASE_PORT or AXON_BENCH_CLUSTER_PORT" >&2
    exit 1
  fi
done

# ---------------------------------------------------------------- processes, ended on exit
work=$(mktemp -d /tmp/axon-bench-switch.XXXXXX)
pids=() # the processes of the arm running, in start order

pg_host=${pg_server%:*}
pg_port=${pg_server#*:}
drop_database() {
  psql -q -h "$pg_host" -p "$pg_port" -U postgres -d postgres \
    -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 || true
}

stop_arm() { # SIGTERM every process of the arm, newest first; SIGKILL what is still there after 20 s
  local i pid
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill -TERM "${pids[i]}" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  pids=()
  drop_database
}
stop_all() {
  trap - EXIT INT TERM
  stop_arm
  if [ "${AXON_BENCH_KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap stop_all EXIT
trap 'echo "interrupted" >&2; exit 130' INT
trap 'exit 143' TERM

# start_java NAME (-jar JAR | MAIN) [VAR=value ...]: a JVM with only the given AXON_ settings; sets $started
start_java() {
  local name=$1 main=$2
  shift 2
  local launch=(-cp "$jar" "$main")
  [ "$main" = -jar ] && launch=(-jar "$jar")
  env -i HOME="$HOME" PATH="$PATH" "$@" "$java" -Xmx384m \
    --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
    --add-opens java.base/java.nio=ALL-UNNAMED --add-exports java.base/jdk.internal.ref=ALL-UNNAMED \
    --add-opens java.management/sun.management=ALL-UNNAMED \
    --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED \
    "${launch[@]}" >"$work/$name.log" 2>&1 &
  started=$!
  pids+=("$started")
}

# await NAME PID CHECK...: polls CHECK (a command) for up to 180 s while the process lives
await() {
  local name=$1 pid=$2
  shift 2
  for _ in $(seq 1 720); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$name exited during its start; the end of its log ($work/$name.log):" >&2
      tail -n 20 "$work/$name.log" >&2
      exit 1
    fi
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.25
  done
  echo "$name did not become ready within 180 s; the end of its log:" >&2
  tail -n 20 "$work/$name.log" >&2
  exit 1
}
started_line() { grep -q "started in cluster" "$work/$1.log"; }

wait_quiet() { # before an arm: until the load average is below AXON_BENCH_QUIET_LOAD, or AXON_BENCH_QUIET_WAIT passed
  local limit=${AXON_BENCH_QUIET_LOAD:-1.0} waited=0 most=${AXON_BENCH_QUIET_WAIT:-600} load
  while load=$(cut -d' ' -f1 /proc/loadavg) && awk -v l="$load" -v m="$limit" 'BEGIN {exit !(l >= m)}'; do
    if [ "$waited" -ge "$most" ]; then
      echo "WARNING: the load average is still $load after ${most} s: measuring anyway, the figures are disturbed"
      return
    fi
    [ "$waited" -eq 0 ] && echo "waiting for a quiet machine (load average $load, below $limit wanted)"
    sleep 10
    waited=$((waited + 10))
  done
}

measure() { # LABEL GATEWAY_PORT...: the driver against those gateways
  local label=$1 args=() port
  shift
  for port in "$@"; do args+=(--gateway "http://127.0.0.1:$port"); done
  "$java" -Xmx256m -cp "$driver" io.axon.deploy.benchmarks.RoutingSwitchBenchmark --label "$label" --token "$token" \
    --runs "$runs" --warmup-runs "$warmup_runs" --connections "$connections" "${args[@]}" | tee "$work/$label.txt"
}

suite=(AXON_PG_URL="postgresql://postgres@$pg_server/$database" AXON_ADMIN_TOKEN="$token"
  AXON_AUDIT_KEY_FILE="$work/audit.key" AXON_HTTP_HOST=127.0.0.1 AXON_PG_POOL_SIZE=4)

# ---------------------------------------------------------------- standalone: one process
if [[ " $arms " == *" standalone "* ]]; then
  drop_database
  echo "standalone: the suite in one process (gateway with $gateway_loops event loops, two engines per environment)"
  start_java standalone -jar "${suite[@]}" AXON_HTTP_PORT="${gateway_ports[0]}" AXON_INSTANCES="$gateway_loops" \
    AXON_ENGINES_PER_ENVIRONMENT=2 AXON_ENGINE_BASE_PORT=0
  await standalone "$started" curl -sf "http://127.0.0.1:${gateway_ports[0]}/ready"
  wait_quiet
  measure standalone "${gateway_ports[0]}"
  stop_arm
fi

# ---------------------------------------------------------------- clustered: a JVM per service, two gateways
if [[ " $arms " == *" clustered "* ]]; then
  drop_database
  cluster=("${suite[@]}" AXON_CLUSTER_NAME="axon-bench-switch-$$" AXON_CLUSTER_HOST=127.0.0.1
    AXON_CLUSTER_MEMBERS=127.0.0.1 AXON_CLUSTER_PORT="$cluster_port" AXON_ENGINE_HOST=127.0.0.1)
  echo "clustered: registry, deployer, monitor, two gateways ($gateway_loops event loops each), two engines"
  for service in registry deployer; do
    main=io.axon.deploy.$service.${service^}Main
    start_java "$service" "$main" "${cluster[@]}" AXON_INSTANCES=1
    await "$service" "$started" started_line "$service"
  done
  start_java monitor io.axon.deploy.monitor.MonitorMain "${cluster[@]}" AXON_INSTANCES=1 AXON_MONITOR_HTTP_PORT="$monitor_port"
  await monitor "$started" started_line monitor
  for i in 0 1; do
    start_java "gateway-$((i + 1))" io.axon.deploy.gateway.GatewayMain "${cluster[@]}" AXON_INSTANCES="$gateway_loops" \
      AXON_HTTP_PORT="${gateway_ports[i]}" AXON_GATEWAY_ID="gateway-$((i + 1))"
    await "gateway-$((i + 1))" "$started" curl -sf "http://127.0.0.1:${gateway_ports[i]}/ready"
  done
  for i in 0 1; do
    start_java "engine-$((i + 1))" io.axon.deploy.engine.EngineMain "${cluster[@]}" AXON_INSTANCES=1 \
      AXON_ENGINE_ENVIRONMENT=development AXON_ENGINE_INSTANCE_ID="development-$((i + 1))" \
      AXON_ENGINE_PORT="${engine_ports[i]}" AXON_GATEWAY_URL="http://127.0.0.1:${gateway_ports[0]}" AXON_ENGINE_TOKEN="$token"
    await "engine-$((i + 1))" "$started" curl -sf "http://127.0.0.1:${engine_ports[i]}/health"
  done
  wait_quiet
  measure clustered "${gateway_ports[@]}"
  stop_arm
fi

echo
echo "targets: under 100 ms in one process, under 250 ms clustered (the row '100% of new executions ...', worst)"
for label in standalone clustered; do
  [ -f "$work/$label.txt" ] && grep -A5 "^$label, " "$work/$label.txt"
done
exit
}
