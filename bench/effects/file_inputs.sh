#!/bin/sh
# The cost of observing input files, on JDK 17 and 25: compiles FileInputsBench into the
# kernel's package (against kernel/target/classes; build first with mvn -q -o -DskipTests package)
# and runs it with and without the recording. Prints a Markdown table.
set -e
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
javac --release 17 -cp "$ROOT/kernel/target/classes" -d "$OUT" "$ROOT/bench/effects/FileInputsBench.java"
echo "| JVM | snippet | the snippet's reads | observe (snapshot + events) | identify (stat + SHA-256) | check before a restore | files seen |"
echo "|---|---|---|---|---|---|---|"
for JAVA in java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java; do
  "$JAVA" -cp "$OUT:$ROOT/kernel/target/classes" dev.javacached.kernel.cache.FileInputsBench norecording
  "$JAVA" -cp "$OUT:$ROOT/kernel/target/classes" dev.javacached.kernel.cache.FileInputsBench
done
