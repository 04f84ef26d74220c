#!/usr/bin/env bash
# Real-browser test of java-cached in the classic Jupyter Notebook (Debian's jupyter-notebook 6).
# Installs the built kernelspec into a temporary prefix, starts a notebook server on 127.0.0.1
# (free port, random token), drives headless Chromium through playwright-core (notebook.spec.mjs),
# and always stops the server and cleans up. Needs kernel/target/java-cached.jar and /usr/bin/chromium.
# Usage: tests/browser/run.sh [--counts-dir DIR]   (DIR gets counts.json for tests/summary.py)
# Ends with one line: "N passed, N failed"; exits non-zero on any failure.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
JAR=$ROOT/kernel/target/java-cached.jar
PY=/usr/bin/python3
COUNTS_DIR=
if [ "${1:-}" = --counts-dir ]; then COUNTS_DIR=$2; fi

WORK=$(mktemp -d /tmp/java-cached-browser-XXXXXX)
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

finish() {  # finish PASSED FAILED
  if [ -n "$COUNTS_DIR" ]; then
    mkdir -p "$COUNTS_DIR"
    printf '{"run": %d, "failed": %d, "skipped": 0, "passed": %d}\n' $(($1 + $2)) "$2" "$1" \
      > "$COUNTS_DIR/counts.json"
  fi
  echo "$1 passed, $2 failed"
  [ "$2" = 0 ] && [ "$1" -gt 0 ]
  exit $?
}

if [ ! -f "$JAR" ]; then echo "missing $JAR: build with mvn -pl kernel -am package first" >&2; finish 0 1; fi
if [ ! -x /usr/bin/chromium ]; then echo "missing /usr/bin/chromium (apt-get install chromium)" >&2; finish 0 1; fi
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  # playwright-core needs Node.js >= 20 (Debian bookworm ships 18): not a failure of the kernel.
  echo "SKIP browser test: Node.js >= 20 needed, found ${node_major/#0/none}" >&2
  if [ -n "$COUNTS_DIR" ]; then
    mkdir -p "$COUNTS_DIR"; echo '{"run": 0, "failed": 0, "skipped": 1, "passed": 0}' > "$COUNTS_DIR/counts.json"
  fi
  echo "0 passed, 0 failed"
  exit 0
fi
if [ ! -d "$HERE/node_modules/playwright-core" ]; then
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci failed" >&2; finish 0 1; }
fi

# Private Jupyter set-up: kernelspec in a temp prefix, cache, config, data and runtime dirs.
java -jar "$JAR" install --prefix "$WORK/prefix" >/dev/null || finish 0 1
mkdir -p "$WORK/notebooks" "$WORK/cache" "$WORK/config" "$WORK/data" "$WORK/runtime"
export JUPYTER_PATH=$WORK/prefix/share/jupyter JAVA_CACHED_DIR=$WORK/cache JAVA_CACHED_HISTORY=$WORK/history.jsonl
export JUPYTER_CONFIG_DIR=$WORK/config JUPYTER_DATA_DIR=$WORK/data JUPYTER_RUNTIME_DIR=$WORK/runtime
"$PY" - "$WORK/notebooks/browser-test.ipynb" <<'PYEOF'
import sys, nbformat
nb = nbformat.v4.new_notebook()
nb.cells.append(nbformat.v4.new_code_cell(""))
nb.metadata.kernelspec = {"name": "java-cached", "display_name": "Java (cached)", "language": "java"}
nbformat.write(nb, sys.argv[1])
PYEOF

PORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
TOKEN=$("$PY" -c 'import secrets; print(secrets.token_hex(24))')
/usr/bin/jupyter-notebook --no-browser --allow-root --ip=127.0.0.1 --port="$PORT" --port-retries=0 \
  --NotebookApp.token="$TOKEN" --notebook-dir="$WORK/notebooks" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

# Wait (up to 60 s) for the server to answer.
ready=0
for _ in $(seq 300); do
  if "$PY" -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$PORT/api/status?token=$TOKEN', timeout=2)" 2>/dev/null; then
    ready=1; break
  fi
  kill -0 "$SERVER_PID" 2>/dev/null || break
  sleep 0.2
done
if [ $ready = 0 ]; then echo "notebook server did not start:" >&2; cat "$WORK/server.log" >&2; finish 0 1; fi

mkdir -p "$HERE/out"
RESULT=$WORK/result.json
start=$EPOCHREALTIME
node "$HERE/notebook.spec.mjs" --url "http://127.0.0.1:$PORT/notebooks/browser-test.ipynb?token=$TOKEN" \
  --result "$RESULT" --out "$HERE/out"
rc=$?
echo "browser test took $(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }') s (node exit $rc)"
if [ -f "$RESULT" ]; then
  passed=$("$PY" -c "import json,sys; print(json.load(open(sys.argv[1]))['passed'])" "$RESULT")
  failed=$("$PY" -c "import json,sys; print(json.load(open(sys.argv[1]))['failed'])" "$RESULT")
else
  passed=0; failed=1
fi
if [ "$rc" != 0 ] && [ "$failed" = 0 ]; then failed=1; fi
if [ "$failed" != 0 ]; then echo "--- notebook server log ---" >&2; tail -50 "$WORK/server.log" >&2; fi
finish "$passed" "$failed"
