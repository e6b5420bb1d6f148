# Shared by run.sh and run-converters.sh (sourced, not run): goes to the project root, checks the
# corpus, builds the benchmarks, and defines $mvn_cmd, $corpus, $target, $cp, $cores and load().
#
# Environment:
#   CDCKIT_BENCH_CORPUS  the corpus file (default: the recorded PostgreSQL corpus of the test kit),
#                        relative to the project root or absolute
#   MVN                  the Maven command (default: mvn)

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

mvn_cmd="${MVN:-mvn}"
corpus="${CDCKIT_BENCH_CORPUS:-smt-core/testkit/src/main/resources/cdckit/fixtures/postgres-debezium.jsonl}"
target="benchmarks/target"

if [[ ! -f "$corpus" ]]; then
  echo "$(basename "$0"): corpus file '$corpus' not found (set CDCKIT_BENCH_CORPUS)" >&2
  exit 1
fi

# Build the benchmarks and what they depend on in one reactor, without tests and without plugin
# archives. Offline first; online if something is missing from the local repository.
build=(-B -q -pl benchmarks -am -DskipTests -Dcdckit.plugin.skip=true package)
echo "==> building (mvn ${build[*]})"
if ! "$mvn_cmd" -o "${build[@]}"; then
  echo "==> offline build failed, retrying online"
  "$mvn_cmd" "${build[@]}"
fi

# compile and provided jars (Kafka), written by the build (maven-dependency-plugin build-classpath)
cp="$target/classes:$(cat "$target/jmh-classpath.txt")"

load() {
  if [[ -r /proc/loadavg ]]; then cut -d' ' -f1-3 /proc/loadavg; else echo "n/a"; fi
}
cores="$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')"
