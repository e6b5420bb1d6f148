#!/usr/bin/env bash
# Re-records a fixture corpus of smt-core/testkit/src/main/resources/cdckit/fixtures/: an embedded
# PostgreSQL, Kafka Connect in-process and Debezium's PostgreSQL connector (no transform) capture a
# workload of smt-core/testkit/src/main/resources/cdckit/cdc/.
#
#   record-fixtures.sh             the main corpus, postgres-debezium.jsonl (schema.sql, workload.sql),
#                                  about half a minute
#   record-fixtures.sh --temporal  the temporal corpus (temporal-schema.sql, temporal-workload.sql),
#                                  once per time.precision.mode (adaptive, adaptive_time_microseconds,
#                                  connect, isostring) into postgres-temporal-<mode>.jsonl, about half
#                                  a minute per mode
#
# Works from any directory; other arguments go to Maven (e.g. -o).
set -euo pipefail
corpus=debezium
maven_args=()
for a in "$@"; do
  if [ "$a" = "--temporal" ]; then
    corpus=temporal
  else
    maven_args+=("$a")
  fi
done
cd "$(dirname "$0")/../.."
mvn -B -pl smt-core/testkit -am -Precord-fixtures -Dcdckit.fixtures.corpus="$corpus" process-test-classes \
  ${maven_args[@]+"${maven_args[@]}"}
