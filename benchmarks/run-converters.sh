#!/usr/bin/env bash
# Runs the converter benchmarks (JMH, ConverterBenchmark: cdckit's AvroConverter, Apicurio's Connect
# AvroConverter, Kafka's JsonConverter with schemas on and off, raw Avro; both directions) and prints
# the Markdown comparison table. Works from any directory.
#
#   benchmarks/run-converters.sh                              # the full run (a few minutes on 2 cores)
#   benchmarks/run-converters.sh -p impl=cdckit,raw_avro      # extra arguments go to JMH
#
# Environment:
#   CDCKIT_BENCH_CORPUS  the corpus file (default: the recorded PostgreSQL corpus of smt-unwrap),
#                        relative to the project root or absolute
#   MVN                  the Maven command (default: mvn)
#
# Output: benchmarks/target/jmh-converters.json (JMH's JSON) and benchmarks/target/jmh-converters.md (the table).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

mvn_cmd="${MVN:-mvn}"
corpus="${CDCKIT_BENCH_CORPUS:-smt-unwrap/src/test/resources/fixtures/postgres-debezium.jsonl}"
target="benchmarks/target"

if [[ ! -f "$corpus" ]]; then
  echo "run-converters.sh: corpus file '$corpus' not found (set CDCKIT_BENCH_CORPUS)" >&2
  exit 1
fi

# Build the benchmarks and what they depend on (smt-core, smt-unwrap, converters) in one reactor,
# without tests and without plugin archives. Offline first; online if something is missing.
build=(-B -q -pl benchmarks -am -DskipTests -Dcdckit.plugin.skip=true package)
echo "==> building (mvn ${build[*]})"
if ! "$mvn_cmd" -o "${build[@]}"; then
  echo "==> offline build failed, retrying online"
  "$mvn_cmd" "${build[@]}"
fi

cp="$target/classes:$(cat "$target/jmh-classpath.txt")"

echo "==> checking that every converter writes and reads back the corpus"
java -cp "$cp" -Dcdckit.bench.corpus="$corpus" io.cdckit.bench.ConverterCheck

load() {
  if [[ -r /proc/loadavg ]]; then cut -d' ' -f1-3 /proc/loadavg; else echo "n/a"; fi
}
cores="$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')"
echo "==> running JMH ($cores cores, load average $(load) before the run)"
# Defaults (1 fork, 3 x 1 s warm-up, 5 x 1 s measurement, -Xms1g -Xmx1g) come from the annotations.
java -cp "$cp" -Dcdckit.bench.corpus="$corpus" org.openjdk.jmh.Main \
  -prof gc -rf json -rff "$target/jmh-converters.json" \
  "$@" ConverterBenchmark

echo
echo "==> results ($target/jmh-converters.md); load average after the run: $(load)"
java -cp "$cp" -Dcdckit.bench.corpus="$corpus" io.cdckit.bench.ResultTable "$target/jmh-converters.json" \
  | tee "$target/jmh-converters.md"
