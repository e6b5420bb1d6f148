#!/usr/bin/env bash
# Runs the cdckit benchmarks (JMH, cdckit against the peer in the same run) and prints the
# Markdown comparison table. Works from any directory.
#
#   benchmarks/run.sh                      # the full run (a few minutes on 2 cores)
#   benchmarks/run.sh -p impl=cdckit,debezium unwrapDefault   # extra arguments go to JMH
#
# Environment:
#   CDCKIT_BENCH_CORPUS  the corpus file (default: the recorded PostgreSQL corpus of smt-unwrap),
#                        relative to the project root or absolute
#   MVN                  the Maven command (default: mvn)
#
# Output: benchmarks/target/jmh-result.json (JMH's JSON) and benchmarks/target/jmh-result.md (the table).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

mvn_cmd="${MVN:-mvn}"
corpus="${CDCKIT_BENCH_CORPUS:-smt-unwrap/src/test/resources/fixtures/postgres-debezium.jsonl}"
target="benchmarks/target"

if [[ ! -f "$corpus" ]]; then
  echo "run.sh: corpus file '$corpus' not found (set CDCKIT_BENCH_CORPUS)" >&2
  exit 1
fi

# Build the benchmarks and what they depend on (smt-core, smt-unwrap) in one reactor, without tests
# and without plugin archives. Offline first; online if something is missing from the local repository.
build=(-B -q -pl benchmarks -am -DskipTests -Dcdckit.plugin.skip=true package)
echo "==> building (mvn ${build[*]})"
if ! "$mvn_cmd" -o "${build[@]}"; then
  echo "==> offline build failed, retrying online"
  "$mvn_cmd" "${build[@]}"
fi

# compile and provided jars (Kafka), written by the build (maven-dependency-plugin build-classpath)
cp="$target/classes:$(cat "$target/jmh-classpath.txt")"

echo "==> checking that both implementations give the same output on the corpus"
java -cp "$cp" -Dcdckit.bench.corpus="$corpus" io.cdckit.bench.ParityCheck

load() {
  if [[ -r /proc/loadavg ]]; then cut -d' ' -f1-3 /proc/loadavg; else echo "n/a"; fi
}
cores="$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')"
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
