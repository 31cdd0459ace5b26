#!/usr/bin/env bash
# Load benchmark: our core HTTPServer and the starter's routed handler against a Netty 4.2
# baseline (DESIGN.md section 7), and one Spring WebFlux hello application served by tornado-server
# (webflux-tornado) and by Reactor Netty (webflux-netty), one event loop each.
#
# Each server runs alone, pinned to core 0; wrk runs pinned to core 1. Rounds interleave the
# servers (tornado, starter, netty, tornado, ...) so slow drift of the machine hits all. Per server
# and round: warm up, then keep-alive with 64 and 256 connections and 16-deep pipelining, each
# with wrk --latency. During each run a paced probe (LatencyProbe, PROBE_RATE requests/s on one
# more connection, also on the client core) measures latency the same way for every server: wrk's own
# percentiles are wrong under pipelining (see LatencyProbe). After each run the server's RSS is
# read from /proc, and its CPU time (user + system, from /proc/<pid>/stat) divided by the requests
# served gives the CPU cost per request. The table at the end holds the mean over rounds, each
# server's req/s ratio to its baseline and its CPU per request minus the baseline's. Then a short
# JMH run: the head parser, one whole request through the core and the starter's server over a
# socket-free transport (WholeRequestBenchmark), and one http.server.requests observation with no
# server (ObservationFloorBenchmark), all with -prof gc.
#
# The cost of two optional core features is measured against the same server without them:
# tornado-gzip (response compression on, a 4 KiB text/plain answer) against tornado-4k (the same
# answer, compression off), and tornado-accesslog (Tornado's access line per request, to the
# server's log file through slf4j-simple) against tornado. Every wrk request carries
# "Accept-Encoding: gzip" (ACCEPT_ENCODING, empty to send none), as browsers' requests do.
#
# TLS (tornado-tls against netty-tls, the same hello servers with option tls: TLS 1.3 only, one
# cipher, one self-signed EC P-256 certificate that keytool puts in a PKCS#12 key store in $OUT at
# the start): tls-c64 = wrk keep-alive over https with 64 connections (wrk's own percentiles; the
# probe speaks plaintext only and does not run); tls-conn = TLS_CONN_REQUESTS requests of h2load
# --h1 with "Connection: close", so each request is a new connection and a full handshake (h2load
# opens the next connection of a client when the server closes the previous one); tls-bulk = one
# curl download of GET /bulk, 256 MiB over one connection. Their table gives conn/s and CPU per
# connection, MiB/s and CPU per MiB, and the ratios of tornado-tls to netty-tls.
#
# More loops (tornado-1loop-shared and tornado-2loops against netty-1thread-shared and
# netty-2threads: the hello servers with loops=N / threads=N; tornado-2loops-reuseport is
# tornado-2loops with a SO_REUSEPORT socket per loop instead of one shared): these run unpinned, server AND wrk
# (-t2) and the probe sharing all cores, so the 2-over-1 ratio says what a second loop gives when
# the client competes for the same cores. Their own table gives the ratios.
#
# Environment: WARMUP (s, default 30), DURATION (s per variant, default 15), ROUNDS (default 2),
# SKIP_JMH=1 to skip JMH, SKIP_BUILD=1 to reuse the built jars, PORT (default 18080),
# OUT (directory for the raw wrk output; default a new directory under /tmp), SERVERS_TO_RUN
# (default "tornado tornado-accesslog tornado-4k tornado-gzip starter netty webflux-tornado
# webflux-netty tornado-tls netty-tls tornado-1loop-shared tornado-2loops netty-1thread-shared
# netty-2threads"), TLS_CONN_REQUESTS (connections per tls-conn run, default 20000),
# TLS_CONN_CLIENTS (h2load's concurrent connections, default 32), PROBE_RATE (probe requests per second, default 100: well under
# what one connection of 257 gets from a server doing 100k req/s, so the probe does not queue
# behind its own requests), BEFORE_JAR (an earlier build's benchmarks.jar: adds tornado-before and
# starter-before to the run, for a before/after comparison in one run; tornado-tls-before joins when
# SERVERS_TO_RUN names it), HEAP (fixed, the default:
# every server JVM gets -Xms256m -Xmx256m; or default: no heap flags, each JVM sizes its heap as
# it does out of the box).
# Talks only to 127.0.0.1; every step is bounded in time; servers are killed on exit.
# One block, read whole before it starts: bash reads a script as it runs it, so an edit or a
# checkout during a run would otherwise change the commands that are still to come.
{
set -euo pipefail

WARMUP=${WARMUP:-30}
HEAP=${HEAP:-fixed}
case $HEAP in
  fixed) HEAP_FLAGS=(-Xms256m -Xmx256m) HEAP_TEXT="-Xms256m -Xmx256m" ;;
  default) HEAP_FLAGS=() HEAP_TEXT="default heap" ;;
  *) echo "HEAP=$HEAP: expected fixed or default" >&2; exit 1 ;;
esac
DURATION=${DURATION:-15}
ROUNDS=${ROUNDS:-2}
PORT=${PORT:-18080}
PROBE_RATE=${PROBE_RATE:-100}
ACCEPT_ENCODING=${ACCEPT_ENCODING-gzip}
SERVER_CORE=${SERVER_CORE:-0}
CLIENT_CORE=${CLIENT_CORE:-1}

MODULE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT_DIR=$(cd "$MODULE_DIR/.." && pwd)
JAR="$MODULE_DIR/target/benchmarks.jar"
WEBFLUX_TORNADO_JAR="$MODULE_DIR/webflux-hello-tornado/target/webflux-hello-tornado.jar"
WEBFLUX_NETTY_JAR="$MODULE_DIR/webflux-hello-netty/target/webflux-hello-netty.jar"
LUA="$MODULE_DIR/pipeline.lua"
OUT=${OUT:-$(mktemp -d /tmp/tornado-bench.XXXXXX)}
mkdir -p "$OUT"

TLS_CONN_REQUESTS=${TLS_CONN_REQUESTS:-20000}
TLS_CONN_CLIENTS=${TLS_CONN_CLIENTS:-32}

SERVERS=(${SERVERS_TO_RUN:-tornado tornado-accesslog tornado-4k tornado-gzip starter netty webflux-tornado webflux-netty tornado-tls netty-tls tornado-1loop-shared tornado-2loops netty-1thread-shared netty-2threads})
VARIANTS=(c64 c256 pipeline16)
TLS_VARIANTS=(tls-c64 tls-conn tls-bulk)
# Servers whose variants are not VARIANTS.
declare -A SERVER_VARIANTS=(
  [tornado-tls]="${TLS_VARIANTS[*]}" [netty-tls]="${TLS_VARIANTS[*]}"
)
# Servers that run unpinned, sharing every core with wrk (see "More loops" above), and the pairs
# of their 2-over-1 ratios.
declare -A SHARED_CORES=(
  [tornado-1loop-shared]=1 [tornado-2loops]=1 [netty-1thread-shared]=1 [netty-2threads]=1
  [tornado-2loops-reuseport]=1
)
declare -A LOOP_PAIR=(
  [tornado-2loops]=tornado-1loop-shared [netty-2threads]=netty-1thread-shared
  [tornado-2loops-reuseport]=tornado-1loop-shared
)
declare -A MAIN_CLASS=(
  [tornado]=io.github.tornadoserver.benchmarks.TornadoHelloServer
  [starter]=io.github.tornadoserver.benchmarks.StarterHelloServer
  [netty]=io.github.tornadoserver.benchmarks.NettyHelloServer
  [tornado-4k]=io.github.tornadoserver.benchmarks.TornadoHelloServer
  [tornado-gzip]=io.github.tornadoserver.benchmarks.TornadoHelloServer
  [tornado-accesslog]=io.github.tornadoserver.benchmarks.TornadoHelloServer
  [tornado-tls]=io.github.tornadoserver.benchmarks.TornadoHelloServer
  [netty-tls]=io.github.tornadoserver.benchmarks.NettyHelloServer
  [tornado-1loop-shared]=io.github.tornadoserver.benchmarks.TornadoHelloServer
  [tornado-2loops]=io.github.tornadoserver.benchmarks.TornadoHelloServer
  [tornado-2loops-reuseport]=io.github.tornadoserver.benchmarks.TornadoHelloServer
  [netty-1thread-shared]=io.github.tornadoserver.benchmarks.NettyHelloServer
  [netty-2threads]=io.github.tornadoserver.benchmarks.NettyHelloServer
)
# The hello server's options (see TornadoHelloServer) for the feature-cost servers.
declare -A SERVER_ARGS=(
  [tornado-4k]=4k [tornado-gzip]=gzip [tornado-accesslog]=access-log
  [tornado-tls]=tls [netty-tls]=tls
  [tornado-1loop-shared]=loops=1 [tornado-2loops]=loops=2
  [tornado-2loops-reuseport]=loops=2,reuseport
  [netty-1thread-shared]=threads=1 [netty-2threads]=threads=2
)
# The WebFlux pair: one application (webflux-hello), two runnable jars that differ only in the
# server module. One loop each: tornado.http.processes=1 is the application's default, and
# Reactor Netty takes its worker count from a system property (with no separate selector loop by
# default, the one worker also accepts).
declare -A BOOT_JAR=(
  [webflux-tornado]=$WEBFLUX_TORNADO_JAR
  [webflux-netty]=$WEBFLUX_NETTY_JAR
)
declare -A JVM_FLAGS=(
  [webflux-netty]=-Dreactor.netty.ioWorkerCount=1
)
# The ratio column compares each server with the baseline of its kind.
declare -A BASELINE=(
  [tornado]=netty [starter]=netty [webflux-tornado]=webflux-netty
  [tornado-4k]=netty [tornado-gzip]=tornado-4k [tornado-accesslog]=tornado
)
# BEFORE_JAR: a benchmarks.jar built from an earlier commit. Its hello servers join the run as
# tornado-before and starter-before, so a change is measured against the code before it, side by
# side in the same interleaved rounds ("before" servers are added only when the variable is set).
if [[ -n "${BEFORE_JAR:-}" ]]; then
  [[ -f "$BEFORE_JAR" ]] || { echo "BEFORE_JAR=$BEFORE_JAR: no such file" >&2; exit 1; }
  MAIN_CLASS[tornado-before]=${MAIN_CLASS[tornado]}
  MAIN_CLASS[starter-before]=${MAIN_CLASS[starter]}
  BASELINE[tornado-before]=netty
  BASELINE[starter-before]=netty
  # The TLS hello of the earlier build, for SERVERS_TO_RUN that name it.
  MAIN_CLASS[tornado-tls-before]=${MAIN_CLASS[tornado-tls]}
  SERVER_ARGS[tornado-tls-before]=tls
  SERVER_VARIANTS[tornado-tls-before]=${SERVER_VARIANTS[tornado-tls]}
  [[ -n "${SERVERS_TO_RUN:-}" ]] || SERVERS+=(tornado-before starter-before)
fi

SERVER_PID=""
PROBE_PID=""
cleanup() {
  if [[ -n "$PROBE_PID" ]] && kill -0 "$PROBE_PID" 2>/dev/null; then
    kill "$PROBE_PID" 2>/dev/null || true
  fi
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
# shellcheck source=lib.sh
source "$MODULE_DIR/lib.sh"

# ------------------------------------------------------------------ prerequisites
install_missing wrk wrk
RUN_TLS=0
for server in "${SERVERS[@]}"; do [[ $server == *-tls || $server == *-tls-before ]] && RUN_TLS=1; done
[[ $RUN_TLS == 1 ]] && install_missing h2load nghttp2-client
# One certificate for both TLS servers: a self-signed EC P-256 key pair in a PKCS#12 key store.
KEYSTORE="$OUT/bench-tls.p12"
KEYSTORE_PASSWORD=bench-tls-password
[[ $RUN_TLS == 1 ]] && "$MODULE_DIR/tls-keystore.sh" "$KEYSTORE" "$KEYSTORE_PASSWORD"
ALL_CORES="0-$(($(nproc) - 1))"
if [[ $(nproc) -lt 2 ]]; then
  log "warning: fewer than 2 cores; server and wrk will share a core"
  CLIENT_CORE=$SERVER_CORE
fi

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  log "building $JAR"
  (cd "$ROOT_DIR" && ./mvnw -q -DskipTests -am package -pl \
    tornado-server-benchmarks,tornado-server-benchmarks/webflux-hello-tornado,tornado-server-benchmarks/webflux-hello-netty)
fi
# Only the jars of the servers in this run must exist (SKIP_BUILD=1 with a partial build).
NEEDED_JARS=("$JAR")
for server in "${SERVERS[@]}"; do
  [[ -n "${BOOT_JAR[$server]:-}" ]] && NEEDED_JARS+=("${BOOT_JAR[$server]}")
done
for jar in "${NEEDED_JARS[@]}"; do
  [[ -f "$jar" ]] || { log "missing $jar"; exit 1; }
done

# ------------------------------------------------------------------ helpers

wait_for_port() { # port pid
  local i
  # 60 s: a Spring application on one pinned core can take tens of seconds to start.
  for ((i = 0; i < 600; i++)); do
    port_open "$1" && return 0
    kill -0 "$2" 2>/dev/null || { log "server exited before listening"; return 1; }
    sleep 0.1
  done
  log "server did not listen on $1 within 60 s"
  return 1
}

start_server() { # name
  if port_open "$PORT"; then
    log "port $PORT is already in use; set PORT"
    exit 1
  fi
  local jar=$JAR
  [[ $1 == *-before ]] && jar=$BEFORE_JAR
  local launch=(-cp "$jar" "${MAIN_CLASS[$1]:-}") flags=() args=("$PORT")
  [[ -n "${BOOT_JAR[$1]:-}" ]] && launch=(-jar "${BOOT_JAR[$1]}")
  [[ -n "${JVM_FLAGS[$1]:-}" ]] && flags=("${JVM_FLAGS[$1]}")
  [[ -n "${SERVER_ARGS[$1]:-}" ]] && args+=("${SERVER_ARGS[$1]}")
  [[ ${SERVER_ARGS[$1]:-} == tls ]] && args+=("$KEYSTORE" "$KEYSTORE_PASSWORD")
  taskset -c "$SERVER_CORES" java "${HEAP_FLAGS[@]}" "${flags[@]}" "${launch[@]}" "${args[@]}" \
    >"$OUT/$1-server.log" 2>&1 &
  SERVER_PID=$!
  wait_for_port "$PORT" "$SERVER_PID"
}

stop_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
  local i
  for ((i = 0; i < 100; i++)); do port_open "$PORT" || return 0; sleep 0.1; done
}

rss_mib() { # pid
  awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"
}

CLK_TCK=$(getconf CLK_TCK)


# The probe starts a second into the run and stops a second before its end; it records from one
# second after its start.
start_probe() { # seconds output
  local secs=$(($1 > 4 ? $1 - 2 : 2))
  (sleep 1
    exec timeout $((secs + 30)) taskset -c "$CLIENT_CORES" java -Xmx64m -XX:TieredStopAtLevel=1 \
      -cp "$JAR" io.github.tornadoserver.benchmarks.LatencyProbe "$PORT" "$secs" "$PROBE_RATE") >"$2" 2>&1 &
  PROBE_PID=$!
}

run_wrk() { # seconds connections output [pipeline-depth]
  local secs=$1 conns=$2 out=$3 script=() header=()
  [[ $# -ge 4 ]] && script=(-s "$LUA" "$SCHEME://127.0.0.1:$PORT/plaintext" -- "$4")
  [[ $# -ge 4 ]] || script=("$SCHEME://127.0.0.1:$PORT/plaintext")
  [[ -n "$ACCEPT_ENCODING" ]] && header=(-H "Accept-Encoding: $ACCEPT_ENCODING")
  timeout $((secs + 60)) taskset -c "$CLIENT_CORES" \
    wrk -t"$WRK_THREADS" -c"$conns" -d"${secs}s" --latency "${header[@]}" "${script[@]}" >"$out" 2>&1 ||
    { log "wrk failed:"; cat "$out" >&2; }
}

# One TLS handshake per request: with "Connection: close" the server closes each connection after
# its answer, and h2load opens the client's next connection for its next request. (h2load's -D
# duration mode does not end when connections close this way, hence a count of requests.)
run_h2load() { # requests output
  timeout 300 taskset -c "$CLIENT_CORES" h2load --h1 -t1 -c "$TLS_CONN_CLIENTS" -n "$1" \
    -H 'Connection: close' "https://127.0.0.1:$PORT/plaintext" >"$2" 2>&1 ||
    { log "h2load failed:"; cat "$2" >&2; }
}

# One download of GET /bulk over one TLS connection; prints bytes, seconds and status to the file.
run_bulk() { # output
  timeout 300 taskset -c "$CLIENT_CORES" curl -sSk --http1.1 -o /dev/null \
    -w 'bulk bytes=%{size_download} seconds=%{time_total} status=%{http_code}\n' \
    "https://127.0.0.1:$PORT/bulk" >"$1" 2>&1 || { log "curl failed:"; cat "$1" >&2; }
}

# Latency as printed by wrk ("812.00us", "1.23ms", "2.01s") in milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
    else if (v ~ /m$/) { sub(/m$/, "", v); printf "%.3f", v * 60000 }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
    else { printf "nan" } }'
}

# One result line per run:
# server variant round req/s p50ms p99ms rssMiB errors probe-p50ms probe-p99ms cpu-us/req
RESULTS="$OUT/results.txt"
: >"$RESULTS"

record() { # server variant round wrk-output rss probe-output cpu-ticks
  local rps p50 p99 errors probe50 probe99 requests cpu
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$4")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$4")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$4")")
  errors=$(awk '/Socket errors:/ { gsub(/,/, ""); e += $4 + $6 + $8 + $10 }
                /Non-2xx or 3xx responses:/ { e += $NF }
                END { print e + 0 }' "$4")
  [[ -n "$rps" ]] || { log "no result in $4:"; cat "$4" >&2; rps=0; }
  probe50=$(awk '/^probe / { for (i = 2; i <= NF; i++) if ($i ~ /^p50_ms=/) { sub(/.*=/, "", $i); print $i } }' "$6")
  probe99=$(awk '/^probe / { for (i = 2; i <= NF; i++) if ($i ~ /^p99_ms=/) { sub(/.*=/, "", $i); print $i } }' "$6")
  if grep -q '^probe skipped' "$6"; then
    probe50=0; probe99=0
  elif [[ -z "$probe50" || -z "$probe99" ]]; then
    log "probe failed:"; cat "$6" >&2; probe50=0; probe99=0
  fi
  # wrk's "N requests in" line counts the requests this run served.
  requests=$(awk '/ requests in / { print $1 }' "$4")
  cpu=$(cpu_per "$7" "${requests:-0}")
  echo "$1 $2 $3 $rps $p50 $p99 $5 $errors $probe50 $probe99 $cpu" >>"$RESULTS"
  log "$1 $2 round $3: ${rps} req/s, wrk p50 ${p50} ms, p99 ${p99} ms; probe p50 ${probe50} ms," \
    "p99 ${probe99} ms; RSS ${5} MiB, CPU ${cpu} us/req, errors ${errors}"
}

# CPU microseconds per unit: cpu_per ticks count [bytes-per-unit]; 0 when nothing was counted.
cpu_per() {
  awk -v t="$1" -v hz="$CLK_TCK" -v n="$2" -v unit="${3:-1}" \
    'BEGIN { if (n > 0) printf "%.2f", t / hz * 1e6 / (n / unit); else print 0 }'
}

# h2load: one result line in the same shape, with connections/s as the rate and CPU per connection.
record_h2load() { # server variant round h2load-output rss cpu-ticks
  local rate done errors cpu
  rate=$(awk '/^finished in/ { gsub(/,/, ""); print $4 }' "$4")
  # "requests: N total, N started, N done, N succeeded, N failed, N errored, N timeout"
  done=$(awk '/^requests:/ { gsub(/,/, ""); print $8 }' "$4")
  errors=$(awk '/^requests:/ { gsub(/,/, ""); e += $10 + $12 + $14 }
                /^status codes:/ { gsub(/,/, ""); e += $5 + $7 + $9 }
                END { print e + 0 }' "$4")
  [[ -n "$rate" ]] || { log "no result in $4:"; cat "$4" >&2; rate=0; }
  cpu=$(cpu_per "$6" "${done:-0}")
  echo "$1 $2 $3 $rate 0 0 $5 $errors 0 0 $cpu" >>"$RESULTS"
  log "$1 $2 round $3: ${rate} connections/s (one request each), CPU ${cpu} us/connection," \
    "RSS ${5} MiB, errors ${errors}"
}

# curl's bulk download: MiB/s as the rate and CPU per MiB.
record_bulk() { # server variant round curl-output rss cpu-ticks
  local bytes secs status rate cpu errors=0
  bytes=$(awk '/^bulk / { sub(/.*bytes=/, ""); sub(/ .*/, ""); print }' "$4")
  secs=$(awk '/^bulk / { sub(/.*seconds=/, ""); sub(/ .*/, ""); print }' "$4")
  status=$(awk '/^bulk / { sub(/.*status=/, ""); print }' "$4")
  [[ "${bytes:-0}" == $((256 << 20)) && "$status" == 200 ]] ||
    { log "bulk download incomplete:"; cat "$4" >&2; errors=1; }
  rate=$(awk -v b="${bytes:-0}" -v s="${secs:-0}" 'BEGIN { if (s > 0) printf "%.1f", b / 1048576 / s; else print 0 }')
  cpu=$(cpu_per "$6" "${bytes:-0}" 1048576)
  echo "$1 $2 $3 $rate 0 0 $5 $errors 0 0 $cpu" >>"$RESULTS"
  log "$1 $2 round $3: ${rate} MiB/s, CPU ${cpu} us/MiB, RSS ${5} MiB, errors ${errors}"
}

# Where the server, wrk and the probe run, and how, for one server: pinned apart, or sharing
# every core; plaintext or https.
use_server() { # name
  if [[ -n "${SHARED_CORES[$1]:-}" ]]; then
    SERVER_CORES=$ALL_CORES CLIENT_CORES=$ALL_CORES WRK_THREADS=2
  else
    SERVER_CORES=$SERVER_CORE CLIENT_CORES=$CLIENT_CORE WRK_THREADS=1
  fi
  SCHEME=http
  [[ $1 == *-tls || $1 == *-tls-before ]] && SCHEME=https
  [[ -n "${SHARED_CORES[$1]:-}" ]] && log "$1: unpinned, server and wrk -t2 share cores $ALL_CORES"
  read -r -a SERVER_VARIANT_LIST <<<"${SERVER_VARIANTS[$1]:-${VARIANTS[*]}}"
}

# ------------------------------------------------------------------ load runs
log "warmup ${WARMUP}s, ${DURATION}s per variant, ${ROUNDS} rounds; raw output in $OUT"
log "server on core $SERVER_CORE, wrk on core $CLIENT_CORE; $(java -version 2>&1 | head -1)"
for ((round = 1; round <= ROUNDS; round++)); do
  for server in "${SERVERS[@]}"; do
    log "round $round: $server"
    use_server "$server"
    start_server "$server"
    run_wrk "$WARMUP" 64 "$OUT/$server-r$round-warmup.txt"
    # The handshake path warms up too before it is measured.
    [[ $SCHEME == https ]] && run_h2load 2000 "$OUT/$server-r$round-warmup-h2load.txt"
    for variant in "${SERVER_VARIANT_LIST[@]}"; do
      out="$OUT/$server-r$round-$variant.txt"
      probe="$OUT/$server-r$round-$variant-probe.txt"
      ticks=$(cpu_ticks "$SERVER_PID")
      case $variant in
        tls-conn)
          run_h2load "$TLS_CONN_REQUESTS" "$out"
          ticks=$(($(cpu_ticks "$SERVER_PID") - ticks))
          record_h2load "$server" "$variant" "$round" "$out" "$(rss_mib "$SERVER_PID")" "$ticks"
          continue ;;
        tls-bulk)
          run_bulk "$out"
          ticks=$(($(cpu_ticks "$SERVER_PID") - ticks))
          record_bulk "$server" "$variant" "$round" "$out" "$(rss_mib "$SERVER_PID")" "$ticks"
          continue ;;
      esac
      if [[ $SCHEME == https ]]; then
        echo "probe skipped: LatencyProbe speaks plaintext only" >"$probe"
      else
        start_probe "$DURATION" "$probe"
      fi
      case $variant in
        c64 | tls-c64) run_wrk "$DURATION" 64 "$out" ;;
        c256) run_wrk "$DURATION" 256 "$out" ;;
        pipeline16) run_wrk "$DURATION" 64 "$out" 16 ;;
      esac
      [[ $SCHEME == https ]] || wait "$PROBE_PID" 2>/dev/null || true
      ticks=$(($(cpu_ticks "$SERVER_PID") - ticks))
      record "$server" "$variant" "$round" "$out" "$(rss_mib "$SERVER_PID")" "$probe" "$ticks"
    done
    stop_server
  done
done

# ------------------------------------------------------------------ table
# The pinned plaintext servers; the TLS and shared-core ones have tables of their own below.
PLAIN_SERVERS=()
for server in "${SERVERS[@]}"; do
  [[ -n "${SERVER_VARIANTS[$server]:-}" || -n "${SHARED_CORES[$server]:-}" ]] || PLAIN_SERVERS+=("$server")
done
if ((${#PLAIN_SERVERS[@]} > 0)); then
echo
echo "Results: mean of $ROUNDS rounds; ${DURATION}s per run after ${WARMUP}s warm-up;"
echo "server pinned to core $SERVER_CORE ($HEAP_TEXT), wrk -t1 pinned to core $CLIENT_CORE."
echo "Variants: c64/c256 = keep-alive with 64/256 connections; pipeline16 = 64 connections, 16 requests per write."
echo "wrk p50/p99: wrk's latency percentiles (n/a where wrk printed 0, as it does under pipelining);"
echo "probe p50/p99: LatencyProbe, $PROBE_RATE paced requests/s on one more connection, from their due time;"
echo "CPU us/req: server process CPU time (user + system) per request served; RSS read after each run;"
echo "errors = wrk socket errors + non-2xx responses; ratio = req/s over the baseline's and"
echo "dCPU us = CPU us/req minus the baseline's: netty for tornado, tornado-4k and starter,"
echo "webflux-netty for webflux-tornado, tornado-4k for tornado-gzip, tornado for tornado-accesslog."
baselines=""
for server in "${!BASELINE[@]}"; do baselines+="$server=${BASELINE[$server]} "; done
awk -v servers="${PLAIN_SERVERS[*]}" -v variants="${VARIANTS[*]}" -v baselines="$baselines" '
  { k = $1 SUBSEP $2; n[k]++; rps[k] += $4; p50[k] += $5; p99[k] += $6; rss[k] += $7; err[k] += $8
    q50[k] += $9; q99[k] += $10; cpu[k] += $11
    # wrk prints 0.00us percentiles under pipelining (see LatencyProbe for why).
    if ($5 + 0 == 0) bad50[k] = 1
    if ($6 + 0 == 0) bad99[k] = 1
    if ($10 + 0 == 0) badq[k] = 1 }
  END {
    ns = split(servers, S, " "); nv = split(variants, V, " ")
    nb = split(baselines, B, " ")
    for (i = 1; i <= nb; i++) { split(B[i], pair, "="); base[pair[1]] = pair[2] }
    printf "%-11s %-17s %10s %8s %8s %8s %8s %7s %8s %6s %6s %7s\n", "variant", "server", "req/s",
      "wrk p50", "wrk p99", "prb p50", "prb p99", "CPU us", "RSS MiB", "errors", "ratio", "dCPU us"
    for (v = 1; v <= nv; v++) {
      for (s = 1; s <= ns; s++) {
        k = S[s] SUBSEP V[v]
        if (!n[k]) continue
        ratio = ""; dcpu = ""
        if (S[s] in base) {
          b = base[S[s]] SUBSEP V[v]
          if (n[b] && rps[b] > 0) ratio = sprintf("%.2f", (rps[k] / n[k]) / (rps[b] / n[b]))
          if (n[b]) dcpu = sprintf("%+.2f", cpu[k] / n[k] - cpu[b] / n[b])
        }
        w50 = bad50[k] ? "n/a" : sprintf("%.3f", p50[k] / n[k])
        w99 = bad99[k] ? "n/a" : sprintf("%.3f", p99[k] / n[k])
        r50 = badq[k] ? "n/a" : sprintf("%.3f", q50[k] / n[k])
        r99 = badq[k] ? "n/a" : sprintf("%.3f", q99[k] / n[k])
        printf "%-11s %-17s %10.0f %8s %8s %8s %8s %7.2f %8.1f %6d %6s %7s\n", V[v], S[s],
          rps[k] / n[k], w50, w99, r50, r99, cpu[k] / n[k], rss[k] / n[k], err[k], ratio, dcpu
      }
    }
  }' "$RESULTS"
fi

# ------------------------------------------------------------------ TLS table
TLS_RUN=()
for server in "${SERVERS[@]}"; do [[ $server == *-tls || $server == *-tls-before ]] && TLS_RUN+=("$server"); done
if ((${#TLS_RUN[@]} > 0)); then
  echo
  echo "TLS: mean of $ROUNDS rounds; TLS 1.3, TLS_AES_128_GCM_SHA256, EC P-256 certificate; server"
  echo "pinned to core $SERVER_CORE ($HEAP_TEXT), clients pinned to core $CLIENT_CORE."
  echo "tls-c64: wrk -t1 keep-alive over https, 64 connections, ${DURATION}s; rate = req/s, CPU per request;"
  echo "  latency = wrk's percentiles (the plaintext probe does not run over TLS)."
  echo "tls-conn: h2load --h1 -c $TLS_CONN_CLIENTS -n $TLS_CONN_REQUESTS with Connection: close, one request"
  echo "  and one full handshake per connection; rate = connections/s, CPU per connection."
  echo "tls-bulk: curl, one 256 MiB GET /bulk over one connection; rate = MiB/s, CPU per MiB."
  echo "CPU us = server process CPU time (user + system); errors = socket errors, failed requests,"
  echo "non-2xx, incomplete downloads; rate x and CPU x = tornado-tls over netty-tls; p99 x likewise."
  awk -v servers="${TLS_RUN[*]}" -v variants="${TLS_VARIANTS[*]}" '
    { k = $1 SUBSEP $2; n[k]++; rate[k] += $4; p50[k] += $5; p99[k] += $6; rss[k] += $7
      err[k] += $8; cpu[k] += $11 }
    END {
      ns = split(servers, S, " "); nv = split(variants, V, " ")
      printf "%-9s %-10s %10s %-8s %8s %8s %9s %-7s %8s %6s %7s %6s %6s\n", "variant", "server",
        "rate", "unit", "wrk p50", "wrk p99", "CPU us", "per", "RSS MiB", "errors", "rate x",
        "CPU x", "p99 x"
      for (v = 1; v <= nv; v++) {
        unit = V[v] == "tls-c64" ? "req/s" : V[v] == "tls-conn" ? "conn/s" : "MiB/s"
        per = V[v] == "tls-c64" ? "request" : V[v] == "tls-conn" ? "conn" : "MiB"
        for (s = 1; s <= ns; s++) {
          k = S[s] SUBSEP V[v]
          if (!n[k]) continue
          w50 = V[v] == "tls-c64" ? sprintf("%.3f", p50[k] / n[k]) : "n/a"
          w99 = V[v] == "tls-c64" ? sprintf("%.3f", p99[k] / n[k]) : "n/a"
          rx = ""; cx = ""; px = ""
          b = "netty-tls" SUBSEP V[v]
          if (S[s] ~ /^tornado-tls/ && n[b]) {
            if (rate[b] > 0) rx = sprintf("%.2f", (rate[k] / n[k]) / (rate[b] / n[b]))
            if (cpu[b] > 0) cx = sprintf("%.2f", (cpu[k] / n[k]) / (cpu[b] / n[b]))
            if (V[v] == "tls-c64" && p99[b] > 0) px = sprintf("%.2f", (p99[k] / n[k]) / (p99[b] / n[b]))
          }
          printf "%-9s %-10s %10.1f %-8s %8s %8s %9.2f %-7s %8.1f %6d %7s %6s %6s\n", V[v], S[s],
            rate[k] / n[k], unit, w50, w99, cpu[k] / n[k], per, rss[k] / n[k], err[k], rx, cx, px
        }
      }
    }' "$RESULTS"
fi

# ------------------------------------------------------------------ loops table
LOOP_RUN=()
for server in "${SERVERS[@]}"; do [[ -n "${SHARED_CORES[$server]:-}" ]] && LOOP_RUN+=("$server"); done
if ((${#LOOP_RUN[@]} > 0)); then
  echo
  echo "More loops: mean of $ROUNDS rounds; NOT pinned: server, wrk -t2 and the probe share all"
  echo "$(nproc) cores ($ALL_CORES), so a second loop competes with the client for CPU."
  echo "Variants as in the first table. 2/1 = req/s with 2 loops (threads) over req/s with 1, and"
  echo "CPU 2/1 the same for CPU us/req; ours/netty = tornado's 2/1 over netty's 2/1 (goal: >= 1)."
  pairs=""
  for server in "${!LOOP_PAIR[@]}"; do pairs+="$server=${LOOP_PAIR[$server]} "; done
  awk -v servers="${LOOP_RUN[*]}" -v variants="${VARIANTS[*]}" -v pairs="$pairs" '
    { k = $1 SUBSEP $2; n[k]++; rps[k] += $4; p99[k] += $6; q99[k] += $10; cpu[k] += $11
      err[k] += $8
      if ($6 + 0 == 0) bad99[k] = 1
      if ($10 + 0 == 0) badq[k] = 1 }
    function mean(a, k) { return n[k] ? a[k] / n[k] : 0 }
    END {
      ns = split(servers, S, " "); nv = split(variants, V, " ")
      np = split(pairs, P, " ")
      for (i = 1; i <= np; i++) { split(P[i], pair, "="); one[pair[1]] = pair[2] }
      for (v = 1; v <= nv; v++)
        for (two in one) {
          k = two SUBSEP V[v]; b = one[two] SUBSEP V[v]
          if (n[k] && n[b] && rps[b] > 0) r[two, V[v]] = mean(rps, k) / mean(rps, b)
        }
      printf "%-11s %-25s %10s %8s %8s %7s %6s %6s %7s %10s\n", "variant", "server", "req/s",
        "wrk p99", "prb p99", "CPU us", "errors", "2/1", "CPU 2/1", "ours/netty"
      for (v = 1; v <= nv; v++) {
        for (s = 1; s <= ns; s++) {
          k = S[s] SUBSEP V[v]
          if (!n[k]) continue
          ratio = ""; cratio = ""; vs = ""
          if (S[s] in one) {
            b = one[S[s]] SUBSEP V[v]
            if ((S[s], V[v]) in r) ratio = sprintf("%.2f", r[S[s], V[v]])
            if (n[b] && cpu[b] > 0) cratio = sprintf("%.2f", mean(cpu, k) / mean(cpu, b))
            if (S[s] ~ /^tornado-2loops/ && (S[s], V[v]) in r &&
                ("netty-2threads", V[v]) in r)
              vs = sprintf("%.2f", r[S[s], V[v]] / r["netty-2threads", V[v]])
          }
          w99 = bad99[k] ? "n/a" : sprintf("%.3f", mean(p99, k))
          r99 = badq[k] ? "n/a" : sprintf("%.3f", mean(q99, k))
          printf "%-11s %-25s %10.0f %8s %8s %7.2f %6d %6s %7s %10s\n", V[v], S[s], mean(rps, k),
            w99, r99, mean(cpu, k), err[k], ratio, cratio, vs
        }
      }
    }' "$RESULTS"
fi

# ------------------------------------------------------------------ JMH
if [[ "${SKIP_JMH:-0}" != 1 ]]; then
  echo
  log "JMH HeadParseBenchmark (-f 1 -wi 3 -i 5 -prof gc), pinned to core $SERVER_CORE"
  timeout 300 taskset -c "$SERVER_CORE" java -jar "$JAR" HeadParseBenchmark \
    -f 1 -wi 3 -i 5 -prof gc >"$OUT/jmh.txt" 2>&1 || { log "JMH failed:"; tail -20 "$OUT/jmh.txt" >&2; exit 1; }
  echo "JMH (ns/op and gc.alloc.rate.norm, bytes per op):"
  grep -E '^(Benchmark +Mode|HeadParseBenchmark\.parseHead( |:gc\.alloc\.rate\.norm))' "$OUT/jmh.txt"
  echo
  log "JMH WholeRequestBenchmark.exchange (-f 1 -wi 8 -w 2 -i 5 -r 1 -prof gc), pinned to core $SERVER_CORE"
  timeout 600 taskset -c "$SERVER_CORE" java -jar "$JAR" WholeRequestBenchmark.exchange \
    -f 1 -wi 8 -w 2 -i 5 -r 1 -prof gc >"$OUT/jmh-whole.txt" 2>&1 ||
    { log "JMH failed:"; tail -20 "$OUT/jmh-whole.txt" >&2; exit 1; }
  echo "JMH whole request path (ns/op, bytes per op, and the benchmark thread's CPU per op):"
  grep -E '^WholeRequestBenchmark\.exchange( |:gc\.alloc\.rate\.norm)|thread CPU' "$OUT/jmh-whole.txt"
  echo
  log "JMH ObservationFloorBenchmark (-prof gc), pinned to core $SERVER_CORE"
  timeout 300 taskset -c "$SERVER_CORE" java -jar "$JAR" ObservationFloorBenchmark \
    -prof gc >"$OUT/jmh-observation.txt" 2>&1 ||
    { log "JMH failed:"; tail -20 "$OUT/jmh-observation.txt" >&2; exit 1; }
  echo "JMH one http.server.requests observation with no server (ns/op, bytes per op):"
  grep -E '^ObservationFloorBenchmark\.observe( |:gc\.alloc\.rate\.norm)' "$OUT/jmh-observation.txt"
fi
echo
echo "raw output: $OUT"
exit
}
