#!/usr/bin/env bash
# What garbage collection costs each hello server under bench.sh's load, with each heap setting.
#
# For each heap setting (default: no heap flags; fixed: -Xms256m -Xmx256m, as bench.sh) and each
# server (tornado, netty), the script starts the server pinned to core 0 with -Xlog:gc, warms it
# up with wrk at 64 connections, then counts over two measured loads (wrk at 64 connections, then
# at 64 connections pipelining 16, DURATION seconds each) the young collections, the sum of their
# pauses and the server's CPU time. It prints one line per server and setting, with the collector
# the JVM chose. Pinned to one core, the JVM sees one processor and picks the Serial collector
# whatever the heap flags, so the settings differ only in the young generation's size.
#
# Environment: HEAPS (default "default fixed"), SERVERS_TO_RUN (default "tornado netty"), WARMUP
# (s, default 10), DURATION (s, default 8), PORT (default 18091), SKIP_BUILD=1 to reuse the built
# jar, OUT (directory for the GC logs; default a new directory under /tmp).
# Talks only to 127.0.0.1; installs wrk when missing; every step is bounded in time; each server
# is stopped by its PID, also when the script is interrupted.
# One block, read whole before it starts: bash reads a script as it runs it, so an edit or a
# checkout during a run would otherwise change the commands that are still to come.
{
set -euo pipefail

HEAPS=${HEAPS:-default fixed}
SERVERS_TO_RUN=${SERVERS_TO_RUN:-tornado netty}
WARMUP=${WARMUP:-10}
DURATION=${DURATION:-8}
PORT=${PORT:-18091}
MODULE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT_DIR=$(cd "$MODULE_DIR/.." && pwd)
JAR="$MODULE_DIR/target/benchmarks.jar"
OUT=${OUT:-$(mktemp -d /tmp/tornado-gc.XXXXXX)}
mkdir -p "$OUT"
declare -A MAIN_CLASS=(
  [tornado]=io.github.tornadoserver.benchmarks.TornadoHelloServer
  [netty]=io.github.tornadoserver.benchmarks.NettyHelloServer
)

log() { printf '[gc %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
# shellcheck source=lib.sh
source "$MODULE_DIR/lib.sh"

SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for server in $SERVERS_TO_RUN; do
  [[ -n "${MAIN_CLASS[$server]:-}" ]] || { log "unknown server $server (tornado or netty)"; exit 1; }
done
for heap in $HEAPS; do
  [[ $heap == default || $heap == fixed ]] || { log "unknown heap $heap (default or fixed)"; exit 1; }
done
install_missing wrk wrk
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  log "building $JAR"
  (cd "$ROOT_DIR" && ./mvnw -q -DskipTests -am package -pl tornado-server-benchmarks)
fi
[[ -f "$JAR" ]] || { log "missing $JAR"; exit 1; }
SERVER_CORE=0
CLIENT_CORE=1
[[ $(nproc) -lt 2 ]] && CLIENT_CORE=0

# Young collections and their summed pause (ms) in a -Xlog:gc file so far.
gc_count() { grep -c 'Pause' "$1" || true; }
gc_pause_ms() { awk '/Pause/ { sub("ms", "", $NF); s += $NF } END { printf "%.1f", s }' "$1"; }

load() { # seconds [pipeline-depth]
  local args=(-t1 -c64 -d"$1s")
  [[ -n "${2:-}" ]] && args+=(-s "$MODULE_DIR/pipeline.lua")
  args+=("http://127.0.0.1:$PORT/plaintext")
  [[ -n "${2:-}" ]] && args+=(-- "$2")
  timeout $(($1 + 30)) taskset -c "$CLIENT_CORE" wrk "${args[@]}" >/dev/null
}

printf '%-8s %-8s %12s %14s %14s  %s\n' server heap collections "pauses (ms)" "CPU (ms)" collector
for heap in $HEAPS; do
  flags=()
  [[ $heap == fixed ]] && flags=(-Xms256m -Xmx256m)
  for server in $SERVERS_TO_RUN; do
    gclog="$OUT/gc-$server-$heap.log"
    rm -f "$gclog"
    if port_open "$PORT"; then
      log "port $PORT is already in use; set PORT"
      exit 1
    fi
    taskset -c "$SERVER_CORE" java "${flags[@]}" "-Xlog:gc:file=$gclog" -cp "$JAR" \
      "${MAIN_CLASS[$server]}" "$PORT" >"$OUT/$server-$heap.out" 2>&1 &
    SERVER_PID=$!
    for ((i = 0; i < 600; i++)); do
      port_open "$PORT" && break
      kill -0 "$SERVER_PID" 2>/dev/null || { log "$server exited before listening"; exit 1; }
      sleep 0.1
    done
    port_open "$PORT" || { log "$server did not listen on $PORT within 60 s"; exit 1; }
    load "$WARMUP"
    count0=$(gc_count "$gclog")
    pause0=$(gc_pause_ms "$gclog")
    ticks0=$(cpu_ticks "$SERVER_PID")
    load "$DURATION"
    load "$DURATION" 16
    count1=$(gc_count "$gclog")
    pause1=$(gc_pause_ms "$gclog")
    ticks1=$(cpu_ticks "$SERVER_PID")
    collector=$(grep -m1 -o 'Using [A-Za-z0-9]*' "$gclog" || echo "Using ?")
    printf '%-8s %-8s %12d %14.1f %14d  %s\n' "$server" "$heap" $((count1 - count0)) \
      "$(awk -v a="$pause0" -v b="$pause1" 'BEGIN { print b - a }')" \
      $(((ticks1 - ticks0) * 1000 / $(getconf CLK_TCK))) "${collector#Using }"
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  done
done
log "GC logs in $OUT"
exit
}
