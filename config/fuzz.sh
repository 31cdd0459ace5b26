#!/usr/bin/env bash
# Fuzzing campaign for tornado-server-core (docs/fuzzing.md): runs each fuzz test in Jazzer's
# fuzzing mode for SECONDS, one target after the other (each uses one core), then adds the new
# corpus entries it found to the committed corpus under src/test/resources, which every
# `./mvnw verify` replays. A finding stops that target, is saved by Jazzer as a crash-* file in the
# same directory (so the build fails on it until it is fixed) and makes this script exit non-zero.
#
# Usage: config/fuzz.sh [SECONDS] [TEST...]
#   SECONDS  fuzzing time per target (default 600)
#   TEST     Class#method of a fuzz test (default: every fuzz test below)
# Logs go to tornado-server-core/target/fuzz/<method>.log; the libFuzzer status lines there
# ("#123456 pulse cov: ... exec/s: ...") give the cases executed.
set -euo pipefail

cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${1:-600}
shift || true
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=(
    'HTTPServerFuzzTest#answersAnyBytesWithWellFormedResponsesAndKeepsServing'
    'ProxyHeaderFuzzTest#parserGivesOneAnswerWhateverPartOfTheInputArrived'
    'GzipDecoderFuzzTest#decodesOrRejectsAnyBodyInAnyPieces'
    'HTTP1ParserFuzzTest#parsesOrRejectsAnyBytesAtAnyFragmentation'
    'ProxyHeaderFuzzTest#readerEndsWithTheParsersAnswerAndKeepsWhatFollows'
    'HTTPUtilFuzzTest#parsesAnyFormBodyQueryCookieOrHost'
  )
fi

MODULE=tornado-server-core
TESTS=$MODULE/src/test/java
RESOURCES=$MODULE/src/test/resources
GENERATED=$MODULE/.cifuzz-corpus
mkdir -p "$MODULE/target/fuzz"
./mvnw -B -q -pl "$MODULE" test-compile

status=0
for target in "${TARGETS[@]}"; do
  class=${target%%#*}
  method=${target##*#}
  source=$(find "$TESTS" -name "$class.java" | head -1)
  package_dir=$(dirname "${source#"$TESTS"/}")
  fqcn=$(echo "$package_dir" | tr / .).$class
  log=$MODULE/target/fuzz/$method.log
  echo "== $target for ${SECONDS_PER_TARGET}s (log: $log)"
  # Hooks on (comparison tracing guides the mutator); JUnit's per-test timeout off, since one
  # fuzzing run is one JUnit test; Jazzer keeps the 30 s per-input bound from the same setting.
  # The SSRF detector is off: the tests connect to their own server on 127.0.0.1 by design. The
  # heap stays well under libFuzzer's 2 GiB RSS limit.
  if ! JAZZER_FUZZ=1 ./mvnw -B -pl "$MODULE" surefire:test@fuzz-regression \
    -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false \
    -Djazzer.hooks=true -Djazzer.max_duration="${SECONDS_PER_TARGET}s" \
    -Djazzer.instrument='io.github.tornadoserver.**' \
    -Djazzer.disabled_hooks=com.code_intelligence.jazzer.sanitizers.ServerSideRequestForgery \
    -Djunit.jupiter.execution.timeout.mode=disabled \
    -Dfuzz.forkTimeout=$((SECONDS_PER_TARGET + 300)) \
    -DargLine=-Xmx768m >"$log" 2>&1; then
    echo "   FAILED: see $log and any crash-* file in $RESOURCES/$package_dir/${class}Inputs/$method"
    status=1
  fi
  grep -a -E '^#[0-9]+' "$log" | tail -1 || true
  corpus=$RESOURCES/$package_dir/${class}Inputs/$method
  mkdir -p "$corpus"
  added=0
  for entry in "$GENERATED/$fqcn/$method"/*; do
    [ -f "$entry" ] || continue
    if [ ! -e "$corpus/$(basename "$entry")" ]; then
      cp "$entry" "$corpus/"
      added=$((added + 1))
    fi
  done
  echo "   corpus: $added new entries, $(find "$corpus" -type f | wc -l) in all"
done
exit $status
