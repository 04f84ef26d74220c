#!/usr/bin/env bash
# What keying a @Cached call costs: digesting an 800 MB double[] argument, and the per-call
# overhead of a trivial memoized method through the real engine. Writes bench/results/memo.md.
# A benchmark, not a test: it never fails on time.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA=${JAVA:-java}
mvn -q -o -DskipTests package
mvn -q -o -pl cache-store,kernel test-compile
# the kernel's classes, then its test classes (the harness), then the shaded jar for the libraries
CP="kernel/target/classes:cache-store/target/classes:kernel/target/test-classes:kernel/target/java-cached.jar"
FLAGS="-XX:+UseSerialGC -Xms64m -XX:Tier4InvocationThreshold=150000 -XX:Tier4MinInvocationThreshold=18000 -XX:Tier4CompileThreshold=450000 -Xmx6g"
DIR=$(mktemp -d /tmp/memo-bench-XXXX)
trap 'rm -rf "$DIR"' EXIT
OUT=bench/results/memo.md
{
  echo "# @Cached: keying a call"
  echo
  echo "$(date -u +%F), $(nproc) cores (shared), $("$JAVA" -version 2>&1 | head -1), flags: $FLAGS; load $(cut -d' ' -f1 /proc/loadavg)."
  echo
  echo "## An 800 MB double[] argument (100 M doubles), digested as a call digests it"
  echo
  echo "One digest of one argument, as a call takes it. Within one cell, an argument the cell only hands to memoized"
  echo "calls is digested once (the sweep below); across cells it is digested again (see the cache README for why)."
  echo
  "$JAVA" $FLAGS -cp "$CP" dev.javacached.kernel.cache.MemoBench digest 800
  echo
  echo "## A sweep over an 800 MB argument, as notebooks write it"
  echo
  echo "\`train(data, rate)\` makes 3 passes over \`data\`; 10 rates in one cell. The cell only hands \`data\` to the"
  echo "memoized method, so the calls digest it once; the body only reads its parameter, so a miss does not digest it again."
  echo
  "$JAVA" $FLAGS -cp "$CP" dev.javacached.kernel.cache.MemoBench sweep "$DIR/sweep" 800
  echo
  echo "## Per-call overhead through the real engine (default 100 ms threshold: nothing here is stored)"
  echo
  "$JAVA" $FLAGS -cp "$CP" dev.javacached.kernel.cache.MemoBench calls "$DIR/store"
} | tee "$OUT"
