#!/usr/bin/env bash
# Re-records the fixture corpus smt-core/testkit/src/main/resources/cdckit/fixtures/postgres-debezium.jsonl:
# an embedded PostgreSQL, Kafka Connect in-process and Debezium's PostgreSQL connector (no
# transform) capture the workload in smt-core/testkit/src/main/resources/cdckit/cdc/. Takes about
# half a minute. Works from any directory; extra arguments go to Maven (e.g. -o).
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -pl smt-core/testkit -am -Precord-fixtures process-test-classes "$@"
