#!/usr/bin/env bash
# Builds main + test classes and runs JMH from the test classpath; arguments go to JMH unchanged.
#
#   scripts/jmh.sh                                  # every benchmark, settings from the annotations
#   scripts/jmh.sh RlpDecodeBenchmark -f 1 -wi 1 -i 2   # a quick development run
#   scripts/jmh.sh -f 2 -wi 3 -w 1s -i 5 -r 1s -rf json -rff target/jmh.json   # the docs' settings
#   scripts/jmh.sh -l                               # list benchmarks
#
# Benchmarks live in src/test/java/io/ethfollow/bench; their class names end in "Benchmark", so
# surefire (which runs *Test, *Tests, Test*, *TestCase) never picks them up as tests.
# Set MVN_OFFLINE=1 to build with -o.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn_args=(-q -B)
if [[ "${MVN_OFFLINE:-0}" == "1" ]]; then
  mvn_args+=(-o)
fi
mvn "${mvn_args[@]}" test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt

# The JMH annotation processor (maven-compiler-plugin annotationProcessorPaths) writes this list;
# without it org.openjdk.jmh.Main finds no benchmarks and says so only obliquely.
list=target/test-classes/META-INF/BenchmarkList
if [[ ! -s "$list" ]]; then
  echo "jmh.sh: $list is missing or empty: the JMH annotation processor did not run" >&2
  exit 1
fi

exec java -cp "target/test-classes:target/classes:$(cat target/cp.txt)" org.openjdk.jmh.Main "$@"
