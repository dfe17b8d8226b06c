#!/usr/bin/env bash
# Self-healing (issue "self-healing", Speed): time from the first failing execution of a bad canary
# to 100% of traffic back on the stable version, over AXON_BENCH_RUNS runs (median and worst), and
# how many healthy canaries were rolled back over the same runs (target: none). The suite runs in one
# process (java -jar axon-standalone.jar, two engines per environment) with the monitor judging
# every second (AXON_MONITOR_EVALUATION_MS=1000); AutoRollbackBenchmark
# (benchmarks/target/axon-benchmarks.jar) drives executions through the gateway and deploys the
# canaries (see its javadoc for what each run does).
#
# Usage, from the repository root after `mvn -B -q -DskipTests package`:
#   benchmarks/auto-rollback/run.sh
# Settings (environment):
#   AXON_BENCH_RUNS=20            bad canaries, and as many healthy ones
#   AXON_BENCH_RATE=200           executions a second
#   AXON_BENCH_PORT=9780          the gateway's port on 127.0.0.1
#   AXON_BENCH_PG=127.0.0.1:5432  PostgreSQL (user postgres, trust); scratch database axon_bench_rollback,
#                                 dropped before and after
#   AXON_BENCH_KEEP=1             keep the work directory (the suite's log)
# Everything listens on 127.0.0.1 only; the suite is ended by its PID on exit, Ctrl-C included.
set -euo pipefail
{
cd "$(dirname "$0")/../.."
runs=${AXON_BENCH_RUNS:-20}
rate=${AXON_BENCH_RATE:-200}
port=${AXON_BENCH_PORT:-9780}
pg_server=${AXON_BENCH_PG:-127.0.0.1:5432}
jar=standalone/target/axon-standalone.jar
driver=benchmarks/target/axon-benchmarks.jar
database=axon_bench_rollback
token=bench-$RANDOM$RANDOM$RANDOM
for file in "$jar" "$driver"; do
  [ -f "$file" ] || { echo "no $file: build first with mvn -B -q -DskipTests package" >&2; exit 1; }
done
work=$(mktemp -d /tmp/axon-bench-rollback.XXXXXX)
drop_database() {
  psql -q -h "${pg_server%:*}" -p "${pg_server#*:}" -U postgres -d postgres \
    -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 || true
}
suite=
stop() {
  trap - EXIT INT TERM
  if [ -n "$suite" ]; then
    kill -TERM "$suite" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$suite" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$suite" 2>/dev/null || true
  fi
  drop_database
  if [ "${AXON_BENCH_KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

drop_database
env -i HOME="$HOME" PATH="$PATH" AXON_PG_URL="postgresql://postgres@$pg_server/$database" AXON_ADMIN_TOKEN="$token" \
  AXON_AUDIT_KEY_FILE="$work/audit.key" AXON_SECRETS_KEY_FILE="$work/secrets.key" AXON_HTTP_HOST=127.0.0.1 \
  AXON_HTTP_PORT="$port" AXON_ENGINES_PER_ENVIRONMENT=2 AXON_ENGINE_BASE_PORT=0 AXON_MONITOR_EVALUATION_MS=1000 \
  java -Xmx1g -jar "$jar" >"$work/suite.log" 2>&1 &
suite=$!
for _ in $(seq 1 720); do
  kill -0 "$suite" 2>/dev/null || { echo "the suite exited during its start:" >&2; tail -n 20 "$work/suite.log" >&2; exit 1; }
  curl -sf "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break
  sleep 0.25
done
echo "suite ready on 127.0.0.1:$port (load average $(cut -d' ' -f1 /proc/loadavg)); $runs runs at $rate executions/s"
java -Xmx256m -cp "$driver" io.axon.deploy.benchmarks.AutoRollbackBenchmark --gateway "http://127.0.0.1:$port" \
  --token "$token" --runs "$runs" --rate "$rate"
exit
}
