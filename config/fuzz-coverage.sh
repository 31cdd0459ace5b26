#!/usr/bin/env bash
# Line and branch coverage of the committed fuzz corpus alone (docs/fuzzing.md): replays every
# fuzz test's corpus under JaCoCo, without the unit tests, and prints the coverage of the packages
# named (default: http1connection and httputil). The full report is left in
# tornado-server-core/target/site/jacoco/index.html.
#
# Usage: config/fuzz-coverage.sh [PACKAGE...]
set -euo pipefail

cd "$(dirname "$0")/.."
PACKAGES=("$@")
if [ ${#PACKAGES[@]} -eq 0 ]; then
  PACKAGES=(http1connection httputil)
fi
JACOCO=org.jacoco:jacoco-maven-plugin:0.8.15
MODULE=tornado-server-core
EXEC=target/jacoco-fuzz.exec

./mvnw -B -q -pl "$MODULE" test-compile
./mvnw -B -q -pl "$MODULE" "$JACOCO:prepare-agent" surefire:test@fuzz-regression \
  "$JACOCO:report" -Djacoco.destFile="$EXEC" -Djacoco.dataFile="$EXEC"

printf '%-18s %22s %22s\n' package 'lines covered' 'branches covered'
for package in "${PACKAGES[@]}"; do
  awk -F, -v pkg="io.github.tornadoserver.$package" '
    $2 == pkg { lm += $8; lc += $9; bm += $6; bc += $7 }
    END {
      printf "%-18s %8d/%-6d %5.1f%% %8d/%-6d %5.1f%%\n", substr(pkg, 25), lc, lc + lm,
        100 * lc / (lc + lm), bc, bc + bm, 100 * bc / (bc + bm)
    }' "$MODULE/target/site/jacoco/jacoco.csv"
done
