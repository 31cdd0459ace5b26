#!/usr/bin/env bash
# The sample behind real proxies: HAProxy sending the PROXY protocol (send-proxy-v2, also with
# its CRC32C, which the sample verifies) and nginx
# sending X-Real-IP / X-Forwarded-*. Each client connects from its own loopback address
# (127.0.0.6, 127.0.0.7, ...), while every proxy reaches the sample from 127.0.0.1, so /echo's
# remote_ip shows whether the client's address came through. Also checks whom the sample trusts:
# a PROXY header from a peer it does not trust is refused; forwarded headers count only from
# 127.0.0.1, so a client that sends X-Forwarded-For straight to the sample is not believed; and
# behind HAProxy's `option forwardfor` (which passes a client's own X-Real-IP on), the client IP
# comes from X-Forwarded-For, so a spoofed X-Real-IP changes nothing.
#
# Installs haproxy and nginx-light (Debian packages) when missing, starts the sample and both
# proxies on 127.0.0.1 ports of its own, stops each by its PID, and exits non-zero when any check
# fails. Environment: SKIP_BUILD=1 reuses tornado-server-sample/target/tornado-server-sample.jar.
# One block, read whole before it starts: bash reads a script as it runs it, so an edit or a
# checkout during a run would otherwise change the commands that are still to come.
{
set -euo pipefail

ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR="$ROOT_DIR/tornado-server-sample/target/tornado-server-sample.jar"
SAMPLE_PORT=${SAMPLE_PORT:-18181}
HAPROXY_PORT=${HAPROXY_PORT:-18182}
NGINX_PORT=${NGINX_PORT:-18183}
HAPROXY_FORWARDFOR_PORT=${HAPROXY_FORWARDFOR_PORT:-18184}
HAPROXY_CRC_PORT=${HAPROXY_CRC_PORT:-18185}
WORK=$(mktemp -d /tmp/tornado-proxies.XXXXXX)
PIDS=()

log() { printf '[proxies %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# shellcheck source=lib.sh
source "$ROOT_DIR/tornado-server-benchmarks/lib.sh"

wait_for_port() { # port pid what
  local i
  for ((i = 0; i < 600; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || { log "$3 exited before listening"; return 1; }
    sleep 0.1
  done
  log "$3 did not listen on $1 within 60 s"
  return 1
}

install_missing haproxy haproxy
install_missing nginx nginx-light
PATH="$PATH:/usr/sbin"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  log "building the sample"
  (cd "$ROOT_DIR" && ./mvnw -q -B -DskipTests -pl tornado-server-sample -am package)
fi

log "starting the sample on 127.0.0.1:$SAMPLE_PORT (PROXY protocol optional and forwarded headers, both from 127.0.0.1 only; client IP from X-Forwarded-For)"
java -jar "$JAR" --tornado.http.port="$SAMPLE_PORT" --tornado.http.address=127.0.0.1 \
  --tornado.http.processes=1 --tornado.tcp.port=0 --tornado.http.xheaders=true \
  --tornado.http.forwarded.trusted-proxies=127.0.0.1 \
  --tornado.http.forwarded.client-header=x-forwarded-for \
  --tornado.http.proxy-protocol.mode=optional --tornado.http.proxy-protocol.trusted-peers=127.0.0.1 \
  >"$WORK/sample.log" 2>&1 &
PIDS+=($!)
wait_for_port "$SAMPLE_PORT" "${PIDS[-1]}" sample

cat >"$WORK/haproxy.cfg" <<EOF
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
frontend front
    bind 127.0.0.1:$HAPROXY_PORT
    default_backend sample
backend sample
    http-reuse always
    server sample 127.0.0.1:$SAMPLE_PORT send-proxy-v2
frontend crc
    bind 127.0.0.1:$HAPROXY_CRC_PORT
    default_backend sample_crc
backend sample_crc
    server sample 127.0.0.1:$SAMPLE_PORT send-proxy-v2 proxy-v2-options crc32c,authority
frontend forwardfor
    bind 127.0.0.1:$HAPROXY_FORWARDFOR_PORT
    option forwardfor
    default_backend headers
backend headers
    server sample 127.0.0.1:$SAMPLE_PORT
EOF
haproxy -db -f "$WORK/haproxy.cfg" >"$WORK/haproxy.log" 2>&1 &
PIDS+=($!)
wait_for_port "$HAPROXY_PORT" "${PIDS[-1]}" haproxy

mkdir -p "$WORK/nginx"
cat >"$WORK/nginx.conf" <<EOF
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    upstream sample { server 127.0.0.1:$SAMPLE_PORT; keepalive 8; }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / {
            proxy_pass http://sample;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_set_header X-Real-IP \$remote_addr;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_set_header X-Scheme "";
        }
    }
}
EOF
nginx -c "$WORK/nginx.conf" -p "$WORK/nginx" -g 'daemon off;' >"$WORK/nginx.log" 2>&1 &
PIDS+=($!)
wait_for_port "$NGINX_PORT" "${PIDS[-1]}" nginx

failures=0
check() { # what client-address port expected [extra curl arguments]
  local body ip
  body=$(curl -s --max-time 10 --interface "$2" "${@:5}" "http://127.0.0.1:$3/echo/proxies" -d hello) || body=""
  ip=$(printf '%s' "$body" | sed -n 's/.*"remote_ip":"\([^"]*\)".*/\1/p')
  if [[ "$ip" == "$4" ]]; then
    echo "ok    $1: client $2 -> remote_ip $ip"
  else
    echo "FAIL  $1: client $2 -> remote_ip '${ip}' (expected $4); answer: $body"
    failures=$((failures + 1))
  fi
}

check "haproxy send-proxy-v2" 127.0.0.6 "$HAPROXY_PORT" 127.0.0.6
check "haproxy send-proxy-v2, second client" 127.0.0.16 "$HAPROXY_PORT" 127.0.0.16
check "haproxy send-proxy-v2 with a CRC32C (checked by the sample)" 127.0.0.17 "$HAPROXY_CRC_PORT" 127.0.0.17
check "nginx X-Forwarded-For" 127.0.0.7 "$NGINX_PORT" 127.0.0.7
check "haproxy option forwardfor, client sends X-Real-IP: 7.7.7.7" 127.0.0.10 "$HAPROXY_FORWARDFOR_PORT" 127.0.0.10 -H "X-Real-IP: 7.7.7.7"
check "direct, no header (optional)" 127.0.0.1 "$SAMPLE_PORT" 127.0.0.1
check "direct from untrusted 127.0.0.8 with X-Forwarded-For: 7.7.7.7" 127.0.0.8 "$SAMPLE_PORT" 127.0.0.8 -H "X-Forwarded-For: 7.7.7.7"

# A PROXY header from 127.0.0.9, which the sample does not trust: closed without an answer.
refused=$(python3 - "$SAMPLE_PORT" <<'EOF'
import socket, sys
s = socket.socket()
s.settimeout(5)
s.bind(("127.0.0.9", 0))
s.connect(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"PROXY TCP4 203.0.113.1 127.0.0.1 1 2\r\nGET /echo HTTP/1.1\r\nHost: x\r\n\r\n")
try:
    data = s.recv(100)
except ConnectionResetError:
    data = b""
print("closed" if data == b"" else "answered " + data.split(b"\r\n")[0].decode())
EOF
)
if [[ "$refused" == closed ]]; then
  echo "ok    untrusted PROXY header from 127.0.0.9: closed without an answer"
else
  echo "FAIL  untrusted PROXY header from 127.0.0.9: $refused"
  failures=$((failures + 1))
fi
grep -h 'Refused connection from /127.0.0.9' "$WORK/sample.log" | sed 's/^/      sample log: /' || true

if ((failures > 0)); then
  log "$failures check(s) failed; logs in $WORK"
  exit 1
fi
log "all checks passed; logs in $WORK"
exit
}
