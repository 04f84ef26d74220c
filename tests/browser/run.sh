#!/usr/bin/env bash
# Real-browser test of java-cached in the classic Jupyter Notebook (Debian's jupyter-notebook 6).
# Installs the built kernelspec into a temporary prefix, starts a notebook server on 127.0.0.1
# (free port, random token), drives headless Chromium through playwright-core (notebook.spec.mjs),
# and always stops the server and cleans up. Needs kernel/target/java-cached.jar and /usr/bin/chromium.
# Usage: tests/browser/run.sh [--counts-dir DIR]   (DIR gets counts.json for tests/summary.py)
# Ends with one line: "N passed, N failed"; exits non-zero on any failure.
# What it shares with tests/jupyterlab/run.sh (paths, the server, counts) is in tests/lib/.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../lib/jupyter-server.sh"

if [ ! -f "$JAR" ]; then echo "missing $JAR: build with mvn -pl kernel -am package first" >&2; finish 0 1; fi
if [ ! -x /usr/bin/chromium ]; then echo "missing /usr/bin/chromium (apt-get install chromium)" >&2; finish 0 1; fi
# playwright-core needs Node.js >= 20 (Debian bookworm ships 18)
skip_without_node20 "browser test"
if [ ! -d "$HERE/node_modules/playwright-core" ]; then
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci failed" >&2; finish 0 1; }
fi

# Private Jupyter set-up: kernelspec in a temp prefix, cache, config, data and runtime dirs.
install_kernelspec || finish 0 1
export JAVA_CACHED_DIR=$WORK/cache
mkdir -p "$WORK/cache"
new_notebook "$WORK/notebooks/browser-test.ipynb"

notebook_server() {   # exec: the server is SERVER_PID itself, so stop_server's signal reaches it
  exec /usr/bin/jupyter-notebook --no-browser --allow-root --ip=127.0.0.1 --port="$PORT" --port-retries=0 \
    --NotebookApp.token="$TOKEN" --notebook-dir="$WORK/notebooks"
}
start_server "$WORK/server.log" notebook_server || finish 0 1

mkdir -p "$HERE/out"
RESULT=$WORK/result.json
start=$EPOCHREALTIME
node "$HERE/notebook.spec.mjs" --url "http://127.0.0.1:$PORT/notebooks/browser-test.ipynb?token=$TOKEN" \
  --result "$RESULT" --out "$HERE/out"
rc=$?
echo "browser test took $(since "$start") s (node exit $rc)"
read_result "$RESULT" $rc
if [ "$RESULT_FAILED" != 0 ]; then echo "--- notebook server log ---" >&2; tail -50 "$WORK/server.log" >&2; fi
finish "$RESULT_PASSED" "$RESULT_FAILED"
