#!/usr/bin/env bash
# Runs the cdckit transform benchmarks (JMH, cdckit against the peer in the same run:
# UnwrapBenchmark, Unwrap vs Debezium's ExtractNewRecordState; MongoUnwrapBenchmark, Unwrap vs
# Debezium's ExtractNewDocumentState on MongoDB events; MappingBenchmark, FieldMapper vs
# Kafka's ReplaceField + Cast and ReplaceField + InsertField + Flatten; TimestampBenchmark,
# TimestampNormalizer vs one Kafka TimestampConverter per column, on the test kit's connect-mode
# temporal corpus; MaskBenchmark, Mask vs Kafka's MaskField, Mask's hmac vs a bare JDK Mac, Mask's
# fpe vs its cipher alone, Mask's detect vs its scanner alone; RoutingBenchmark, OperationRouter vs
# Debezium's Groovy ContentBasedRouter with the equivalent expression; OutboxBenchmark, OutboxRouter
# vs Debezium's outbox EventRouter; ExpressionBenchmark, ExpressionFilter vs Debezium's Filter and
# a hand-written Java test, ExpressionRouter vs Debezium's ContentBasedRouter, the same Groovy text;
# LookupBenchmark, Lookup's cache hit vs Unwrap on the same records and its miss vs a new JDBC
# connection per record, on an embedded PostgreSQL) and prints the Markdown comparison tables. Works from any directory.
#
#   benchmarks/run.sh                      # the full run (a few minutes on 2 cores)
#   benchmarks/run.sh -p impl=cdckit,debezium unwrapDefault   # extra arguments go to JMH
#   benchmarks/run.sh MappingBenchmark     # one benchmark class (a JMH regex)
#   benchmarks/run.sh -f 2 TimestampBenchmark
#   benchmarks/run.sh -f 2 MaskBenchmark
#   benchmarks/run.sh RoutingBenchmark
#   benchmarks/run.sh -f 2 OutboxBenchmark
#   benchmarks/run.sh ExpressionBenchmark
#   benchmarks/run.sh LookupBenchmark
#   benchmarks/run.sh -f 2 MongoUnwrapBenchmark
#
# Environment: CDCKIT_BENCH_CORPUS (the corpus file), MVN (the Maven command); see bench-lib.sh.
# TimestampBenchmark reads its corpus (cdckit/fixtures/postgres-temporal-connect.jsonl) from the
# test kit on the class path; CDCKIT_BENCH_CORPUS does not change it.
#
# Output: benchmarks/target/jmh-result.json (JMH's JSON) and benchmarks/target/jmh-result.md (the table).
set -euo pipefail

# shellcheck source=bench-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"

echo "==> checking that cdckit and each peer give the same output on the corpora (Unwrap, FieldMapper, TimestampNormalizer, Mask, OperationRouter, OutboxRouter, ExpressionFilter, ExpressionRouter)"
java -cp "$cp" -Dcdckit.bench.corpus="$corpus" io.cdckit.bench.ParityCheck

echo "==> running JMH ($cores cores, load average $(load) before the run)"
# The forked JVMs inherit the -D of this one; the benchmark's defaults (1 fork, 3 x 1 s warm-up,
# 5 x 1 s measurement, -Xms1g -Xmx1g) come from its annotations. The converter benchmarks have a
# script of their own (run-converters.sh) and are left out here.
java -cp "$cp" -Dcdckit.bench.corpus="$corpus" org.openjdk.jmh.Main \
  -prof gc -rf json -rff "$target/jmh-result.json" -e ConverterBenchmark \
  "$@"

echo
echo "==> results ($target/jmh-result.md); load average after the run: $(load)"
java -cp "$cp" io.cdckit.bench.ResultTable "$target/jmh-result.json" | tee "$target/jmh-result.md"
