#!/usr/bin/env bash
# The object codec (cache-store codec/ValueCodec over Apache Fory, with the round-trip check)
# side by side with Fory used directly and JDK serialization, warm in one JVM and cold in a
# fresh JVM per decode (what a restarted kernel pays). Writes bench/results/codec.md.
# A benchmark, not a test: it never fails on time.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA=${JAVA:-java}
mvn -q -pl cache-store test-compile
mvn -q -pl cache-store dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
CP="cache-store/target/classes:cache-store/target/test-classes:$(cat cache-store/target/bench.cp)"
# the kernel's own launch flags (Installer.JVM_FLAGS)
FLAGS="-XX:+UseSerialGC -Xms64m -XX:Tier4InvocationThreshold=150000 -XX:Tier4MinInvocationThreshold=18000 -XX:Tier4CompileThreshold=450000 -Xmx6g"
DIR=$(mktemp -d /tmp/codec-bench-XXXX)
trap 'rm -rf "$DIR"' EXIT
OUT=bench/results/codec.md
{
  echo "# Object codec: project (Fory + round-trip check) vs Fory directly vs JDK serialization"
  echo
  echo "$(date -u +%F), $(nproc) cores (shared), $("$JAVA" -version 2>&1 | head -1), flags: $FLAGS; load $(cut -d' ' -f1 /proc/loadavg)."
  echo
  echo "Cases: (a) 60,000 records \`Row(int, String, double, double)\` recorded as \`nb:Row\` (as notebook classes are),"
  echo "(b) 1M strings in an ArrayList, (c) a 1M-entry HashMap<String, double[4]>, (d) 1,000 linked objects (next, first, a double[2] each)."
  echo
  echo "## Warm, one JVM (least of 3 after 3 warm-up rounds)"
  echo
  echo "Project encode = what a put pays: census of classes, Fory write on a fresh instance, then the round-trip check"
  echo "(decode on a fresh instance + RoundTrip compare). Project decode = a restore: a fresh Fory instance + read."
  echo
  "$JAVA" $FLAGS -cp "$CP" dev.javacached.store.codec.CodecBench warm
  echo
  echo "## Cold: one decode in a fresh JVM (a restarted kernel's first restore of that shape), ms"
  echo
  echo "| case | project | Fory direct | JDK |"
  echo "|---|---|---|---|"
  "$JAVA" $FLAGS -cp "$CP" dev.javacached.store.codec.CodecBench write "$DIR"
  for c in a-records b-strings c-map d-linked; do
    p=$("$JAVA" $FLAGS -Dcodec=project -cp "$CP" dev.javacached.store.codec.CodecBench cold "$DIR" $c | awk '{print $3}')
    f=$("$JAVA" $FLAGS -Dcodec=fory -cp "$CP" dev.javacached.store.codec.CodecBench cold "$DIR" $c | awk '{print $3}')
    j=$("$JAVA" $FLAGS -Dcodec=jdk -cp "$CP" dev.javacached.store.codec.CodecBench cold "$DIR" $c | awk '{print $3}')
    echo "| $c | $p | $f | $j |"
  done
} | tee "$OUT"
