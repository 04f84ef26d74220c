#!/usr/bin/env bash
# Times %maven resolution through the shaded kernel jar: cold (empty local repository,
# downloads from Maven Central) and warm (a fresh JVM on the filled local repository, the
# "re-run after a restart" case, which must need no network). Prints a Markdown report
# and writes it to bench/results/maven.md. Not a test: it never fails on time.
#
#   bench/maven/run.sh [RUNS]        (build first: mvn -q -pl kernel -am package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=kernel/target/java-cached.jar
CLI=dev.javacached.kernel.app.ResolveCli
RUNS=${1:-5}
JAVA=${JAVA:-java}
[ -f "$JAR" ] || { echo "build first: mvn -q -pl kernel -am package -DskipTests" >&2; exit 1; }

CASES=("org.jspecify:jspecify:1.0.0"
       "org.apache.commons:commons-math3:3.6.1"
       "com.google.guava:guava:33.3.1-jre")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Prints "resolve-ms context-ms resolution-ms wall-ms summary" for one resolution in a fresh JVM.
one() {
  local repo=$1 coord=$2 start end out
  start=$(date +%s%N)
  out=$("$JAVA" -cp "$JAR" "$CLI" --local-repo "$repo" --digest-cache "$repo.digests" "$coord" 2>/dev/null)
  end=$(date +%s%N)
  local times summary
  times=$(sed -n 's/^resolve \([0-9]*\) ms (context \([0-9]*\) ms + resolution \([0-9]*\) ms).*/\1 \2 \3/p' <<<"$out")
  summary=$(grep '^Resolved' <<<"$out")
  echo "$times $(( (end - start) / 1000000 )) $summary"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

{
  echo "# %maven resolution timings"
  echo
  echo "$(date -u +%Y-%m-%d), $("$JAVA" -version 2>&1 | head -1), $(nproc) cores (shared; load average at start $(cut -d' ' -f1 /proc/loadavg)), shaded jar $(du -h "$JAR" | cut -f1)."
  echo "Each run is a fresh JVM (\`ResolveCli\` from the shaded jar); *resolve* is measured in-process"
  echo "= *context* (MIMA/settings.xml set-up, once per kernel, can be done at kernel start with"
  echo "\`MavenResolver.prepare()\`) + *resolution* (offline-first resolution + SHA-256 of every jar);"
  echo "*wall* includes JVM start."
  echo "Warm = same local repository, nothing to download: the re-run-after-restart case;"
  echo "warm columns are medians of $RUNS runs."
  echo
  echo "| artifact | cold resolve ms | cold wall ms | warm resolve ms | warm context ms | warm resolution ms | warm wall ms | result (warm) |"
  echo "|---|---:|---:|---:|---:|---:|---:|---|"
  for coord in "${CASES[@]}"; do
    repo="$work/repo-${coord//:/_}"
    read -r cold_ms _ _ cold_wall summary < <(one "$repo" "$coord")
    warm=()
    for _ in $(seq "$RUNS"); do warm+=("$(one "$repo" "$coord")"); done
    warm_ms=$(printf '%s\n' "${warm[@]}" | cut -d' ' -f1 | median)
    warm_ctx=$(printf '%s\n' "${warm[@]}" | cut -d' ' -f2 | median)
    warm_res=$(printf '%s\n' "${warm[@]}" | cut -d' ' -f3 | median)
    warm_wall=$(printf '%s\n' "${warm[@]}" | cut -d' ' -f4 | median)
    warm_summary=$(printf '%s\n' "${warm[0]}" | cut -d' ' -f5-)
    echo "| \`$coord\` | $cold_ms | $cold_wall | $warm_ms | $warm_ctx | $warm_res | $warm_wall | ${warm_summary} |"
  done
} | tee bench/results/maven.md
