#!/usr/bin/env bash
# The cdckit demo in one command: builds what it needs, then runs a real CDC pipeline in one JVM
# (embedded PostgreSQL 17, Debezium's PostgreSQL connector, a Kafka broker and a Connect worker with
# every cdckit plugin installed from its archive) and prints each change at each stage of the chain.
#
#   ./examples/run-demo.sh                 build, then run (works from any folder)
#   ./examples/run-demo.sh --pause-ms=0    no pauses between the workload's steps
#   ./examples/run-demo.sh --keep-running  leave the cluster up afterwards (Ctrl-C stops it)
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
  echo "Building every cdckit module (with its plugin archive) and examples:"
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

# The demo's class path (runtime scope: no cdckit plugin is on it; the worker loads them from
# plugin.path). The demo finds each plugin's newest archive in <module>/target/plugin/ itself.
CLASSPATH_FILE=examples/target/demo.classpath
if [ ! -f "$CLASSPATH_FILE" ] || [ ! -d examples/target/classes ] \
    || ! ls smt-unwrap/target/plugin/cdckit-smt-unwrap-*.zip >/dev/null 2>&1; then
  echo "run-demo.sh: the demo is not built; run without CDCKIT_DEMO_SKIP_BUILD." >&2
  exit 2
fi

exec "$JAVA" -cp "examples/target/classes:$(cat "$CLASSPATH_FILE")" \
  -Dcdckit.demo.log="$ROOT/examples/target/demo.log" \
  io.cdckit.examples.ShopDemo "$@"
