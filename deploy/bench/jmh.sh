#!/usr/bin/env bash
# Microbenchmarks of every verifier on a 1 KB body, and of SHARED_SECRET with its digest cache warm and cold.
#   deploy/bench/jmh.sh [--out DIR] [extra JMH arguments, e.g. a benchmark regex]
set -euo pipefail
cd "$(dirname "$0")/../.."
source ./hookgate env
out=bench-results
if [ "${1:-}" = "--out" ]; then out=$2; shift 2; fi
mkdir -p "$out"
mvn -B -q -pl bench -am package -DskipTests
exec java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.openjdk.jmh.Main \
  -rf json -rff "$out/jmh.json" "$@"
