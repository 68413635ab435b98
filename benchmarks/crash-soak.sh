#!/usr/bin/env bash
# Crash soak: the crash test of core (CrashResumeTest) with many more runs. Each run of a 21-task
# workflow with a durable sleep gate is started in a child JVM, killed with SIGKILL at a random point (a quarter of the runs
# twice), and resumed; every output, side effect and artifact is checked as in the test. Not part
# of `verify`. Usage, from the repository root:
#
#   benchmarks/crash-soak.sh [runs=200] [random seed]
#
# Prints the test's figures line: runs, kills, kills that cut a run short, task executions that
# were repeated (at-least-once: only tasks not yet journaled as succeeded), the mean time to resume
# and finish a run, and the seed that replays the same kill points.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-200}"
seed_arg=()
if [[ $# -ge 2 ]]; then
  seed_arg=("-Dsluice.crash.seed=$2")
fi
./mvnw -B -q -o -pl core -am test-compile -DskipTests >/dev/null
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
if ! ./mvnw -B -o -pl core surefire:test -Dtest=CrashResumeTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dsluice.crash.kills="$runs" "${seed_arg[@]}" >"$out" 2>&1; then
  grep -E "crash test|FAIL|ERROR\]|Expect|ran again" "$out" | head -40
  echo "crash soak FAILED; full log: $out" >&2
  trap - EXIT
  exit 1
fi
grep "crash test:" "$out"
