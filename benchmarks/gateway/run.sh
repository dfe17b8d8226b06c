#!/usr/bin/env bash
# Executions of a small workflow (trigger -> transform), side by side in one run on the same engine
# processes, measured with wrk (issue 8):
#   direct   straight to one engine instance: POST /workflows/bench/versions/1.0.0/executions
#   nginx    through Debian's nginx, its own process with a generated config: split_clients 90% to
#            1.0.0 and 10% to 1.1.0, round-robin over both engines, upstream keep-alive
#   gateway  through the gateway (clustered with the registry, deployer and monitor processes):
#            POST /api/v1/environments/development/workflows/bench/executions, routing 90/10 set
#            through the HTTP API after two `immediate` deployments (the deployer loads the engines)
# Both proxies serve the gateway's path, so every arm sends the same request: {"input":{}} with a
# bearer token (execute.lua).
#
# Each arm is warmed up first (a fresh JVM needs 20-90 s of traffic), then measured at peak
# (closed loop, AXON_BENCH_CONNECTIONS connections) over AXON_BENCH_ROUNDS rounds, the arms
# alternating in a rotated order each round; then measured again at half of the gateway's peak rate
# (nginx's when the gateway arm does not run), paced by execute.lua through wrk's delay() hook, for
# the p99 each proxy adds over the direct arm. Medians over the rounds are reported. CPU per request
# is read from /proc/<pid>/stat (utime + stime) of the measured processes before and after each run:
# the gateway JVM against the nginx master and workers; the engines, the rest of the suite and the
# load from other processes on the machine are reported beside them.
#
# Usage, from the repository root after `mvn -B -q -DskipTests package`:
#   benchmarks/gateway/run.sh
# Settings (environment):
#   AXON_BENCH_WARMUP=30         seconds of warm-up per arm
#   AXON_BENCH_SECONDS=20        seconds per measured run
#   AXON_BENCH_ROUNDS=3          rounds; each round measures every arm once
#   AXON_BENCH_CONNECTIONS=32    wrk connections (-c), at peak and at half load
#   AXON_BENCH_THREADS=2         wrk threads (-t)
#   AXON_BENCH_PROXY_WORKERS=1   nginx worker_processes and the gateway's AXON_INSTANCES (event loops)
#   AXON_BENCH_ENGINE_LOOPS=1    each engine's AXON_INSTANCES
#   AXON_BENCH_ARMS="direct nginx gateway"   arms to run
#   AXON_BENCH_HALF=1            0 skips the half-load runs
#   AXON_BENCH_HALF_RATE=        a fixed half-load rate (requests/s) instead of half the peak
#   AXON_BENCH_BASE_PORT=9380    gateway on it, nginx +10, engines +11 and +12, monitor +13;
#                                Hazelcast from AXON_BENCH_CLUSTER_PORT=5791
#   AXON_BENCH_PG=127.0.0.1:5432 PostgreSQL (user postgres, trust) for the gateway arm's suite, on a
#                                scratch database axon_bench_gateway, dropped before and after
#   AXON_BENCH_JAR=standalone/target/axon-standalone.jar
#   AXON_BENCH_QUIET_PERCENT=10  before each measured run, wait until the whole machine is at most
#   AXON_BENCH_QUIET_WAIT=180    this busy (over 2 s, our processes idle) for at most this many seconds:
#                                other people's builds on a shared machine ruin a run
#   AXON_BENCH_RETRIES=2         a run in which other processes took more than AXON_BENCH_QUIET_PERCENT
#                                of the machine is measured again, at most this many times
#   AXON_BENCH_RESULTS=FILE      copy the raw per-run results (TSV) there
#   AXON_BENCH_KEEP=1            keep the work directory (logs, nginx.conf, raw results)
# wrk, nginx, curl and jq are installed from Debian if missing; the system's nginx service is never
# started.
# Everything listens on 127.0.0.1 only. Every process started here is ended by its PID on exit,
# Ctrl-C included.
set -euo pipefail
{ # the whole script is read before it runs: editing the file during a run cannot change that run
cd "$(dirname "$0")/../.."

warmup=${AXON_BENCH_WARMUP:-30}
run_seconds=${AXON_BENCH_SECONDS:-20}
rounds=${AXON_BENCH_ROUNDS:-3}
connections=${AXON_BENCH_CONNECTIONS:-32}
threads=${AXON_BENCH_THREADS:-2}
workers=${AXON_BENCH_PROXY_WORKERS:-1}
engine_loops=${AXON_BENCH_ENGINE_LOOPS:-1}
arms=${AXON_BENCH_ARMS:-direct nginx gateway}
half=${AXON_BENCH_HALF:-1}
base_port=${AXON_BENCH_BASE_PORT:-9380}
cluster_port=${AXON_BENCH_CLUSTER_PORT:-5791}
pg_server=${AXON_BENCH_PG:-127.0.0.1:5432}
jar=${AXON_BENCH_JAR:-standalone/target/axon-standalone.jar}
gateway_port=$base_port
nginx_port=$((base_port + 10))
engine_ports=($((base_port + 11)) $((base_port + 12)))
monitor_port=$((base_port + 13))
database=axon_bench_gateway
token=bench-$RANDOM$RANDOM$RANDOM
lua=benchmarks/gateway/execute.lua
path=/api/v1/environments/development/workflows/bench/executions
hz=$(getconf CLK_TCK)

# ---------------------------------------------------------------- tools, jar, ports
missing=()
for tool in wrk nginx curl jq; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
fi
[ -f "$jar" ] || { echo "no $jar: build first with mvn -B -q -DskipTests package" >&2; exit 1; }
java=$(command -v java)
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "$gateway_port" "$nginx_port" "${engine_ports[@]}" "$monitor_port" "$cluster_port"; do
  if in_use "$port"; then
    echo "port $port on 127.0.0.1 is in use: set AXON_BENCH_BASE_PORT or AXON_BENCH_CLUSTER_PORT" >&2
    exit 1
  fi
done

has_class() { unzip -l "$jar" "${1//.//}.class" >/dev/null 2>&1 || jar tf "$jar" 2>/dev/null | grep -qx "${1//.//}.class"; }

# ---------------------------------------------------------------- processes, ended on exit
work=$(mktemp -d /tmp/axon-bench-gateway.XXXXXX)
pids=()           # every process started here, in start order
engine_pids=()
suite_pids=()     # registry, deployer, monitor
gateway_pid=
nginx_pid=
dropped_db=

stop_all() {
  trap - EXIT INT TERM
  local i pid
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill -TERM "${pids[i]}" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [ -n "$dropped_db" ]; then drop_database; fi
  if [ "${AXON_BENCH_KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap stop_all EXIT
trap 'echo "interrupted" >&2; exit 130' INT
trap 'exit 143' TERM

pg_host=${pg_server%:*}
pg_port=${pg_server#*:}
drop_database() {
  psql -q -h "$pg_host" -p "$pg_port" -U postgres -d postgres \
    -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 || true
}

# start_java NAME MAIN [VAR=value ...]: a JVM with only the given AXON_ settings; prints nothing, sets $started
start_java() {
  local name=$1 main=$2
  shift 2
  env -i HOME="$HOME" PATH="$PATH" "$@" "$java" -Xmx512m \
    --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
    --add-opens java.base/java.nio=ALL-UNNAMED --add-exports java.base/jdk.internal.ref=ALL-UNNAMED \
    --add-opens java.management/sun.management=ALL-UNNAMED \
    --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED \
    -cp "$jar" "$main" >"$work/$name.log" 2>&1 &
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

cluster=(AXON_CLUSTER_NAME="axon-bench-$$" AXON_CLUSTER_HOST=127.0.0.1 AXON_CLUSTER_MEMBERS=127.0.0.1
  AXON_CLUSTER_PORT="$cluster_port" AXON_HTTP_HOST=127.0.0.1 AXON_ENGINE_HOST=127.0.0.1)

# ---------------------------------------------------------------- the workflow's two versions
definition() { # $1: what the transform sets as variant
  printf '{"nodes": [{"id": "start", "type": "trigger"},
  {"id": "answer", "type": "transform", "config": {"set": {"status": "ok", "variant": "%s"}}}],
 "connections": [{"id": "c1", "from": "start", "to": "answer"}]}' "$1"
}
declare -A variant=([1.0.0]=a [1.1.0]=b)

# ---------------------------------------------------------------- engines (clustered, so the gateway finds them)
echo "starting two engines (development, $engine_loops event loop(s) each) on ports ${engine_ports[*]}"
for i in 0 1; do
  start_java "engine-$((i + 1))" io.axon.deploy.engine.EngineMain "${cluster[@]}" \
    AXON_ENGINE_ENVIRONMENT=development AXON_ENGINE_INSTANCE_ID="bench-$((i + 1))" \
    AXON_ENGINE_PORT="${engine_ports[i]}" AXON_INSTANCES="$engine_loops" \
    AXON_GATEWAY_URL="http://127.0.0.1:$gateway_port" AXON_ENGINE_TOKEN="$token"
  engine_pids+=("$started")
  await "engine-$((i + 1))" "$started" curl -sf "http://127.0.0.1:${engine_ports[i]}/health"
done

# ---------------------------------------------------------------- the gateway arm's suite
gateway_arm=no
if [[ " $arms " == *" gateway "* ]]; then
  if ! has_class io.axon.deploy.deployer.DeployerMain || ! has_class io.axon.deploy.gateway.GatewayMain; then
    echo "gateway arm skipped: $jar has no io.axon.deploy.deployer.DeployerMain (the deployer service is not built yet)"
  else
    gateway_arm=yes
  fi
fi

api() { # METHOD PATH [BODY]: the answer's body on stdout; fails on a status outside 2xx, showing it
  local out status
  out=$(curl -s -w '\n%{http_code}' -X "$1" "http://127.0.0.1:$gateway_port$2" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' ${3:+-d "$3"})
  status=${out##*$'\n'}
  out=${out%$'\n'*}
  if [[ $status != 2* ]]; then echo "$1 $2 answered $status: $out" >&2; return 1; fi
  printf '%s\n' "$out"
}

deploy() { # VERSION: an immediate deployment in development, waited for until it succeeds
  local id status
  id=$(api POST /api/v1/environments/development/deployments \
    "{\"workflow\":\"bench\",\"version\":\"$1\",\"strategy\":\"immediate\",\"reason\":\"benchmark\"}" | jq -r .id)
  for _ in $(seq 1 240); do
    status=$(api GET "/api/v1/deployments/$id" | jq -r .status)
    case $status in
      succeeded) return 0 ;;
      failed | aborted | rolled_back | rolling_back | superseded)
        echo "deployment of bench $1 ended $status: $(api GET "/api/v1/deployments/$id")" >&2
        exit 1 ;;
    esac
    sleep 0.5
  done
  echo "deployment of bench $1 still $status after 120 s" >&2
  exit 1
}

if [ "$gateway_arm" = yes ]; then
  drop_database
  dropped_db=yes
  suite=("${cluster[@]}" AXON_PG_URL="postgresql://postgres@$pg_server/$database" AXON_ADMIN_TOKEN="$token"
    AXON_AUDIT_KEY_FILE="$work/audit.key" AXON_SECRETS_KEY_FILE="$work/secrets.key" AXON_PG_POOL_SIZE=4)
  echo "starting the registry, deployer, monitor and gateway as clustered processes (database $database)"
  start_java registry io.axon.deploy.registry.RegistryMain "${suite[@]}" AXON_INSTANCES=1
  suite_pids+=("$started")
  await registry "$started" started_line registry
  start_java deployer io.axon.deploy.deployer.DeployerMain "${suite[@]}" AXON_INSTANCES=1
  suite_pids+=("$started")
  await deployer "$started" started_line deployer
  if has_class io.axon.deploy.monitor.MonitorMain; then
    start_java monitor io.axon.deploy.monitor.MonitorMain "${suite[@]}" AXON_INSTANCES=1 \
      AXON_MONITOR_HTTP_HOST=127.0.0.1 AXON_MONITOR_HTTP_PORT="$monitor_port"
    suite_pids+=("$started")
    await monitor "$started" started_line monitor
  else
    echo "no io.axon.deploy.monitor.MonitorMain in $jar: the gateway arm runs without a monitor"
  fi
  start_java gateway io.axon.deploy.gateway.GatewayMain "${suite[@]}" AXON_INSTANCES="$workers" \
    AXON_HTTP_PORT="$gateway_port"
  gateway_pid=$started
  await gateway "$started" curl -sf "http://127.0.0.1:$gateway_port/ready"

  echo "setting up through the HTTP API: workflow bench, versions 1.0.0 and 1.1.0, two deployments, routing 90/10"
  api POST /api/v1/workflows '{"key":"bench","name":"bench"}' >/dev/null
  for v in 1.0.0 1.1.0; do
    api POST /api/v1/workflows/bench/versions \
      "{\"version\":\"$v\",\"title\":\"bench $v\",\"definition\":$(definition "${variant[$v]}")}" >/dev/null
  done
  deploy 1.0.0
  deploy 1.1.0
  api PUT /api/v1/environments/development/workflows/bench/routing \
    '{"routes":[{"version":"1.0.0","weight":90},{"version":"1.1.0","weight":10}]}' >/dev/null
fi

# Versions the deployer did not load (all of them when the gateway arm does not run) are loaded
# directly, so the direct and nginx arms do not depend on the deployer; what it loaded is left as it is.
for port in "${engine_ports[@]}"; do
  for v in 1.0.0 1.1.0; do
    curl -sf "http://127.0.0.1:$port/info" \
      | jq -e --arg v "$v" '.versions | any(.workflow == "bench" and .version == $v)' >/dev/null && continue
    curl -sf -XPUT "http://127.0.0.1:$port/workflows/bench/versions/$v" -H 'Content-Type: application/json' \
      -d "$(definition "${variant[$v]}")" >/dev/null
  done
done

# ---------------------------------------------------------------- nginx, its own process and config
nginx_dir=$work/nginx
mkdir -p "$nginx_dir/tmp"
keepalive=$((connections > 64 ? connections : 64))
cat >"$nginx_dir/nginx.conf" <<EOF
# generated by benchmarks/gateway/run.sh
daemon off;
worker_processes $workers;
pid $nginx_dir/nginx.pid;
error_log $nginx_dir/error.log warn;
events {
  worker_connections $((4 * keepalive + 256));
}
http {
  access_log off;
  client_body_temp_path $nginx_dir/tmp/body;
  proxy_temp_path $nginx_dir/tmp/proxy;
  fastcgi_temp_path $nginx_dir/tmp/fastcgi;
  uwsgi_temp_path $nginx_dir/tmp/uwsgi;
  scgi_temp_path $nginx_dir/tmp/scgi;
  keepalive_requests 1000000;
  keepalive_timeout 75s;

  upstream engines {
    server 127.0.0.1:${engine_ports[0]};
    server 127.0.0.1:${engine_ports[1]};
    keepalive $keepalive;
    keepalive_requests 1000000;
    keepalive_timeout 75s;
  }

  # per request, like the gateway's weighted pick: \$request_id is random for each request
  split_clients "\$request_id" \$bench_version {
    90% 1.0.0;
    *   1.1.0;
  }

  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      return 404;
    }
    location = $path {
      proxy_pass http://engines/workflows/bench/versions/\$bench_version/executions;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
EOF
if [[ " $arms " == *" nginx "* ]]; then
  "$nginx_bin" -t -q -p "$nginx_dir" -c "$nginx_dir/nginx.conf" -e "$nginx_dir/error.log"
  "$nginx_bin" -p "$nginx_dir" -c "$nginx_dir/nginx.conf" -e "$nginx_dir/error.log" >"$work/nginx.log" 2>&1 &
  nginx_pid=$!
  pids+=("$nginx_pid")
  await nginx "$nginx_pid" curl -s -o /dev/null "http://127.0.0.1:$nginx_port/"
  echo "nginx $("$nginx_bin" -v 2>&1 | sed 's/.*\///') on 127.0.0.1:$nginx_port, $workers worker(s), upstream keepalive $keepalive"
fi

# ---------------------------------------------------------------- arms
url_of() {
  case $1 in
    direct) echo "http://127.0.0.1:${engine_ports[0]}/workflows/bench/versions/1.0.0/executions" ;;
    nginx) echo "http://127.0.0.1:$nginx_port$path" ;;
    gateway) echo "http://127.0.0.1:$gateway_port$path" ;;
  esac
}
proxy_pids_of() {
  case $1 in
    direct) ;;
    nginx) echo "$nginx_pid" $(pgrep -P "$nginx_pid" || cat "/proc/$nginx_pid/task/$nginx_pid/children") ;;
    gateway) echo "$gateway_pid" ;;
  esac
}
active=()
for arm in direct nginx gateway; do
  [[ " $arms " == *" $arm "* ]] || continue
  [ "$arm" = gateway ] && [ "$gateway_arm" != yes ] && continue
  active+=("$arm")
done
[ ${#active[@]} -gt 0 ] || { echo "no arm to run (AXON_BENCH_ARMS=$arms)" >&2; exit 1; }

# every arm executes (the gateway may take a moment to apply its routing table), and each proxy
# splits 90/10: 200 requests, counted by the engine's X-Axon-Version header
for arm in "${active[@]}"; do
  url=$(url_of "$arm")
  for attempt in $(seq 1 60); do
    body=$(curl -s -w ' %{http_code}' -XPOST "$url" -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' -d '{"input":{}}')
    [[ $body == *" 200" ]] && break
    [ "$attempt" -lt 60 ] && sleep 0.5
  done
  [[ $body == *" 200" ]] || { echo "$arm: an execution answered ${body##* }: ${body% *}" >&2; exit 1; }
  if [ "$arm" != direct ]; then
    split=$(for _ in $(seq 1 200); do
      curl -s -o /dev/null -D - -XPOST "$url" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        -d '{"input":{}}' | tr -d '\r' | awk -F': ' 'tolower($1) == "x-axon-version" {print $2}'
    done | sort | uniq -c | awk '{printf "%s%s: %d", sep, $2, $1; sep = ", "}')
    echo "$arm: 200 requests went to $split"
  fi
done

# ---------------------------------------------------------------- measuring
ticks_of() { # the CPU (utime + stime, in clock ticks) of the given PIDs
  local total=0 pid stat f
  for pid in "$@"; do
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
    read -r -a f <<<"${stat##*) }"
    total=$((total + f[11] + f[12]))
  done
  echo "$total"
}
children_ticks() { # CPU of this shell's waited-for children: wrk, and the odd curl
  local stat f
  stat=$(cat "/proc/$$/stat")
  read -r -a f <<<"${stat##*) }"
  echo $((f[13] + f[14]))
}
machine_ticks() { # busy and total ticks of all CPUs
  local label user nice system idle iowait irq softirq steal rest
  read -r label user nice system idle iowait irq softirq steal rest </proc/stat
  echo "$((user + nice + system + irq + softirq + steal)) $((user + nice + system + idle + iowait + irq + softirq + steal))"
}

quiet_percent=${AXON_BENCH_QUIET_PERCENT:-10}
quiet_wait=${AXON_BENCH_QUIET_WAIT:-180}
retries=${AXON_BENCH_RETRIES:-2}
wait_quiet() { # until the machine is quiet between runs, or quiet_wait seconds have passed
  local waited=0 pct
  local -a m0 m1
  while :; do
    read -r -a m0 <<<"$(machine_ticks)"
    sleep 2
    read -r -a m1 <<<"$(machine_ticks)"
    pct=$((100 * (m1[0] - m0[0]) / (m1[1] - m0[1] > 0 ? m1[1] - m0[1] : 1)))
    [ "$pct" -le "$quiet_percent" ] && return 0
    waited=$((waited + 2))
    if [ "$waited" -ge "$quiet_wait" ]; then
      echo "  the machine is still ${pct}% busy after ${quiet_wait} s: measuring anyway"
      return 0
    fi
    [ "$waited" -eq 2 ] && echo "  waiting for the machine to quieten (${pct}% busy between runs, more than ${quiet_percent}%)"
  done
}

results=$work/results.tsv
printf 'phase\tround\tarm\tconnections\trate\trequests\tseconds\trps\tp50_ms\tp99_ms\tproxy_us\tengines_us\tsuite_us\tothers_pct\tnon2xx\terrors\n' >"$results"

# measure PHASE ROUND ARM SECONDS [RATE]: one wrk run, appended to the results
measure() {
  local phase=$1 round=$2 arm=$3 secs=$4 rate=${5:-}
  local proxy engines suite wrk busy total line row attempt others
  local -a proxy_list m0 m1
  for ((attempt = 0; ; attempt++)); do
    [ "$phase" = warmup ] || wait_quiet
    read -r -a proxy_list <<<"$(proxy_pids_of "$arm")"
    proxy=$(ticks_of "${proxy_list[@]}")
    engines=$(ticks_of "${engine_pids[@]}")
    suite=$(ticks_of "${suite_pids[@]}")
    wrk=$(children_ticks)
    read -r -a m0 <<<"$(machine_ticks)"
    AXON_BENCH_TOKEN=$token AXON_BENCH_RATE=$rate AXON_BENCH_THREADS=$threads \
      wrk -t"$threads" -c"$connections" -d"${secs}s" --timeout 10s -s "$lua" "$(url_of "$arm")" >"$work/wrk.out" 2>&1 \
      || { cat "$work/wrk.out" >&2; exit 1; }
    read -r -a m1 <<<"$(machine_ticks)"
    proxy=$(($(ticks_of "${proxy_list[@]}") - proxy))
    engines=$(($(ticks_of "${engine_pids[@]}") - engines))
    suite=$(($(ticks_of "${suite_pids[@]}") - suite))
    wrk=$(($(children_ticks) - wrk))
    busy=$((m1[0] - m0[0]))
    total=$((m1[1] - m0[1]))
    line=$(grep '^AXON_RESULT' "$work/wrk.out") || { cat "$work/wrk.out" >&2; exit 1; }
    [ "$phase" = warmup ] && return 0
    row=$(awk -v phase="$phase" -v round="$round" -v arm="$arm" -v c="$connections" -v rate="${rate:--}" \
      -v proxy="$proxy" -v engines="$engines" -v suite="$suite" -v wrk="$wrk" -v busy="$busy" -v total="$total" \
      -v hz="$hz" -v line="$line" 'BEGIN {
        n = split(line, kv, " ")
        for (i = 2; i <= n; i++) { split(kv[i], p, "="); r[p[1]] = p[2] }
        req = r["requests"]; s = r["duration_us"] / 1e6; us = 1e6 / hz
        others = total > 0 ? 100 * (busy - proxy - engines - suite - wrk) / total : 0
        printf "%s\t%s\t%s\t%d\t%s\t%d\t%.1f\t%.0f\t%.2f\t%.2f\t%.1f\t%.1f\t%.1f\t%.0f\t%d\t%d\n", phase, round, arm, c, rate,
          req, s, req / s, r["p50_us"] / 1000, r["p99_us"] / 1000, proxy * us / req, engines * us / req,
          suite * us / req, others < 0 ? 0 : others, r["non2xx"], r["errors"]
      }')
    others=$(cut -f14 <<<"$row")
    if [ "$others" -gt "$quiet_percent" ] && [ "$attempt" -lt "$retries" ]; then
      echo "  $phase round $round $arm: disturbed (other processes took ${others}% of the machine), measured again"
      continue
    fi
    printf '%s\n' "$row" >>"$results"
    awk -F'\t' '{printf "  %-5s round %s %-8s %7s req/s  p50 %6s ms  p99 %7s ms  proxy %6s µs/req  engines %6s µs/req  others %s%%%s\n",
      $1, $2, $3, $8, $9, $10, ($3 == "direct" ? "-" : $11), $12, $14, ($15 + $16 > 0 ? "  NON-2XX " $15 " ERRORS " $16 : "")}' <<<"$row"
    return 0
  done
}

median_of() { # PHASE ARM COLUMN [FORMAT]: the median of that column over the rounds, "-" if none
  awk -F'\t' -v phase="$1" -v arm="$2" -v col="$3" '$1 == phase && $3 == arm {print $col}' "$results" | sort -g \
    | awk -v format="${4:-%.2f}" '{v[NR] = $1} END {
        if (NR == 0) print "-"; else printf format "\n", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

rotated() { # ROUND: the active arms, rotated by the round number
  local n=${#active[@]} i
  for ((i = 0; i < n; i++)); do echo "${active[(i + $1) % n]}"; done
}

echo "warm-up: ${warmup} s per arm at $connections connections (${active[*]})"
for arm in "${active[@]}"; do measure warmup 0 "$arm" "$warmup"; done

echo "peak: $rounds round(s) of ${run_seconds} s per arm at $connections connections, $threads wrk threads"
for ((round = 1; round <= rounds; round++)); do
  for arm in $(rotated "$round"); do measure peak "$round" "$arm" "$run_seconds"; done
done

half_rate=
if [ "$half" = 1 ]; then
  reference=gateway
  [ "$gateway_arm" = yes ] || reference=nginx
  [[ " ${active[*]} " == *" $reference "* ]] || reference=${active[0]}
  half_rate=${AXON_BENCH_HALF_RATE:-$(median_of peak "$reference" 8 | awk '{printf "%d", $1 / 2}')}
  how="half the median peak of the $reference arm"
  [ -z "${AXON_BENCH_HALF_RATE:-}" ] || how="fixed by AXON_BENCH_HALF_RATE"
  echo "half load: $half_rate req/s ($how), paced over $connections connections"
  for ((round = 1; round <= rounds; round++)); do
    for arm in $(rotated "$round"); do measure half "$round" "$arm" "$run_seconds" "$half_rate"; done
  done
fi

# ---------------------------------------------------------------- report
echo
echo "Medians over $rounds round(s); $(nproc) cores; wrk -t$threads -c$connections; proxies with $workers worker(s)/event loop(s); engines with $engine_loops each."
echo "CPU per request: proxy = nginx master + workers, or the gateway JVM; engines = both engine JVMs; others = % of the machine used by processes not started here."
printf '%-6s %-8s %9s %9s %9s %13s %15s %8s\n' phase arm "req/s" "p50 ms" "p99 ms" "proxy µs/req" "engines µs/req" "others%"
for phase in peak half; do
  for arm in "${active[@]}"; do
    [ "$(median_of "$phase" "$arm" 8)" = - ] && continue
    proxy=$(median_of "$phase" "$arm" 11 %.1f)
    [ "$arm" = direct ] && proxy=-
    printf '%-6s %-8s %9s %9s %9s %13s %15s %8s\n' "$phase" "$arm" "$(median_of "$phase" "$arm" 8 %.0f)" \
      "$(median_of "$phase" "$arm" 9)" "$(median_of "$phase" "$arm" 10)" "$proxy" "$(median_of "$phase" "$arm" 12 %.1f)" \
      "$(median_of "$phase" "$arm" 14 %.0f)"
  done
done
if [ "$gateway_arm" = yes ]; then
  echo "rest of the suite (registry, deployer, monitor) during the gateway's peak runs: $(median_of peak gateway 13 %.1f) µs/req"
fi
busy=$(awk -F'\t' 'NR > 1 && $14 > 10' "$results" | wc -l)
[ "$busy" -eq 0 ] || echo "WARNING: in $busy run(s) other processes used more than 10% of the machine: those figures are disturbed"
bad=$(awk -F'\t' 'NR > 1 && $15 + $16 > 0' "$results" | wc -l)
[ "$bad" -eq 0 ] || echo "WARNING: $bad run(s) had non-2xx answers or socket errors: see the per-run lines above"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2f", a / b}'; }
diff_ms() { awk -v a="$1" -v b="$2" 'BEGIN {if (a == "-" || b == "-") print "-"; else printf "%+.2f", a - b}'; }
echo
if [[ " ${active[*]} " == *" gateway "* && " ${active[*]} " == *" nginx "* ]]; then
  echo "gateway / nginx, peak throughput:   $(ratio "$(median_of peak gateway 8)" "$(median_of peak nginx 8)")   (target >= 0.9)"
  echo "gateway / nginx, CPU per request:   $(ratio "$(median_of peak gateway 11)" "$(median_of peak nginx 11)")   (target <= 1.3)"
fi
if [ "$half" = 1 ] && [[ " ${active[*]} " == *" direct "* ]]; then
  for arm in gateway nginx; do
    [[ " ${active[*]} " == *" $arm "* ]] || continue
    echo "$arm p99 added over direct at $half_rate req/s: $(diff_ms "$(median_of half "$arm" 10)" "$(median_of half direct 10)") ms$([ "$arm" = gateway ] && echo "   (target <= 2 ms)")"
  done
fi
[ "$gateway_arm" = yes ] || echo "gateway arm not run: its ratios need the deployer (io.axon.deploy.deployer.DeployerMain)"
if [ -n "${AXON_BENCH_RESULTS:-}" ]; then cp "$results" "$AXON_BENCH_RESULTS"; echo "raw results: $AXON_BENCH_RESULTS"; fi
exit
}
