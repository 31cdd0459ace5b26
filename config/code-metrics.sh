#!/bin/sh
# Prints the structure figures of the main code per module and the Checkstyle limits that hold
# them (see config/CodeMetrics.java for what is counted). Run from anywhere; needs a JDK 17+.
set -eu
cd "$(dirname "$0")/.."
if [ -n "${JAVA_HOME:-}" ]; then
  JAVA="$JAVA_HOME/bin/java"
else
  JAVA=java
fi
exec "$JAVA" config/CodeMetrics.java "$@"
