#!/usr/bin/env bash
# Time from `java` to the first answered request, for the sample (handler beans), the WebFlux
# sample on tornado-server, and the same WebFlux sample on Reactor Netty (built with
# -Preactor-netty), each plainly from its jar and with a class-data-sharing archive made by Spring
# Boot's training run (the jar extracted with `-Djarmode=tools extract`, one run with
# -XX:ArchiveClassesAtExit and -Dspring.context.exit=onRefresh, then -XX:SharedArchiveFile).
#
# Each application is started RUNS times (default 5) on 127.0.0.1 ports of its own; the script
# polls GET /echo every 50 ms from the moment it starts java and prints the median and the range
# of the time to the first 200, in milliseconds. Environment: RUNS, SKIP_BUILD=1 (reuse the jars
# in OUT), OUT (work directory, default a new one under /tmp). Every process is killed on exit.
set -euo pipefail

RUNS=${RUNS:-5}
ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${OUT:-$(mktemp -d /tmp/tornado-startup.XXXXXX)}
PORT=${PORT:-18300}
mkdir -p "$OUT"
APP_PID=""

log() { printf '[startup %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
cleanup() { [[ -n "$APP_PID" ]] && kill "$APP_PID" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  cd "$ROOT_DIR"
  log "building the sample and the WebFlux sample on tornado-server"
  ./mvnw -q -B -DskipTests -pl tornado-server-sample,tornado-server-sample-webflux -am package
  cp tornado-server-sample/target/tornado-server-sample.jar "$OUT/sample.jar"
  cp tornado-server-sample-webflux/target/tornado-server-sample-webflux.jar "$OUT/webflux-tornado.jar"
  log "building the WebFlux sample on Reactor Netty"
  ./mvnw -q -B -DskipTests -Preactor-netty -pl tornado-server-sample-webflux -am package
  cp tornado-server-sample-webflux/target/tornado-server-sample-webflux.jar "$OUT/webflux-netty.jar"
  # Leave the default (tornado-server) WebFlux jar in place again.
  ./mvnw -q -B -DskipTests -pl tornado-server-sample-webflux -am package
fi

# The arguments that put each application on $PORT (and nothing else on a fixed port).
app_args() { # name
  case $1 in
    sample) echo "--tornado.http.port=$PORT --tornado.http.address=127.0.0.1 --tornado.tcp.port=0" ;;
    *) echo "--server.port=$PORT --server.address=127.0.0.1" ;;
  esac
}

now_ms() { date +%s%3N; }

# Starts java with the given arguments, returns the milliseconds until GET /echo answered 200.
time_to_first_answer() {
  local start end i
  start=$(now_ms)
  java "$@" >"$OUT/last.log" 2>&1 &
  APP_PID=$!
  for ((i = 0; i < 1200; i++)); do
    if curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$PORT/echo" 2>/dev/null |
      grep -q '^200$'; then
      end=$(now_ms)
      kill "$APP_PID"
      wait "$APP_PID" 2>/dev/null || true
      APP_PID=""
      echo $((end - start))
      return 0
    fi
    kill -0 "$APP_PID" 2>/dev/null || { log "exited: $(tail -5 "$OUT/last.log")"; exit 1; }
    sleep 0.05
  done
  log "no answer within 60 s"
  exit 1
}

# Median and range of the numbers on standard input.
summary() { sort -n | awk '{ v[NR] = $1 } END { printf "%6d %6d %6d", v[int((NR + 1) / 2)], v[1], v[NR] }'; }

printf '%-16s %-6s %6s %6s %6s\n' application mode median min max
for app in sample webflux-tornado webflux-netty; do
  # shellcheck disable=SC2207
  args=($(app_args "$app"))
  jar="$OUT/$app.jar"
  for ((r = 0; r < RUNS; r++)); do time_to_first_answer -jar "$jar" "${args[@]}"; done |
    summary | xargs printf "%-16s %-6s %6s %6s %6s\n" "$app" jar
  extracted="$OUT/$app-extracted"
  rm -rf "$extracted"
  java -Djarmode=tools -jar "$jar" extract --destination "$extracted" >/dev/null
  app_jar=$(ls "$extracted"/*.jar)
  java -XX:ArchiveClassesAtExit="$OUT/$app.jsa" -Dspring.context.exit=onRefresh -jar "$app_jar" \
    "${args[@]}" >"$OUT/$app-training.log" 2>&1
  for ((r = 0; r < RUNS; r++)); do
    time_to_first_answer -XX:SharedArchiveFile="$OUT/$app.jsa" -jar "$app_jar" "${args[@]}"
  done | summary | xargs printf "%-16s %-6s %6s %6s %6s\n" "$app" cds
done
log "logs in $OUT"
