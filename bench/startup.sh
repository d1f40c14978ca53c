#!/usr/bin/env bash
# Start-up to a healthy /health, idle RSS, and a clean SIGTERM stop of the product's jar, started
# as bin/run starts it (bin/serve: the first start after a build writes the class-data archive when
# it stops, later starts read it; CDS=off for neither).
#   bench/startup.sh [DATA_DIR]   (default: a new temporary directory; the simulator stays off)
# Run after a build (bin/run or mvn -DskipTests package); the engine must be in its cache.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=backend/target/mediation-server.jar
[ -f "$jar" ] || { echo "no $jar: build first (mvn -B -DskipTests package)" >&2; exit 1; }
data=${1:-$(mktemp -d /tmp/startup-bench.XXXXXX)}
port=${HTTP_PORT:-18080}
idle=${IDLE_SECONDS:-30}

start=$(date +%s%N)
HTTP_PORT=$port DATA_DIR=$data SIMULATOR=${SIMULATOR:-off} bin/serve >"$data.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1; do
  kill -0 $pid 2>/dev/null || { echo "the server died; see $data.log" >&2; exit 1; }
  sleep 0.05
done
ready=$(date +%s%N)
echo "start-up to a healthy /health: $(( (ready - start) / 1000000 )) ms (JVM launch included; data in $data)"
curl -s "http://127.0.0.1:$port/health"; echo
sleep "$idle"
echo "RSS after ${idle} s idle: $(( $(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024 )) MB (JVM heap + engine)"
kill -TERM $pid
set +e; wait $pid; code=$?; set -e
trap - EXIT
echo "exit status after SIGTERM: $code"
[ -e "hs_err_pid$pid.log" ] && echo "crash: hs_err_pid$pid.log written" || echo "no hs_err file"
