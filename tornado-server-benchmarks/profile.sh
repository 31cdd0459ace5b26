#!/usr/bin/env bash
# Where a hello server's CPU goes, per request: async-profiler (from Maven Central) samples the
# server's CPU time while wrk loads it, and the script prints, for the thread that serves (our
# loop, or Netty's event loop), the CPU microseconds per request in total, in system calls and the
# kernel, in the JVM itself (compiler, GC, runtime) and in Java code, then the frames with the most
# time of their own. Comparing two servers (or a build before and after a change) side by side
# shows what a change saves and where the rest goes.
#
# Usage: profile.sh [server ...]   servers: tornado, starter, netty, tornado-before (BEFORE_JAR),
# and over TLS (keep-alive, one self-signed EC P-256 certificate as bench.sh makes it, served with
# TLS 1.3 and TLS_AES_128_GCM_SHA256 by both): tornado-tls, netty-tls
# Environment: VARIANT (c64 or pipeline16, default pipeline16), WARMUP (s, default 15), DURATION
# (s, default 10), INTERVAL (sampling interval in ns of CPU time, default 100000), TOP (frames
# listed, default 25), PORT (default 18095), BEFORE_JAR (an earlier build's benchmarks.jar),
# SKIP_BUILD=1, JVM_FLAGS (more flags for the server's JVM, such as -XX:+UseTransparentHugePages),
# OUT (directory for the collapsed stacks and logs), SYSCALLS=1 (after the profiled
# run, one more load of DURATION seconds counted by perf's system-call tracepoints, not profiled:
# the server's system calls per request, all and by kind; perf comes from Debian's linux-perf when
# missing, and the tracepoints need root). The server runs pinned to core 0 with bench.sh's fixed
# heap, wrk pinned to core 1. Talks only to 127.0.0.1; bounded in time; the server is killed on
# exit.
# One block, read whole before it starts: bash reads a script as it runs it, so an edit or a
# checkout during a run would otherwise change the commands that are still to come.
{
set -euo pipefail

VARIANT=${VARIANT:-pipeline16}
WARMUP=${WARMUP:-15}
DURATION=${DURATION:-10}
INTERVAL=${INTERVAL:-100000}
TOP=${TOP:-25}
PORT=${PORT:-18095}
AP_VERSION=4.1
MODULE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT_DIR=$(cd "$MODULE_DIR/.." && pwd)
JAR="$MODULE_DIR/target/benchmarks.jar"
OUT=${OUT:-$(mktemp -d /tmp/tornado-profile.XXXXXX)}
mkdir -p "$OUT"
SERVERS=("$@")
[[ ${#SERVERS[@]} -gt 0 ]] || SERVERS=(tornado netty)

log() { printf '[profile %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

command -v wrk >/dev/null || { apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }; }
SYSCALL_KINDS=(read write writev readv epoll_wait epoll_pwait epoll_ctl futex)
if [[ "${SYSCALLS:-0}" == 1 ]]; then
  command -v perf >/dev/null || { apt-get install -y linux-perf >/dev/null || { apt-get update >/dev/null && apt-get install -y linux-perf >/dev/null; }; }
  perf list 'syscalls:sys_enter_read' 2>/dev/null | grep -q sys_enter_read \
    || { log "SYSCALLS=1: perf sees no system-call tracepoints here (root and tracefs needed)"; exit 1; }
fi
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  log "building $JAR"
  (cd "$ROOT_DIR" && ./mvnw -q -DskipTests -am package -pl tornado-server-benchmarks)
fi

# The profiler's native agent, from its Maven Central jar.
LIB="$OUT/libasyncProfiler.so"
if [[ ! -f "$LIB" ]]; then
  (cd "$ROOT_DIR" && ./mvnw -q dependency:copy -Dartifact="tools.profiler:async-profiler:$AP_VERSION" \
    -DoutputDirectory="$OUT")
  unzip -o -q -j "$OUT/async-profiler-$AP_VERSION.jar" "linux-$(uname -m | sed 's/x86_64/x64/;s/aarch64/arm64/')/libasyncProfiler.so" -d "$OUT"
fi

# jcmd passes one argument to the agent; quoting keeps its commas and equals signs in one piece.
agent() { jcmd "$SERVER_PID" JVMTI.agent_load "$LIB" "\"$1\"" >/dev/null; }

main_class() {
  case $1 in
    tornado | tornado-before | tornado-tls) echo io.github.tornadoserver.benchmarks.TornadoHelloServer ;;
    starter) echo io.github.tornadoserver.benchmarks.StarterHelloServer ;;
    netty | netty-tls) echo io.github.tornadoserver.benchmarks.NettyHelloServer ;;
    *) log "unknown server $1"; exit 1 ;;
  esac
}

# The TLS servers' key store, made once per output directory (tls-keystore.sh).
KEYSTORE="$OUT/bench-tls.p12"
KEYSTORE_PASSWORD=bench-tls-password

load() { # seconds output server
  local args=(-t1 -c64 -d"$1s") scheme=http
  [[ $3 == *-tls ]] && scheme=https
  [[ $VARIANT == pipeline16 ]] && args+=(-s "$MODULE_DIR/pipeline.lua")
  args+=("$scheme://127.0.0.1:$PORT/plaintext")
  [[ $VARIANT == pipeline16 ]] && args+=(-- 16)
  timeout $(($1 + 30)) taskset -c 1 wrk "${args[@]}" >"$2" 2>&1
}

# The serving thread's stacks: our loop runs on the thread that called IOLoop.start (the main
# thread for the hello servers and a "tornado-*" thread in the starter), Netty's on its event loop.
summarize() { # collapsed-file requests server
  awk -v req="$2" -v top="$TOP" -v server="$3" '
    {
      n = $NF; stack = $0; sub(/ [0-9]+$/, "", stack)
      if (stack !~ /IOLoop\.start|SingleThreadIoEventLoop|SingleThreadEventExecutor/) next
      total += n
      count = split(stack, frames, ";"); leaf = frames[count]
      if (leaf ~ /_\[k\]$/ || leaf ~ /^(writev|write|read|__GI_read|__libc_write|epoll_wait|\[vdso\])$/) kernel += n
      else if (leaf ~ /[\/.]/ && leaf !~ /^\[/) java += n
      else jvm += n
      self[leaf] += n
    }
    END {
      us = 1e6 / 1e9 * '"$INTERVAL"' / req   # microseconds of CPU per sample per request
      printf "%s: %.3f us of serving-thread CPU per request (kernel and system calls %.3f, JVM %.3f, Java %.3f)\n",
        server, total * us, kernel * us, jvm * us, java * us
      printf "  %8s %6s  %s\n", "us/req", "share", "frame (self time)"
      for (k in self) order[k] = self[k]
      for (i = 0; i < top; i++) {
        best = ""; bestn = 0
        for (k in order) if (order[k] > bestn) { best = k; bestn = order[k] }
        if (best == "") break
        printf "  %8.3f %5.1f%%  %s\n", bestn * us, 100 * bestn / total, substr(best, 1, 110)
        delete order[best]
      }
    }' "$1"
}

requests_in() { # wrk-output
  local requests
  requests=$(awk '/ requests in / { print $1 }' "$1")
  [[ -n "$requests" && "$requests" -gt 0 ]] || { log "no requests:"; cat "$1" >&2; exit 1; }
  echo "$requests"
}

# One more load while perf counts the server's system calls (every thread of its process).
count_syscalls() { # server
  local events=(-e raw_syscalls:sys_enter) kind
  for kind in "${SYSCALL_KINDS[@]}"; do
    perf list "syscalls:sys_enter_$kind" 2>/dev/null | grep -q "sys_enter_$kind" && events+=(-e "syscalls:sys_enter_$kind")
  done
  perf stat -x, "${events[@]}" -p "$SERVER_PID" -o "$OUT/$1-syscalls.csv" &
  local perf_pid=$!
  sleep 0.5 # perf attaches before the load starts
  load "$DURATION" "$OUT/$1-syscalls-wrk.txt" "$1"
  kill -INT "$perf_pid"; wait "$perf_pid" 2>/dev/null || true
}

print_syscalls() { # server
  local requests
  requests=$(requests_in "$OUT/$1-syscalls-wrk.txt")
  echo "$1: system calls per request over ${DURATION}s more ($requests requests; perf also counts the half second before the load)"
  awk -F, -v req="$requests" 'NF > 2 && $1 ~ /^[0-9]+$/ {
      name = $3; sub(/^raw_syscalls:sys_enter$/, "all", name); sub(/^syscalls:sys_enter_/, "", name)
      if ($1 > 0 || name == "all") printf "  %8.3f  %s\n", $1 / req, name
    }' "$OUT/$1-syscalls.csv"
}

for server in "${SERVERS[@]}"; do
  jar=$JAR
  if [[ $server == tornado-before ]]; then
    [[ -f "${BEFORE_JAR:-}" ]] || { log "tornado-before needs BEFORE_JAR"; exit 1; }
    jar=$BEFORE_JAR
  fi
  tls_args=()
  if [[ $server == *-tls ]]; then
    "$MODULE_DIR/tls-keystore.sh" "$KEYSTORE" "$KEYSTORE_PASSWORD"
    tls_args=(tls "$KEYSTORE" "$KEYSTORE_PASSWORD")
  fi
  # shellcheck disable=SC2086 # JVM_FLAGS is a list of flags
  taskset -c 0 java -Xms256m -Xmx256m -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints \
    ${JVM_FLAGS:-} -cp "$jar" "$(main_class "$server")" "$PORT" "${tls_args[@]}" >"$OUT/$server-server.log" 2>&1 &
  SERVER_PID=$!
  for ((i = 0; i < 600; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
    kill -0 "$SERVER_PID" 2>/dev/null || { log "$server exited"; cat "$OUT/$server-server.log" >&2; exit 1; }
    sleep 0.1
  done
  log "$server: warm-up ${WARMUP}s, then ${DURATION}s profiled ($VARIANT)"
  load "$WARMUP" "$OUT/$server-warmup.txt" "$server"
  agent "start,event=cpu,interval=$INTERVAL"
  load "$DURATION" "$OUT/$server-wrk.txt" "$server"
  agent "stop,file=$OUT/$server.collapsed,collapsed"
  [[ "${SYSCALLS:-0}" == 1 ]] && count_syscalls "$server"
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
  requests=$(requests_in "$OUT/$server-wrk.txt")
  echo
  summarize "$OUT/$server.collapsed" "$requests" "$server"
  [[ "${SYSCALLS:-0}" == 1 ]] && print_syscalls "$server"
  sleep 1
done
echo
echo "collapsed stacks (flame graph input) in $OUT"
exit
}
