#!/usr/bin/env bash
# One-shot command latency (issue 23, section 2): `./tee4j verify` of one real SEV-SNP report
# (offline, VCEK given) and of one real TDX quote (offline, collateral given), against
# @phala/dcap-qvl's own CLI on the same TDX quote and `java -version` as the floor. Every series is
# one untimed run, then RUNS timed runs (default 10); the median is printed, all in the same run so
# the ratios hold on a shared machine. Installs @phala/dcap-qvl into benchmarks/target/ with npm
# when missing; without npm or the registry it says so and exits 0.
#
#   benchmarks/one-shot.sh              # the java on PATH (or JAVA_HOME) and every JDK in JDKS
#   JDKS="/usr/lib/jvm/temurin-25-jdk-amd64" RUNS=10 benchmarks/one-shot.sh
#   BASELINE=/path/to/other/checkout/tee4j benchmarks/one-shot.sh   # also time another launcher (e.g. main's)
set -euo pipefail
here="$(cd -P "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
runs="${RUNS:-10}"
vectors="${VECTORS:-/work/shared/vectors}"
snp="$vectors/sev-snp/virtee-milan-v2"
tdx="$vectors/tdx/phala-dcap-qvl"
# The TDX vector's pinned time: the midpoint of its collateral windows (see the vectors' PROVENANCE.md).
tdx_at="2025-07-04T10:24:00Z"
tdx_unix=1751624640
qvl_dir="$root/benchmarks/target/dcap-qvl"
qvl="$qvl_dir/node_modules/@phala/dcap-qvl/test_case.js"

skip() { echo "one-shot: skipped: $*"; exit 0; }

for f in "$snp/report.bin" "$snp/vcek.der" "$tdx/tdx_quote" "$tdx/tdx_quote_collateral.json"; do
  [[ -f "$f" ]] || skip "vector $f not found (set VECTORS)"
done
if [[ ! -f "$qvl" ]]; then
  command -v npm >/dev/null 2>&1 || skip "npm is not installed"
  command -v node >/dev/null 2>&1 || skip "node is not installed"
  mkdir -p "$qvl_dir"
  if ! timeout 300 npm install --prefix "$qvl_dir" --no-audit --no-fund @phala/dcap-qvl >"$qvl_dir/npm.log" 2>&1; then
    skip "npm could not install @phala/dcap-qvl (registry unreachable?); see $qvl_dir/npm.log"
  fi
  [[ -f "$qvl" ]] || skip "@phala/dcap-qvl installed without test_case.js"
fi

now_ns() { date +%s%N; }

# median COMMAND...: one untimed run, then $runs timed ones; prints the median wall time and the
# median CPU time (user + system, all threads; "-" without /usr/bin/time) in milliseconds. On a
# loaded machine the CPU figure moves far less than the wall figure.
# A failing command aborts the benchmark: a fast failure must never pass for a fast verification.
median() {
  "$@" >/dev/null 2>&1 || { echo "one-shot: this command failed: $*" >&2; "$@" >&2 || true; exit 2; }
  local times=() cpus=() i t0 t1 e u s
  local timing; timing="$(mktemp)"
  for ((i = 0; i < runs; i++)); do
    t0=$(now_ns)
    if [[ -x /usr/bin/time ]]; then /usr/bin/time -f '%e %U %S' -o "$timing" "$@" >/dev/null 2>&1; else "$@" >/dev/null 2>&1; fi
    t1=$(now_ns)
    times+=($(((t1 - t0) / 1000000)))
    if [[ -s "$timing" ]]; then read -r e u s <"$timing"; cpus+=($(awk -v u="$u" -v s="$s" 'BEGIN {printf "%d", (u + s) * 1000}')); fi
  done
  rm -f "$timing"
  echo "$(mid "${times[@]}") $( ((${#cpus[@]})) && mid "${cpus[@]}" || echo -)"
}
mid() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; print m}'; }

snp_cmd=("$root/tee4j" verify --tee sev-snp --evidence "$snp/report.bin" --cert "$snp/vcek.der"
  --at 2024-06-01T00:00:00Z --offline --no-revocation-check)
tdx_cmd=("$root/tee4j" verify --tee tdx --evidence "$tdx/tdx_quote" --collateral "$tdx/tdx_quote_collateral.json"
  --at "$tdx_at" --offline)
qvl_cmd=(node "$qvl" verify --time "$tdx_unix" "$tdx/tdx_quote" "$tdx/tdx_quote_collateral.json")
# BASELINE: another checkout's launcher, timed on the same commands in the same run (its archive mode).
baseline="${BASELINE:-}"
if [[ -n "$baseline" ]]; then
  [[ -x "$baseline" ]] || skip "BASELINE $baseline is not an executable launcher"
  base_snp_cmd=("$baseline" "${snp_cmd[@]:1}")
  base_tdx_cmd=("$baseline" "${tdx_cmd[@]:1}")
  "$baseline" version >/dev/null
fi

echo "one-shot: $(date -u +%FT%TZ), $(nproc) CPUs, $(uptime | sed 's/.*load/load/'), $runs runs per row"
echo "one-shot: node $(node --version), @phala/dcap-qvl $(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$qvl_dir/node_modules/@phala/dcap-qvl/package.json")"
# Build the jar (and the launcher's start-up archive) before anything is timed.
"$root/tee4j" version >/dev/null

read -r qvl_ms qvl_cpu <<<"$(median "${qvl_cmd[@]}")"
printf '%-48s %6s ms  cpu %5s ms\n' "dcap-qvl (node test_case.js verify), TDX" "$qvl_ms" "$qvl_cpu"

# Two rows, "<prefix> SEV-SNP <suffix>" and "<prefix> TDX <suffix>" (the TDX one beside dcap-qvl's
# figures): the medians of the SEV-SNP command, given first, and of the TDX command after "--".
verify_rows() {
  local prefix=$1 suffix=$2 snp_args=() s s_cpu t t_cpu
  shift 2
  while [[ "$1" != -- ]]; do snp_args+=("$1"); shift; done
  shift
  read -r s s_cpu <<<"$(median "${snp_args[@]}")"
  read -r t t_cpu <<<"$(median "$@")"
  printf '%-48s %6s ms  cpu %5s ms\n' "$prefix SEV-SNP $suffix" "$s" "$s_cpu"
  printf '%-48s %6s ms  cpu %5s ms   tee4j/dcap-qvl = %s (cpu %s)\n' "$prefix TDX $suffix" "$t" "$t_cpu" \
    "$(awk -v a="$t" -v b="$qvl_ms" 'BEGIN {printf "%.2f", a / b}')" \
    "$(awk -v a="$t_cpu" -v b="$qvl_cpu" 'BEGIN {if (b + 0 > 0) printf "%.2f", a / b; else print "-"}')"
}

jdks=()
if [[ -n "${JAVA_HOME:-}" ]]; then jdks+=("$JAVA_HOME"); else jdks+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"); fi
for j in ${JDKS:-/usr/lib/jvm/temurin-25-jdk-amd64}; do
  [[ -x "$j/bin/java" && "$j" != "${jdks[0]}" ]] && jdks+=("$j")
done
for jdk in "${jdks[@]}"; do
  name="$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "$jdk/release" 2>/dev/null || true)"
  name="JDK ${name:-$(basename "$jdk")}"
  read -r floor floor_cpu <<<"$(median "$jdk/bin/java" -XX:+UseSerialGC -Xshare:auto -version)"
  printf '%-48s %6s ms  cpu %5s ms\n' "$name: java -version (floor)" "$floor" "$floor_cpu"
  if [[ -n "$baseline" ]]; then
    JAVA_HOME="$jdk" verify_rows "$name: BASELINE verify" "(archive)" "${base_snp_cmd[@]}" -- "${base_tdx_cmd[@]}"
  fi
  for mode in archive no-archive; do
    no_cds=0; [[ "$mode" == no-archive ]] && no_cds=1
    JAVA_HOME="$jdk" TEE4J_NO_CDS=$no_cds verify_rows "$name: tee4j verify" "($mode)" "${snp_cmd[@]}" -- "${tdx_cmd[@]}"
  done
done
echo "one-shot: done, $(uptime | sed 's/.*load/load/')"
