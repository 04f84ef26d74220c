#!/usr/bin/env bash
# Set up java-cached on a fresh Debian machine and start it in `jupyter console`.
# Builds the kernel jar, installs Debian's jupyter-console if missing, installs the
# kernelspec for this user, then starts `jupyter console --kernel=java-cached`.
set -euo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
command -v jupyter-console >/dev/null || missing+=(jupyter-console)
command -v mvn >/dev/null || missing+=(maven)
command -v javac >/dev/null || missing+=(openjdk-17-jdk-headless)
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

mvn -B -q -DskipTests package
java -jar kernel/target/java-cached.jar install --user
exec jupyter console --kernel=java-cached "$@"
