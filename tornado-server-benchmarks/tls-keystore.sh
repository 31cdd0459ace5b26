#!/usr/bin/env bash
# Makes the benchmarks' TLS key store: one self-signed EC P-256 certificate for 127.0.0.1 and
# localhost in a PKCS#12 file. Usage: tls-keystore.sh <file> <password>; does nothing when the file
# exists. bench.sh and profile.sh serve both TLS servers with it.
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: $0 <file> <password>" >&2; exit 2; }
[[ -f "$1" ]] && exit 0
keytool -genkeypair -alias bench -keyalg EC -groupname secp256r1 -sigalg SHA256withECDSA \
  -dname CN=localhost -ext san=ip:127.0.0.1,dns:localhost -validity 7 -storetype PKCS12 \
  -keystore "$1" -storepass "$2" -keypass "$2" >"$1.log" 2>&1 ||
  { echo "keytool failed:" >&2; cat "$1.log" >&2; exit 1; }
