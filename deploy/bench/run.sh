#!/usr/bin/env bash
# Hookgate's benchmark harness: deploy/bench/run.sh [--quick] [--out DIR] [--soak MINUTES] [--only SCENARIO]
# Builds what it needs, then runs every scenario with its baseline in the same run and writes
# DIR/report.md and DIR/report.json (default DIR: bench-results). --quick takes under three minutes;
# --soak 10 adds ten minutes at half load with the live heap sampled each minute; --only ingest, e2e,
# outbound, latency or idempotency runs that scenario alone (a partial report, to iterate on it).
set -euo pipefail
cd "$(dirname "$0")/../.."
source ./hookgate env
mvn -B -q -pl bench -am package -DskipTests
exec java -Xms2g -Xmx2g -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.hookgate.bench.BenchMain "$@"
