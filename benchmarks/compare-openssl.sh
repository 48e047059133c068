#!/usr/bin/env bash
# Runs every comparison listed in benchmarks/compare.d/*.tsv: the JMH benchmarks (one JMH run) and
# `openssl speed` for the matching primitives, then prints our rate, OpenSSL's and the ratio.
#
# compare.d/*.tsv: one comparison per line, tab-separated, '#' starts a comment line:
#   label <TAB> JMH benchmark regex <TAB> ecdsap256|ecdsap384|aes-256-gcm <TAB> bytes per op (0: signature op)
# Rates: ops/s for signature ops (OpenSSL: verify/s), MB/s (10^6 bytes) for byte ops (OpenSSL: 16 KiB blocks).
# AES-256-GCM yardsticks: aes-256-gcm is `openssl speed -evp aes-256-gcm -bytes 16384`, which in OpenSSL 3.0
# feeds 16 KiB updates into ONE never-finished GCM message (no re-init, no tag per operation);
# aes-256-gcm-aead@N is `-aead -bytes N` (per operation: init with the IV, 13 bytes of AAD, N bytes,
# final with the tag: one whole AEAD message, like a sealed blob or segment), and
# aes-256-gcm-aead-decrypt@N the same with -decrypt (a fake tag: the work of a decryption, the check fails).
# Threads: each benchmark runs with the threads its @Threads annotation names (1 unless a method says
# otherwise, e.g. the *TwoThreads variants of the warm verifiers). The ratio column always compares
# with OpenSSL on one thread; for a benchmark on more threads the last column gives its rate divided
# by the one-thread rate of the benchmark of the same name without the "TwoThreads" suffix (scaling).
#
# Settings (environment; short defaults for a shared machine):
#   BENCH_FORKS=1 BENCH_WARMUP_ITERATIONS=2 BENCH_WARMUP_TIME=2s BENCH_ITERATIONS=3 BENCH_TIME=2s
#   OPENSSL_SECONDS=3   seconds per openssl speed measurement
#   OPENSSL_ELAPSED=1   pass -elapsed to openssl speed, so it divides by wall-clock time as JMH does
#                       (openssl's default divisor is CPU user time, which flatters it on a busy
#                       machine); 0 runs the plain commands
#   BENCH_REBUILD=1     rebuild benchmarks.jar even if it exists
#   BENCH_ONLY="a b"    only compare.d/a.tsv and compare.d/b.tsv
#   BENCH_OUT=DIR       where the raw results go (default benchmarks/target/compare)
#   JAVA=java           the java launcher
#   BENCH_PROF=gc       a JMH profiler to add (-prof gc adds a "B/op" column: gc.alloc.rate.norm,
#                       bytes allocated per operation); empty (the default) adds none
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jar=benchmarks/target/benchmarks.jar
out=${BENCH_OUT:-benchmarks/target/compare}
java_cmd=${JAVA:-java}

if [[ ! -f $jar || ${BENCH_REBUILD:-0} == 1 ]]; then
  echo "building $jar ..." >&2
  mvn -q -B -DskipTests -pl benchmarks -am package
fi
mkdir -p "$out"

# Read every comparison line into one file (label, regex, primitive, bytes).
lines="$out/comparisons.tsv"
: > "$lines"
shopt -s nullglob
tsvs=(benchmarks/compare.d/*.tsv)
if [[ -n ${BENCH_ONLY:-} ]]; then
  # BENCH_ONLY="core snp": only those compare.d files (one run, fewer benchmarks).
  tsvs=()
  for name in $BENCH_ONLY; do tsvs+=(benchmarks/compare.d/"$name".tsv); done
fi
if (( ${#tsvs[@]} == 0 )); then
  echo "no benchmarks/compare.d/*.tsv files" >&2
  exit 1
fi
for f in "${tsvs[@]}"; do
  n=0
  while IFS= read -r line || [[ -n $line ]]; do
    n=$((n + 1))
    line=${line%$'\r'}
    [[ -z ${line//[[:space:]]/} || $line == \#* ]] && continue
    IFS=$'\t' read -r label regex primitive bytes extra <<< "$line"
    if [[ -z ${label:-} || -z ${regex:-} || -z ${primitive:-} || -z ${bytes:-} || -n ${extra:-} ]]; then
      echo "$f:$n: expected 4 tab-separated fields: label, JMH regex, openssl primitive, bytes per op" >&2
      exit 1
    fi
    case $primitive in ecdsap256|ecdsap384|aes-256-gcm|sha384|aes-256-gcm-aead@[1-9]*|aes-256-gcm-aead-decrypt@[1-9]*) ;; *)
      echo "$f:$n: unknown openssl primitive '$primitive' (ecdsap256, ecdsap384, aes-256-gcm, sha384, aes-256-gcm-aead@N, aes-256-gcm-aead-decrypt@N)" >&2; exit 1 ;;
    esac
    [[ $bytes =~ ^[0-9]+$ ]] || { echo "$f:$n: bytes per op must be a number" >&2; exit 1; }
    printf '%s\t%s\t%s\t%s\n' "$label" "$regex" "$primitive" "$bytes" >> "$lines"
  done < "$f"
done

mapfile -t regexes < <(cut -f2 "$lines" | sort -u)
echo "JMH: ${#regexes[@]} benchmark patterns, -f ${BENCH_FORKS:-1} -wi ${BENCH_WARMUP_ITERATIONS:-2} -w ${BENCH_WARMUP_TIME:-2s} -i ${BENCH_ITERATIONS:-3} -r ${BENCH_TIME:-2s}" >&2
prof=()
[[ -n ${BENCH_PROF:-} ]] && prof=(-prof "$BENCH_PROF")
"$java_cmd" -jar "$jar" "${regexes[@]}" "${prof[@]}" \
  -f "${BENCH_FORKS:-1}" -wi "${BENCH_WARMUP_ITERATIONS:-2}" -w "${BENCH_WARMUP_TIME:-2s}" \
  -i "${BENCH_ITERATIONS:-3}" -r "${BENCH_TIME:-2s}" -bm thrpt -tu s \
  -rf json -rff "$out/jmh.json" > "$out/jmh.log"

secs=${OPENSSL_SECONDS:-3}
elapsed=()
[[ ${OPENSSL_ELAPSED:-1} == 1 ]] && elapsed=(-elapsed)
: > "$out/openssl-ecdsa.txt"
: > "$out/openssl-aes.txt"
if cut -f3 "$lines" | grep -q '^ecdsap'; then
  echo "openssl speed ${elapsed[*]} -seconds $secs ecdsap256 ecdsap384" >&2
  openssl speed "${elapsed[@]}" -seconds "$secs" ecdsap256 ecdsap384 > "$out/openssl-ecdsa.txt" 2> /dev/null
fi
if cut -f3 "$lines" | grep -q '^aes-256-gcm$'; then
  echo "openssl speed ${elapsed[*]} -seconds $secs -bytes 16384 -evp aes-256-gcm" >&2
  openssl speed "${elapsed[@]}" -seconds "$secs" -bytes 16384 -evp aes-256-gcm > "$out/openssl-aes.txt" 2> /dev/null
fi

: > "$out/openssl-aead.tsv"
for prim in $(cut -f3 "$lines" | grep '^aes-256-gcm-aead' | sort -u); do
  aead_bytes=${prim##*@}
  aead_dec=()
  [[ $prim == aes-256-gcm-aead-decrypt@* ]] && aead_dec=(-decrypt)
  echo "openssl speed ${elapsed[*]} -seconds $secs -aead ${aead_dec[*]} -bytes $aead_bytes -evp aes-256-gcm" >&2
  rate=$(openssl speed "${elapsed[@]}" -seconds "$secs" -aead "${aead_dec[@]}" -bytes "$aead_bytes" -evp aes-256-gcm \
    2> /dev/null | sed -n 's/^AES-256-GCM  *\([0-9.]*\)k *$/\1/p' | tail -1)
  if [[ -n $rate ]]; then printf '%s\t%s\n' "$prim" "$rate" >> "$out/openssl-aead.tsv"; fi
done

: > "$out/openssl-sha384.txt"
if cut -f3 "$lines" | grep -q '^sha384$'; then
  echo "openssl speed ${elapsed[*]} -seconds $secs -bytes 16384 -evp sha384" >&2
  openssl speed "${elapsed[@]}" -seconds "$secs" -bytes 16384 -evp sha384 > "$out/openssl-sha384.txt" 2> /dev/null
fi

python3 - "$lines" "$out/jmh.json" "$out/openssl-ecdsa.txt" "$out/openssl-aes.txt" "$out/openssl-sha384.txt" <<'PY'
import json, re, sys

lines_file, jmh_file, ecdsa_file, aes_file, sha_file = sys.argv[1:6]
results = json.load(open(jmh_file))

openssl = {}
for line in open(ecdsa_file):
    # " 256 bits ecdsa (nistp256)   0.0000s   0.0001s  50238.9  16335.0"
    m = re.match(r"\s*(\d+) bits ecdsa \((nistp\d+)\)\s+\S+s\s+\S+s\s+([\d.]+)\s+([\d.]+)\s*$", line)
    if m:
        openssl["ecdsap" + m.group(2)[len("nistp"):]] = ("ops/s", float(m.group(4)))
for line in open(aes_file):
    # "AES-256-GCM    4027963.28k"  (1000s of bytes per second, 16384-byte blocks)
    m = re.match(r"\s*AES-256-GCM\s+([\d.]+)k\s*$", line, re.I)
    if m:
        openssl["aes-256-gcm"] = ("MB/s", float(m.group(1)) / 1000.0)
for line in open(sha_file):
    # "sha384    677326.70k"  (1000s of bytes per second, 16384-byte blocks)
    m = re.match(r"\s*sha384\s+([\d.]+)k\s*$", line, re.I)
    if m:
        openssl["sha384"] = ("MB/s", float(m.group(1)) / 1000.0)

# -aead yardsticks: "primitive<TAB>rate in 1000s of bytes per second", written by the shell above.
import os
aead_file = os.path.join(os.path.dirname(ecdsa_file), "openssl-aead.tsv")
if os.path.exists(aead_file):
    for line in open(aead_file):
        prim, kbytes = line.rstrip("\n").split("\t")
        openssl[prim] = ("MB/s", float(kbytes) / 1000.0)

scores = {r["benchmark"]: r["primaryMetric"]["score"] for r in results}
rows = []
problems = []
for entry in open(lines_file):
    label, regex, primitive, nbytes = entry.rstrip("\n").split("\t")
    nbytes = int(nbytes)
    matched = [r for r in results if re.search(regex, r["benchmark"])]
    if not matched:
        problems.append(f"{label}: no JMH result matches {regex}")
        continue
    if len(matched) > 1:
        problems.append(f"{label}: {regex} matches {len(matched)} results; using {matched[0]['benchmark']}")
    threads = int(matched[0].get("threads", 1))
    alloc = matched[0].get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
    scaling = None
    if threads > 1:
        base = re.sub(r"TwoThreads$", "", matched[0]["benchmark"])
        if base != matched[0]["benchmark"] and base in scores:
            scaling = matched[0]["primaryMetric"]["score"] / scores[base]
        else:
            problems.append(f"{label}: no one-thread run of {base} to compute the scaling")
    metric = matched[0]["primaryMetric"]
    score, error, unit = metric["score"], metric.get("scoreError"), metric["scoreUnit"]
    try:
        error = float(error)  # JMH writes "NaN" (a string) when one iteration gives no interval
    except (TypeError, ValueError):
        error = 0.0
    if unit != "ops/s":
        problems.append(f"{label}: JMH unit is {unit}, expected ops/s")
        continue
    if nbytes > 0:
        ours, ours_err, unit = score * nbytes / 1e6, (error or 0) * nbytes / 1e6, "MB/s"
    else:
        ours, ours_err, unit = score, error or 0, "ops/s"
    theirs = openssl.get(primitive)
    if theirs is None:
        problems.append(f"{label}: no openssl figure for {primitive}")
    rows.append((label, threads, ours, ours_err if ours_err == ours_err else 0, unit,
                 theirs[1] if theirs else None, primitive, scaling, alloc))

def fmt(v):
    return "-" if v is None else f"{v:,.0f}" if v >= 100 else f"{v:,.1f}"

with_alloc = any(r[8] is not None for r in rows)
header = ("comparison", "threads", "tee4j", "+/-", "OpenSSL", "unit", "ratio (tee4j/OpenSSL)",
          "vs 1 thread") + (("B/op",) if with_alloc else ())
table = [header] + [
    (label, str(threads), fmt(ours), fmt(err), fmt(theirs), unit,
     "-" if not theirs else f"{ours / theirs:.2f}x",
     "-" if scaling is None else f"{scaling:.2f}x")
    + ((("-" if alloc is None else f"{alloc:,.0f}"),) if with_alloc else ())
    for label, threads, ours, err, unit, theirs, primitive, scaling, alloc in rows]
widths = [max(len(r[i]) for r in table) for i in range(len(header))]
for i, r in enumerate(table):
    print("  ".join(c.ljust(widths[j]) if j == 0 else c.rjust(widths[j]) for j, c in enumerate(r)))
    if i == 0:
        print("  ".join("-" * w for w in widths))
for p in problems:
    print("warning: " + p, file=sys.stderr)
sys.exit(1 if any("no JMH result" in p or "no openssl" in p for p in problems) else 0)
PY
