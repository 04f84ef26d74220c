#!/usr/bin/env bash
# Run every test of java-cached on a fresh Debian machine (installs what it needs).
#  1. JUnit 5 suites of cache-store and kernel on JDK 17 (Maven Surefire)
#  2. the engine's JUnit suite again on JDK 25
#  3. the client tests with clients nobody here wrote: jupyter_kernel_test, jupyter console
#     (tmux), nbclient on notebooks/, interrupt through jupyter_client on JDK 17 and 25
#  4. a real-browser test: headless Chromium (playwright-core) driving the classic Jupyter Notebook
#  5. JupyterLab: its client code (@jupyterlab/services) from Node against Debian's Jupyter Server,
#     then a notebook application built from @jupyterlab/* packages in headless Chromium
# Ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
packages=(maven jupyter-console python3-jupyter-client python3-nbclient python3-nbformat
          python3-jupyter-kernel-test tmux python3-joblib python3-numpy
          nginx-light)  # the remote tier's tests serve WebDAV with it (run by the tests, never as a service)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" || exit 1
fi

status=0
# Test failures are counted from the reports below; the jar is still built for the client tests.
# java.cached.slowTests=true runs the tests a plain `mvn test` skips: HugeValueTest (a 2.24 GB
# value) and MavenCentralTest (needs the network).
mvn -B -ntp verify -Djava.cached.slowTests=true -Dmaven.test.failure.ignore=true || status=1

JDK25=/usr/lib/jvm/temurin-25-jdk-amd64
if [ -x "$JDK25/bin/java" ]; then
  # Same bytecode (--release 17), run by JDK 25: the engine suite (execution, interrupt, output).
  # Surefire always reports to target/surefire-reports: keep JDK 17's reports aside meanwhile.
  rm -rf kernel/target/surefire-reports-jdk17 kernel/target/surefire-reports-jdk25
  mv kernel/target/surefire-reports kernel/target/surefire-reports-jdk17
  JAVA_HOME=$JDK25 mvn -B -ntp -pl cache-store,kernel test -Dtest='dev.javacached.kernel.engine.**,InterruptValueCodeTest' \
    -Dsurefire.failIfNoSpecifiedTests=false -Dmaven.test.failure.ignore=true || status=1
  mv kernel/target/surefire-reports kernel/target/surefire-reports-jdk25
  mv kernel/target/surefire-reports-jdk17 kernel/target/surefire-reports
else
  echo "JDK 25 not found at $JDK25: skipping the JDK 25 engine suite" >&2
fi

if [ -f kernel/target/java-cached.jar ]; then
  /usr/bin/python3 tests/clients/run_all.py --junit-dir kernel/target/client-reports || status=1
else
  echo "kernel jar missing: client tests not run" >&2
  status=1
fi

rm -rf kernel/target/browser-reports kernel/target/jupyterlab-reports
if [ -f kernel/target/java-cached.jar ]; then
  # Chromium from Debian (playwright-core drives it; it never downloads a browser of its own).
  browser_pkgs=()
  [ -x /usr/bin/chromium ] || browser_pkgs+=(chromium)
  [ -x /usr/bin/jupyter-notebook ] || browser_pkgs+=(jupyter-notebook)
  for p in python3-jupyter-server python3-jupyterlab-server; do dpkg -s "$p" >/dev/null 2>&1 || browser_pkgs+=("$p"); done
  if [ ${#browser_pkgs[@]} -gt 0 ]; then
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${browser_pkgs[@]}" || status=1
  fi
  tests/browser/run.sh --counts-dir kernel/target/browser-reports || status=1
  tests/jupyterlab/run.sh --counts-dir kernel/target/jupyterlab-reports || status=1
fi

/usr/bin/python3 tests/summary.py kernel/target/surefire-reports cache-store/target/surefire-reports \
  kernel/target/surefire-reports-jdk25 kernel/target/client-reports kernel/target/browser-reports \
  kernel/target/jupyterlab-reports || status=1
exit $status
