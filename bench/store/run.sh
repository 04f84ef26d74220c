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
JDIR=$(mktemp -d /tmp/joblib-bench-XXXX)
trap 'rm -rf "$DIR" "$JDIR"' EXIT
# The kernel launches with these flags (see Installer.JVM_FLAGS): measure what users get.
KERNEL_FLAGS="-XX:+UseSerialGC -Xms32m -XX:+UseTransparentHugePages"
bench() { "$JAVA" -Xmx4g $KERNEL_FLAGS ${JOPTS:-} -cp "$CP" dev.javacached.store.StoreBench "$@"; }
load() { awk '{print $1}' /proc/loadavg; }
best() { echo "$1 $2" | awk '{print ($1>$2)?$1:$2}'; }
OUT=bench/results/store.md
{
  echo "# cache-store throughput"
  echo
  echo "$(date -u +%F), $(nproc) cores (shared), $("$JAVA" -version 2>&1 | head -1), warm page cache, blob format 2."
  echo
  echo "- store: put of a double[] (encode, hash, write, fsync, rename, index commit); cold = first put in the JVM, warm = second put of the same array."
  echo "- restore: a fresh JVM, timed from before RocksCacheStore.open (includes loading the RocksDB JNI library, opening the store, index lookup, mapping, verifying and decoding into a new double[])."
  echo "- every JVM runs with the kernel's own launch flags: $KERNEL_FLAGS."
  echo "- plain: a fresh JVM reads the blob file into a new double[] with FileChannel (no store, no verification)."
  echo "- joblib: a fresh python3 process calls a joblib.Memory-cached function whose result (a float64 array) is on disk: a cache hit that unpickles it into a new numpy array (mmap_mode=None). joblib store: numpy_pickle.dump + fsync."
  echo
  echo "| size | load avg (1 min) | store cold / warm GB/s | restore GB/s | plain GB/s | joblib store GB/s | joblib load GB/s | restore / joblib load |"
  echo "|---|---|---|---|---|---|---|---|"
} > "$OUT"
for SIZE in 100 800; do
  l0=$(load)
  st=$(bench store "$DIR" "$SIZE")
  cold=$(echo "$st" | awk 'NR==1{print $2}'); warm=$(echo "$st" | awk 'NR==2{print $2}')
  bench restore "$DIR" "$SIZE" >/dev/null  # warms the page cache
  js=$(/usr/bin/python3 bench/store/joblib_bench.py store "$JDIR" "$SIZE" | awk '{print $2}')
  /usr/bin/python3 bench/store/joblib_bench.py load "$JDIR" "$SIZE" >/dev/null
  best_r=0; best_p=0; best_j=0
  for i in 1 2 3; do
    best_r=$(best "$(bench restore "$DIR" "$SIZE" | tail -1 | awk '{print $2}')" "$best_r")
    best_p=$(best "$(bench plain "$DIR" "$SIZE" | tail -1 | awk '{print $2}')" "$best_p")
    best_j=$(best "$(/usr/bin/python3 bench/store/joblib_bench.py load "$JDIR" "$SIZE" | awk '{print $2}')" "$best_j")
  done
  l1=$(load)
  ratio=$(echo "$best_r $best_j" | awk '{printf "%.2fx", $1/$2}')
  echo "| ${SIZE} MB | $l0 → $l1 | $cold / $warm | $best_r | $best_p | $js | $best_j | $ratio |" >> "$OUT"
done
{
  echo
  echo "Best of 3 fresh processes each. Targets (issue 3): restore >= 3 GB/s and >= 3x joblib load; store >= 1.5 GB/s."
  echo
  echo "Breakdown of one 800 MB restore in a fresh JVM (StoreBench parts / mapparts):"
  echo '```'
  bench parts "$DIR" 800
  bench mapparts "$DIR" 800 | head -1
  bench fsync "$DIR" 800
  bench hash "$DIR" 256 | tail -1
  echo '```'
} >> "$OUT"
cat "$OUT"
