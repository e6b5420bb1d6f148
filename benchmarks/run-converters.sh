#!/usr/bin/env bash
# Runs the converter benchmarks (JMH, ConverterBenchmark: cdckit's AvroConverter, Apicurio's Connect
# AvroConverter, Kafka's JsonConverter with schemas on and off, raw Avro; both directions) and prints
# the Markdown comparison table. Works from any directory.
#
#   benchmarks/run-converters.sh                              # the full run (a few minutes on 2 cores)
#   benchmarks/run-converters.sh -p impl=cdckit,raw_avro      # extra arguments go to JMH
#
# Environment: CDCKIT_BENCH_CORPUS (the corpus file), MVN (the Maven command); see bench-lib.sh.
#
# Output: benchmarks/target/jmh-converters.json (JMH's JSON) and benchmarks/target/jmh-converters.md (the table).
set -euo pipefail

# shellcheck source=bench-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"

echo "==> checking that every converter writes and reads back the corpus"
java -cp "$cp" -Dcdckit.bench.corpus="$corpus" io.cdckit.bench.ConverterCheck

echo "==> running JMH ($cores cores, load average $(load) before the run)"
# Defaults (1 fork, 3 x 1 s warm-up, 5 x 1 s measurement, -Xms1g -Xmx1g) come from the annotations.
java -cp "$cp" -Dcdckit.bench.corpus="$corpus" org.openjdk.jmh.Main \
  -prof gc -rf json -rff "$target/jmh-converters.json" \
  "$@" ConverterBenchmark

echo
echo "==> results ($target/jmh-converters.md); load average after the run: $(load)"
java -cp "$cp" -Dcdckit.bench.corpus="$corpus" io.cdckit.bench.ResultTable "$target/jmh-converters.json" \
  | tee "$target/jmh-converters.md"
