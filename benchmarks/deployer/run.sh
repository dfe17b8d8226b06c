#!/usr/bin/env bash
# One deployer driving many canary deployments at once, each with steps 1 s apart (issue 9): does it
# keep up with its timers? The standalone suite runs on a scratch database; N workflows get 1.0.0
# deployed with `immediate`, then N canaries of 1.1.0 start together:
#   setWeight 10, pause 1 s, setWeight 30, pause 1 s, setWeight 60, pause 1 s, then the switch.
# Each timed pause persists when it may end (`until`); its lateness is when it actually ended minus
# that, read back from the deployer's own table. Also reported: how long the N deployments took from
# the first POST to the last one ending, against the 3 s their pauses alone take.
#
# Usage, from the repository root after `mvn -B -q -DskipTests package`:
#   benchmarks/deployer/run.sh
# Settings (environment):
#   AXON_BENCH_DEPLOYMENTS=1000   canaries at once
#   AXON_BENCH_PARALLEL=8         HTTP requests in flight while setting up and starting them
#   AXON_BENCH_PORT=9480          the suite's HTTP port (engines from AXON_BENCH_PORT+10)
#   AXON_BENCH_PG=127.0.0.1:5432  PostgreSQL (user postgres, trust); scratch database axon_bench_deployer
#   AXON_BENCH_JAR=standalone/target/axon-standalone.jar
# Needs curl, jq and psql. Everything listens on 127.0.0.1; the suite is ended by its PID on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${AXON_BENCH_DEPLOYMENTS:-1000}
parallel=${AXON_BENCH_PARALLEL:-8}
port=${AXON_BENCH_PORT:-9480}
pg=${AXON_BENCH_PG:-127.0.0.1:5432}
jar=${AXON_BENCH_JAR:-standalone/target/axon-standalone.jar}
db=axon_bench_deployer
token=bench-admin-token
api=http://127.0.0.1:$port/api/v1
work=$(mktemp -d)
psql_() { psql -h "${pg%:*}" -p "${pg#*:}" -U postgres -qtA "$@"; }

psql_ -c "DROP DATABASE IF EXISTS $db" >/dev/null
AXON_PG_URL="postgresql://postgres@$pg/$db" AXON_HTTP_HOST=127.0.0.1 AXON_HTTP_PORT=$port AXON_ADMIN_TOKEN=$token \
  AXON_ENGINE_BASE_PORT=$((port + 10)) AXON_ENGINES_PER_ENVIRONMENT=2 AXON_SECRETS_KEY_FILE="$work/secrets.key" \
  AXON_AUDIT_KEY_FILE="$work/audit.key" AXON_PG_POOL_SIZE=16 java -jar "$jar" >"$work/suite.log" 2>&1 &
suite=$!
cleanup() { kill "$suite" 2>/dev/null || true; wait "$suite" 2>/dev/null || true
  psql_ -c "DROP DATABASE IF EXISTS $db" >/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/ready" >/dev/null && break; sleep 1; done
curl -sf "http://127.0.0.1:$port/ready" >/dev/null || { tail -50 "$work/suite.log"; exit 1; }

call() { # method path body → the answer's body; anything but 2xx is shown and fails
  local answer
  answer=$(curl -sS -w '\n%{http_code}' -X "$1" "$api$2" -H "Authorization: Bearer $token" \
    -H "Content-Type: application/json" ${3:+-d "$3"})
  case "${answer##*$'\n'}" in 2*) printf '%s\n' "${answer%$'\n'*}" ;; *) echo "$1 $2: $answer" >&2; return 1 ;; esac
}
export -f call; export api token

# development takes up to 1000 deployments at once (its limit is 10)
etag=$(curl -sS -D - -o "$work/env.json" "$api/environments/development" -H "Authorization: Bearer $token" \
  | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
jq '.restrictions.maxConcurrentDeployments = 1000' "$work/env.json" >"$work/env2.json"
curl -sS -f -X PUT "$api/environments/development" -H "Authorization: Bearer $token" -H "If-Match: $etag" \
  -H 'Content-Type: application/json' --data-binary @"$work/env2.json" >/dev/null

definition() { printf '{"nodes":[{"id":"start","type":"trigger"},{"id":"t","type":"transform","config":{"set":{"v":"%s"}}}],"connections":[{"id":"c1","from":"start","to":"t"}]}' "$1"; }
export -f definition
echo "setting up $n workflows (1.0.0 deployed, 1.1.0 published)"
seq 1 "$n" | xargs -P "$parallel" -I@ bash -c '
  call POST /workflows "{\"key\":\"w@\",\"name\":\"w@\"}" >/dev/null
  for v in 1.0.0 1.1.0; do
    call POST /workflows/w@/versions "{\"version\":\"$v\",\"definition\":$(definition $v)}" >/dev/null
    call POST /workflows/w@/versions/$v/publish "{}" >/dev/null
  done
  call POST /environments/development/deployments "{\"workflow\":\"w@\",\"version\":\"1.0.0\"}" >/dev/null'
until [ "$(psql_ -d $db -c "SELECT count(*) FROM deployer.deployments WHERE status IN ('in_progress','rolling_back')")" = 0 ]; do sleep 1; done

canary='{"type":"canary","steps":[{"setWeight":10},{"pause":{"duration":1000}},{"setWeight":30},{"pause":{"duration":1000}},{"setWeight":60},{"pause":{"duration":1000}}]}'
echo "starting $n canaries"
started=$(date +%s%3N)
export work; : >"$work/refused"
seq 1 "$n" | xargs -P "$parallel" -I@ bash -c \
  "call POST /environments/development/deployments '{\"workflow\":\"w@\",\"version\":\"1.1.0\",\"strategy\":$canary}' >/dev/null \
   || echo w@ >>\"\$work/refused\""
posted=$(date +%s%3N)
until [ "$(psql_ -d $db -c "SELECT count(*) FROM deployer.deployments WHERE version = '1.1.0' AND status IN ('in_progress','rolling_back')")" = 0 ]; do sleep 0.5; done
ended=$(date +%s%3N)

psql_ -d $db -F ' ' -c "
  WITH pauses AS (
    SELECT extract(epoch FROM s.finished_at) * 1000 - (s.detail->>'until')::bigint AS late
    FROM deployer.deployment_steps s JOIN deployer.deployments d ON d.id = s.deployment_id
    WHERE d.version = '1.1.0' AND s.name = 'pause' AND s.status = 'succeeded')
  SELECT count(*), round(percentile_cont(0.5) WITHIN GROUP (ORDER BY late)), round(percentile_cont(0.99) WITHIN GROUP (ORDER BY late)),
    round(max(late)) FROM pauses" | {
  read -r count p50 p99 worst
  outcomes=$(psql_ -d $db -c "SELECT string_agg(status || ' ' || n, ', ') FROM (SELECT status, count(*) n FROM deployer.deployments WHERE version = '1.1.0' GROUP BY status) x")
  echo "canaries: $n asked, $(wc -l <"$work/refused") refused ($outcomes); POSTs took $((posted - started)) ms; first POST to last end $((ended - started)) ms"
  echo "timed pauses: $count; lateness p50 ${p50} ms, p99 ${p99} ms, worst ${worst} ms"
}
