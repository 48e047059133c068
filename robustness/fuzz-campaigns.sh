#!/usr/bin/env bash
# Fuzzes every @FuzzTest harness of the repository for MINUTES each (default 10), LANES at a time
# (default 2), and prints one line per harness with libFuzzer's own run count. Each lane works in
# its own clone (two Maven runs in one module folder would overwrite each other's classes); the
# clones take their dependencies from one `mvn install` of this tree into the local repository.
#
#   robustness/fuzz-campaigns.sh [MINUTES] [LANES]     (from the repository root)
#
# FUZZ_ONLY=regex keeps the harnesses whose "module Class method" line matches; FUZZ_SECONDS
# overrides the duration (for a quick try). The lanes clone the committed HEAD, not the working
# tree. A finding fails that harness's test and leaves its input as crash-<sha1> in the lane
# clone's seed folder (target/fuzz-campaigns/lane-N/<module>/src/test/resources/...): copy it into
# the repository's seed folder under a name that says what it found, fix, commit.
#
# Coverage feedback covers all of tee4j (jazzer.instrumentation_includes), not only the fuzzed
# module's own classes, which is Jazzer's default when the other modules come as jars: the policy
# harnesses, whose readers live in the backend jars, otherwise fuzz blind.
# libFuzzer flags: -timeout=1 makes any input that runs for more than a second a finding, and the
# jazzer-fuzz profile caps the test JVM's heap (see the parent pom), so an allocation driven by a
# declared length rather than a cap is one too. Logs and progress go to target/fuzz-campaigns/.
set -euo pipefail
minutes=${1:-10}
lanes=${2:-2}
seconds=${FUZZ_SECONDS:-$((minutes * 60))}
root=$(git rev-parse --show-toplevel)
work="$root/target/fuzz-campaigns"
rm -rf "$work" && mkdir -p "$work"
cd "$root"
mvn -B -q install -DskipTests -Dmaven.install.skip=false
# "module Class method" for every harness, from the sources.
grep -rn "@FuzzTest" --include=*.java . -A2 | grep "void " \
  | sed -E 's#^\./([^/]+)/src/test/java/(.*)/([A-Za-z]+)\.java-[0-9]+-\s+void ([a-zA-Z]+)\(.*#\1 \3 \4#' \
  | grep -E "${FUZZ_ONLY:-.}" > "$work/queue.txt" || true
echo "$(wc -l < "$work/queue.txt") harnesses, $seconds s each, $lanes lanes"
lane() {
  local n=$1 tree="$work/lane-$1"
  rm -rf "$tree" && git clone -q "$root" "$tree"
  while true; do
    local item
    item=$(flock "$work/queue.lock" bash -c "head -1 '$work/queue.txt'; sed -i 1d '$work/queue.txt'")
    [ -z "$item" ] && break
    set -- $item
    local log="$work/fuzz-$2-$3.log"
    (cd "$tree" && JAZZER_FUZZ=1 timeout $((seconds + 300)) mvn -B -o -pl "$1" test -Dtest="$2#$3" \
        -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.instrumentation_includes='io.tee4j.**' \
        -Djazzer.internal.arg.0=fuzz \
        -Djazzer.internal.arg.1=-max_total_time=$seconds -Djazzer.internal.arg.2=-timeout=1 \
        -Djazzer.internal.arg.3=-report_slow_units=1 > "$log" 2>&1) && rc=0 || rc=$?
    echo "$1 $2#$3 rc=$rc $(grep -aE '^Done [0-9]+ runs' "$log" | tail -1)" | tee -a "$work/progress.txt"
  done
}
for n in $(seq 1 "$lanes"); do lane "$n" & done
wait
