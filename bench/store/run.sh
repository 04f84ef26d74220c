#!/usr/bin/env bash
# Store/restore throughput of cache-store vs a plain FileChannel read and joblib.Memory.
# Writes bench/results/store.md. A benchmark, not a test: it never fails on time.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
JAVA=${JAVA:-java}
if ! /usr/bin/python3 -c 'import joblib, numpy' 2>/dev/null; then
  apt-get install -y python3-joblib python3-numpy
fi
mvn -q -pl cache-store test-compile
mvn -q -pl cache-store dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
CP="cache-store/target/classes:cache-store/target/test-classes:$(cat cache-store/target/bench.cp)"
DIR=$(mktemp -d /tmp/store-bench-XXXX)
trap 'rm -rf "$DIR"' EXIT
run() { "$JAVA" -Xmx4g -cp "$CP" dev.javacached.store.StoreBench "$@" "$DIR" "$SIZE" | tail -1; }
OUT=bench/results/store.md
{
  echo "# cache-store throughput"
  echo
  echo "$(date -u +%F), $(nproc) cores (shared), $("$JAVA" -version 2>&1 | head -1), warm page cache."
  echo "Store: second put of the same array in one JVM (fsync included). Restore: fresh JVM, get() incl. verification."
  echo
  echo "| size | store GB/s | restore GB/s | plain FileChannel GB/s | joblib load GB/s | restore / joblib |"
  echo "|---|---|---|---|---|---|"
} > "$OUT"
for SIZE in 100 800; do
  st=$(run store); run restore >/dev/null  # first restore warms the page cache
  best_r=0; best_p=0; best_j=0
  for i in 1 2 3; do
    r=$(run restore | awk '{print $2}'); p=$(run plain | awk '{print $2}')
    j=$(/usr/bin/python3 bench/store/joblib_bench.py "$SIZE" | awk '{print $2}')
    best_r=$(echo "$r $best_r" | awk '{print ($1>$2)?$1:$2}')
    best_p=$(echo "$p $best_p" | awk '{print ($1>$2)?$1:$2}')
    best_j=$(echo "$j $best_j" | awk '{print ($1>$2)?$1:$2}')
  done
  ratio=$(echo "$best_r $best_j" | awk '{printf "%.1fx", $1/$2}')
  echo "| ${SIZE} MB | $(echo "$st" | awk '{print $2}') | $best_r | $best_p | $best_j | $ratio |" >> "$OUT"
done
echo >> "$OUT"
echo "Best of 3 runs each. Targets: restore >= 3 GB/s and >= 3x joblib; store >= 1.5 GB/s." >> "$OUT"
cat "$OUT"
