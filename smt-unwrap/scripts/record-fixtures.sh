#!/usr/bin/env bash
# Re-records the fixture corpus smt-unwrap/src/test/resources/fixtures/postgres-debezium.jsonl:
# an embedded PostgreSQL, Kafka Connect in-process and Debezium's PostgreSQL connector (no
# transform) capture the workload in smt-unwrap/src/test/resources/cdc/. Takes about half a minute.
# Works from any directory; extra arguments go to Maven (e.g. -o).
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -pl smt-unwrap -am -Precord-fixtures process-test-classes "$@"
