#!/usr/bin/env bash
# Time from `java` to the first answered request, for the sample (handler beans), the WebFlux
# sample on tornado-server, and the same WebFlux sample on Reactor Netty (built with
# -Preactor-netty), in four modes:
#   jar      plainly from the jar;
#   cds      with a class-data-sharing archive made by Spring Boot's training run (the jar
#            extracted with `-Djarmode=tools extract`, one run with -XX:ArchiveClassesAtExit and
#            -Dspring.context.exit=onRefresh, then -XX:SharedArchiveFile);
#   aot      the jar built with -Paot (Spring's ahead-of-time processing), run with
#            -Dspring.aot.enabled=true;
#   aot+cds  both: the AOT jar extracted, trained and run with the archive and AOT enabled.
#
# Each application is started RUNS times (default 5) on 127.0.0.1 ports of its own; the script
# polls GET /echo every 50 ms from the moment it starts java and prints the median and the range
# of the time to the first 200, in milliseconds. Environment: RUNS, APPS (default "sample
# webflux-tornado webflux-netty"), MODES (default "jar cds aot aot+cds"), SKIP_BUILD=1 (reuse the
# jars in OUT), OUT (work directory, default a new one under /tmp). Every process is killed on
# exit.
# One block, read whole before it starts: bash reads a script as it runs it, so an edit or a
# checkout during a run would otherwise change the commands that are still to come.
{
set -euo pipefail

RUNS=${RUNS:-5}
APPS=${APPS:-sample webflux-tornado webflux-netty}
MODES=${MODES:-jar cds aot aot+cds}
ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${OUT:-$(mktemp -d /tmp/tornado-startup.XXXXXX)}
PORT=${PORT:-18300}
mkdir -p "$OUT"
APP_PID=""

log() { printf '[startup %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
cleanup() { [[ -n "$APP_PID" ]] && kill "$APP_PID" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT

# The build's output (the AOT processing starts each application once) goes with the log, not
# with the table.
build() { ./mvnw -q -B -DskipTests "$@" >&2; }

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  cd "$ROOT_DIR"
  samples=tornado-server-sample,tornado-server-sample-webflux
  sample_jar=tornado-server-sample/target/tornado-server-sample.jar
  webflux_jar=tornado-server-sample-webflux/target/tornado-server-sample-webflux.jar
  log "building the sample and the WebFlux sample on tornado-server"
  build -pl "$samples" -am package
  cp "$sample_jar" "$OUT/sample.jar"
  cp "$webflux_jar" "$OUT/webflux-tornado.jar"
  log "building the WebFlux sample on Reactor Netty"
  build -Preactor-netty -pl tornado-server-sample-webflux -am package
  cp "$webflux_jar" "$OUT/webflux-netty.jar"
  log "building the same three with Spring's ahead-of-time processing (-Paot)"
  build -Paot -pl "$samples" -am package
  cp "$sample_jar" "$OUT/sample-aot.jar"
  cp "$webflux_jar" "$OUT/webflux-tornado-aot.jar"
  build -Paot,reactor-netty -pl tornado-server-sample-webflux -am package
  cp "$webflux_jar" "$OUT/webflux-netty-aot.jar"
  # Leave the default jars in place again.
  build -pl "$samples" -am package
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

# Extracts JAR into DIR and writes DIR/app.jsa with Spring Boot's training run; prints the path
# of the extracted application jar.
train_cds() { # jar dir java-options... -- app-arguments...
  local jar=$1 dir=$2 app_jar
  shift 2
  rm -rf "$dir"
  java -Djarmode=tools -jar "$jar" extract --destination "$dir" >/dev/null
  app_jar=$(ls "$dir"/*.jar)
  local options=()
  while [[ $1 != -- ]]; do options+=("$1"); shift; done
  shift
  java -XX:ArchiveClassesAtExit="$dir/app.jsa" -Dspring.context.exit=onRefresh "${options[@]}" \
    -jar "$app_jar" "$@" >"$dir-training.log" 2>&1
  echo "$app_jar"
}

# RUNS starts of APP in MODE, summarised on one line.
measure() { # app mode
  local app=$1 mode=$2 jar app_jar
  # shellcheck disable=SC2207
  local args=($(app_args "$app"))
  local options=()
  case $mode in
    jar | cds) jar="$OUT/$app.jar" ;;
    aot | aot+cds) jar="$OUT/$app-aot.jar" options=(-Dspring.aot.enabled=true) ;;
  esac
  case $mode in
    jar | aot) app_jar=$jar ;;
    cds | aot+cds)
      app_jar=$(train_cds "$jar" "$OUT/$app-$mode" "${options[@]}" -- "${args[@]}")
      options+=(-XX:SharedArchiveFile="$OUT/$app-$mode/app.jsa")
      ;;
  esac
  for ((r = 0; r < RUNS; r++)); do
    time_to_first_answer "${options[@]}" -jar "$app_jar" "${args[@]}"
  done | summary | xargs printf "%-16s %-8s %6s %6s %6s\n" "$app" "$mode"
}

printf '%-16s %-8s %6s %6s %6s\n' application mode median min max
for app in $APPS; do
  for mode in $MODES; do measure "$app" "$mode"; done
done
log "logs in $OUT"
exit
}
