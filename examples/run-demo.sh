#!/usr/bin/env bash
# The cdckit demo in one command: builds what it needs, then runs a real CDC pipeline in one JVM
# (embedded PostgreSQL 17, Debezium's PostgreSQL connector, a Kafka broker and a Connect worker with
# cdckit's Unwrap installed from its plugin archive) and prints each change before and after Unwrap.
#
#   ./examples/run-demo.sh                 build, then run (works from any folder)
#   ./examples/run-demo.sh --pause-ms=0    no pauses between the workload's steps
#   CDCKIT_DEMO_SKIP_BUILD=1 ./examples/run-demo.sh   run what the last build made
#
# Needs Java 17+ and Maven 3.8+ (MVN names another Maven command, e.g. MVN=./mvnw). No Docker, no
# installed database or Kafka; the build downloads from Maven Central. Exit status: 0 when the demo
# ran, 1 when it failed (the message says why), 2 when the build failed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MVN="${MVN:-mvn}"
if [ -n "${JAVA_HOME:-}" ]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi
cd "$ROOT"

if [ -z "${CDCKIT_DEMO_SKIP_BUILD:-}" ]; then
  echo "Building smt-core, smt-unwrap and converters (with their plugin archives) and examples:"
  echo "  mvn -B -q -DskipTests package -pl examples -am"
  start=$SECONDS
  set +e
  # (quiet: only errors, without the packager's notes and Maven's bare colour resets)
  "$MVN" -B -q -DskipTests package -pl examples -am 2>&1 \
    | grep -v -E -e 'cdckit plugin archive: ' -e $'^(\x1b\\[[0-9;]*m)*$'
  status=${PIPESTATUS[0]}
  set -e
  if [ "$status" -ne 0 ]; then
    echo "run-demo.sh: the build failed (Maven's output is above)." >&2
    exit 2
  fi
  echo "Built in $((SECONDS - start)) s."
  echo
fi

# The newest cdckit-smt-unwrap-<version>.zip the build wrote, and the demo's class path (runtime
# scope: Unwrap is not on it, the worker loads it from plugin.path).
ARCHIVE="$(ls -t smt-unwrap/target/plugin/cdckit-smt-unwrap-*.zip 2>/dev/null | head -n 1 || true)"
CLASSPATH_FILE=examples/target/demo.classpath
if [ -z "$ARCHIVE" ] || [ ! -f "$CLASSPATH_FILE" ] || [ ! -d examples/target/classes ]; then
  echo "run-demo.sh: the demo is not built; run without CDCKIT_DEMO_SKIP_BUILD." >&2
  exit 2
fi

exec "$JAVA" -cp "examples/target/classes:$(cat "$CLASSPATH_FILE")" \
  -Dcdckit.demo.unwrap.archive="$ARCHIVE" \
  -Dcdckit.demo.log="$ROOT/examples/target/demo.log" \
  io.cdckit.examples.UnwrapDemo "$@"
