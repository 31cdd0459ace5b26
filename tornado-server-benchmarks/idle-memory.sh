#!/usr/bin/env bash
# Memory per idle keep-alive connection, ours against Netty's, side by side in one run.
#
# For each server (default: tornado starter netty webflux-tornado webflux-netty) the script starts
# a fresh JVM with its default settings (no -Xms/-Xmx unless JVM_OPTS says otherwise), serves 50
# requests on short-lived connections so the request path is loaded, forces a full GC and reads the
# used heap (jstat: survivor + eden + old) and RSS. Then IdleConnections opens N connections, each
# with one request answered, and holds them idle; the script forces a full GC again and reads the
# same figures. Per connection = (after - before) / N. Heap after a full GC counts what an idle
# connection keeps alive; RSS also counts kernel-side and allocator growth the JVM does not give
# back, so it is noisier.
#
# Environment: N (connections, default 10000, at most 30000), SERVERS_TO_RUN, PORT (default
# 18090), JVM_OPTS (extra server JVM options, e.g. "-Xms256m -Xmx256m" for bench.sh's fixed heap),
# SKIP_BUILD=1 to reuse the built jars, OUT (directory for the server logs), BEFORE_JAR (an
# earlier build's benchmarks.jar: adds its core hello server as tornado-before, for a before/after
# comparison in one run).
# Talks only to 127.0.0.1; raises its own open-file limit; every step is bounded in time; servers
# are killed on exit.
# One block, read whole before it starts: bash reads a script as it runs it, so an edit or a
# checkout during a run would otherwise change the commands that are still to come.
{
set -euo pipefail

N=${N:-10000}
PORT=${PORT:-18090}
JVM_OPTS=${JVM_OPTS:-}
MODULE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT_DIR=$(cd "$MODULE_DIR/.." && pwd)
JAR="$MODULE_DIR/target/benchmarks.jar"
WEBFLUX_TORNADO_JAR="$MODULE_DIR/webflux-hello-tornado/target/webflux-hello-tornado.jar"
WEBFLUX_NETTY_JAR="$MODULE_DIR/webflux-hello-netty/target/webflux-hello-netty.jar"
OUT=${OUT:-$(mktemp -d /tmp/tornado-idle.XXXXXX)}
SERVERS=(${SERVERS_TO_RUN:-tornado starter netty webflux-tornado webflux-netty})
mkdir -p "$OUT"

if ((N < 1 || N > 30000)); then
  echo "N=$N: must be between 1 and 30000" >&2
  exit 1
fi

declare -A MAIN_CLASS=(
  [tornado]=io.github.tornadoserver.benchmarks.TornadoHelloServer
  [starter]=io.github.tornadoserver.benchmarks.StarterHelloServer
  [netty]=io.github.tornadoserver.benchmarks.NettyHelloServer
)
if [[ -n "${BEFORE_JAR:-}" ]]; then
  [[ -f "$BEFORE_JAR" ]] || { echo "BEFORE_JAR=$BEFORE_JAR: no such file" >&2; exit 1; }
  MAIN_CLASS[tornado-before]=${MAIN_CLASS[tornado]}
  [[ -n "${SERVERS_TO_RUN:-}" ]] || SERVERS+=(tornado-before)
fi
declare -A BOOT_JAR=(
  [webflux-tornado]=$WEBFLUX_TORNADO_JAR
  [webflux-netty]=$WEBFLUX_NETTY_JAR
)
declare -A JVM_FLAGS=(
  [webflux-netty]=-Dreactor.netty.ioWorkerCount=1
)

log() { printf '[idle %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# Each connection takes a descriptor in the client and one in the server (both on this machine).
needed=$((N + 4096))
if (($(ulimit -n) < needed)); then
  ulimit -n "$needed" 2>/dev/null || ulimit -n "$(ulimit -Hn)"
  if (($(ulimit -n) < needed)); then
    log "open-file limit $(ulimit -n) is below $needed; lower N or raise the hard limit"
    exit 1
  fi
fi

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  log "building the benchmark jars"
  (cd "$ROOT_DIR" && ./mvnw -q -DskipTests -am package -pl \
    tornado-server-benchmarks,tornado-server-benchmarks/webflux-hello-tornado,tornado-server-benchmarks/webflux-hello-netty)
fi

SERVER_PID=""
CLIENT_PID=""
cleanup() {
  [[ -n "$CLIENT_PID" ]] && kill "$CLIENT_PID" 2>/dev/null
  [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null
  exec 4>&- 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

# shellcheck source=lib.sh
source "$MODULE_DIR/lib.sh"

start_server() { # name
  if port_open "$PORT"; then
    log "port $PORT is already in use; set PORT"
    exit 1
  fi
  local jar=$JAR
  [[ $1 == *-before ]] && jar=$BEFORE_JAR
  local launch=(-cp "$jar" "${MAIN_CLASS[$1]:-}") flags=()
  [[ -n "${BOOT_JAR[$1]:-}" ]] && launch=(-jar "${BOOT_JAR[$1]}")
  [[ -n "${JVM_FLAGS[$1]:-}" ]] && flags=("${JVM_FLAGS[$1]}")
  # shellcheck disable=SC2086
  java $JVM_OPTS "${flags[@]}" "${launch[@]}" "$PORT" >"$OUT/$1-server.log" 2>&1 &
  SERVER_PID=$!
  local i
  for ((i = 0; i < 600; i++)); do
    port_open "$PORT" && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { log "$1 exited before listening"; exit 1; }
    sleep 0.1
  done
  log "$1 did not listen within 60 s"
  exit 1
}

stop_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

# Used heap in KiB after a full GC: survivor, eden and old generation as jstat reports them.
heap_kib() { # pid
  jcmd "$1" GC.run >/dev/null
  jstat -gc "$1" | awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i }
    NR == 2 { printf "%.0f", $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"] }'
}

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# Opens $2 idle connections; returns once the client printed "ready"; the client holds them
# until its standard input (descriptor 4 here) is closed.
open_idle() { # name count
  local fifo="$OUT/$1-$2.in"
  rm -f "$fifo"
  mkfifo "$fifo"
  timeout 600 java -Xmx512m -cp "$JAR" io.github.tornadoserver.benchmarks.IdleConnections \
    "$PORT" "$2" <"$fifo" >"$OUT/$1-$2.client" 2>&1 &
  CLIENT_PID=$!
  exec 4>"$fifo"
  local i
  for ((i = 0; i < 1200; i++)); do
    grep -q '^ready' "$OUT/$1-$2.client" 2>/dev/null && return 0
    kill -0 "$CLIENT_PID" 2>/dev/null || { log "client failed: $(cat "$OUT/$1-$2.client")"; exit 1; }
    sleep 0.1
  done
  log "client did not open $2 connections within 120 s"
  exit 1
}

close_idle() {
  exec 4>&-
  wait "$CLIENT_PID" 2>/dev/null || true
  CLIENT_PID=""
}

printf '%-16s %12s %12s %14s %14s\n' server "heap KiB/0" "heap KiB/$N" "heap B/conn" "RSS B/conn"
for server in "${SERVERS[@]}"; do
  log "$server: starting"
  start_server "$server"
  open_idle "$server" 50
  close_idle
  heap0=$(heap_kib "$SERVER_PID")
  rss0=$(rss_kib "$SERVER_PID")
  log "$server: opening $N idle connections"
  open_idle "$server" "$N"
  heap1=$(heap_kib "$SERVER_PID")
  rss1=$(rss_kib "$SERVER_PID")
  close_idle
  stop_server
  awk -v s="$server" -v h0="$heap0" -v h1="$heap1" -v r0="$rss0" -v r1="$rss1" -v n="$N" \
    'BEGIN { printf "%-16s %12d %12d %14.0f %14.0f\n", s, h0, h1, (h1 - h0) * 1024 / n, (r1 - r0) * 1024 / n }'
done
log "server logs in $OUT"
exit
}
