#!/usr/bin/env bash
# Cold start of a fresh `java` process: the hello workflow and a 20-node workflow on Sluice's
# Engine.local(), next to a plain java program doing the same with CompletableFutures and an empty
# main (the JVM's own start). Each arm is timed as a whole process (wall clock around `java`), RUNS
# times, the arms interleaved so that a change of machine load hits all of them alike; prints the
# median, min and max per arm, and the classes each loads (-Xlog:class+load, load-independent).
#
#   ./mvnw -q -Pbench -pl benchmarks -am package -DskipTests
#   benchmarks/cold-start.sh [runs]          # default 10
#
# Extra JVM flags for every arm: JAVA_OPTS (e.g. JAVA_OPTS="-XX:SharedArchiveFile=sluice.jsa").
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JAR:-benchmarks/target/benchmarks.jar} # a class path: compare a build with JAR=old-classes:old.jar
RUNS=${1:-10}
MAIN=dev.sluice.benchmarks.coldstart.ColdStart
# Engine logs at warn: a run's two info lines (start, end) are not what is measured here.
FLAGS=(-Dorg.slf4j.simpleLogger.defaultLogLevel=warn ${JAVA_OPTS:-})
[ -n "${JAR//*:*/}" ] && [ ! -f "$JAR" ] && { echo "build the jar first: ./mvnw -q -Pbench -pl benchmarks -am package -DskipTests" >&2; exit 1; }
ARMS=("none -" "completableFuture hello" "sluice hello" "completableFuture twenty" "sluice twenty")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

for ((r = 0; r <= RUNS; r++)); do
  for arm in "${ARMS[@]}"; do
    key=${arm// /-}
    start=$(date +%s%N)
    java "${FLAGS[@]}" -cp "$JAR" "$MAIN" $arm
    end=$(date +%s%N)
    # run 0 warms the OS file cache (the jar, the JDK's modules) and is not counted
    if ((r > 0)); then echo $(((end - start) / 1000000)) >>"$TMP/$key"; fi
  done
done

echo "load: $(uptime)"
echo
echo "| program | workflow | median ms | min | max | max/median | classes loaded |"
echo "|---|---|---:|---:|---:|---:|---:|"
for arm in "${ARMS[@]}"; do
  key=${arm// /-}
  classes=$(java "${FLAGS[@]}" -Xlog:class+load -cp "$JAR" "$MAIN" $arm | grep -c 'source:' || true)
  sort -n "$TMP/$key" | awk -v arm="$arm" -v classes="$classes" '
    { v[NR] = $1 }
    END {
      n = NR; med = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
      split(arm, a, " ")
      printf "| %s | %s | %d | %d | %d | %.2f | %d |\n", a[1] == "none" ? "empty main (JVM start)" : a[1], a[2], med, v[1], v[n], v[n] / med, classes
    }'
done
