#!/usr/bin/env bash
# java-cached under JupyterLab's own code, against Debian's Jupyter Server (python3-jupyter-server):
#  1. services.spec.mjs: @jupyterlab/services from Node (sessions, kernel websocket, interrupt and
#     restart over REST, stdin, completion), on a plain `python3 -m jupyter_server`.
#  2. lab.spec.mjs: JupyterLab's notebook application (app/, bundled from @jupyterlab/* 4.x by
#     build.mjs into build/, rebuilt only when package-lock.json or the sources change), served by
#     Jupyter Server with jupyterlab_server (lab_app.py), driven in headless Chromium; screenshots
#     after each step go to tests/jupyterlab/out/.
# Each part gets its own server on 127.0.0.1 (free port, random token) and its own cache dir, and
# the kernelspec our installer writes (install --prefix, found through JUPYTER_PATH).
# Needs kernel/target/java-cached.jar, Node.js >= 20, /usr/bin/chromium (npm ci here, cached while
# package-lock.json is unchanged).
# Usage: tests/jupyterlab/run.sh [--counts-dir DIR]   (DIR gets counts.json for tests/summary.py)
# Ends with one line: "N passed, N failed"; exits non-zero on any failure.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
JAR=$ROOT/kernel/target/java-cached.jar
PY=/usr/bin/python3
COUNTS_DIR=
if [ "${1:-}" = --counts-dir ]; then COUNTS_DIR=$2; fi

WORK=$(mktemp -d /tmp/java-cached-jupyterlab-XXXXXX)
SERVER_PID=
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null   # Jupyter Server shuts its kernels down on SIGTERM
    for _ in $(seq 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
  fi
  SERVER_PID=
}
cleanup() { stop_server; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

PASSED=0
FAILED=0
finish() {
  if [ -n "$COUNTS_DIR" ]; then
    mkdir -p "$COUNTS_DIR"
    printf '{"run": %d, "failed": %d, "skipped": 0, "passed": %d}\n' $((PASSED + FAILED)) "$FAILED" "$PASSED" \
      > "$COUNTS_DIR/counts.json"
  fi
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" = 0 ] && [ "$PASSED" -gt 0 ]
  exit $?
}
fail_setup() { echo "$1" >&2; FAILED=$((FAILED + 1)); finish; }

[ -f "$JAR" ] || fail_setup "missing $JAR: build with mvn -pl kernel -am package first"
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  # @jupyterlab/services 7 and playwright-core need Node.js >= 20: not a failure of the kernel.
  echo "SKIP JupyterLab tests: Node.js >= 20 needed, found ${node_major/#0/none}" >&2
  if [ -n "$COUNTS_DIR" ]; then
    mkdir -p "$COUNTS_DIR"; echo '{"run": 0, "failed": 0, "skipped": 1, "passed": 0}' > "$COUNTS_DIR/counts.json"
  fi
  echo "0 passed, 0 failed"
  exit 0
fi
"$PY" -c 'import jupyter_server' 2>/dev/null || fail_setup "missing jupyter_server (apt-get install python3-jupyter-server)"

# npm ci wipes node_modules, so run it only when package-lock.json changed since the last one.
lock_hash=$(sha256sum "$HERE/package-lock.json" | cut -c1-64)
if [ "$(cat "$HERE/node_modules/.lock-sha256" 2>/dev/null)" != "$lock_hash" ]; then
  start=$EPOCHREALTIME
  (cd "$HERE" && nice -n 10 npm ci --no-audit --no-fund --loglevel=error) || fail_setup "npm ci failed"
  echo "$lock_hash" > "$HERE/node_modules/.lock-sha256"
  echo "npm ci took $(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }') s"
fi

# The application bundle is rebuilt only when what goes into it changed.
build_hash=$(cat "$HERE/package-lock.json" "$HERE/build.mjs" "$HERE"/app/* | sha256sum | cut -c1-64)
BUILD_OK=1
if [ "$(cat "$HERE/build/.sources-sha256" 2>/dev/null)" != "$build_hash" ]; then
  start=$EPOCHREALTIME
  rm -rf "$HERE/build"
  if (cd "$HERE" && nice -n 10 node build.mjs); then
    echo "$build_hash" > "$HERE/build/.sources-sha256"
    echo "JupyterLab app built in $(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }') s"
  else
    echo "building the JupyterLab app failed" >&2; BUILD_OK=0
  fi
fi

java -jar "$JAR" install --prefix "$WORK/prefix" >/dev/null || fail_setup "install --prefix failed"
export JUPYTER_PATH=$WORK/prefix/share/jupyter JAVA_CACHED_HISTORY=$WORK/history.jsonl
export JUPYTER_CONFIG_DIR=$WORK/config JUPYTER_DATA_DIR=$WORK/data JUPYTER_RUNTIME_DIR=$WORK/runtime
mkdir -p "$WORK/config" "$WORK/data" "$WORK/runtime"

PORT= TOKEN=
# start_server NAME COMMAND...: runs a Jupyter Server (the command gets the port, token and root
# options appended) with its own notebook folder and cache dir, and waits (60 s) until it answers.
start_server() {
  local name=$1; shift
  PORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  TOKEN=$("$PY" -c 'import secrets; print(secrets.token_hex(24))')
  mkdir -p "$WORK/$name/notebooks" "$WORK/$name/cache"
  JAVA_CACHED_DIR=$WORK/$name/cache "$@" --no-browser --allow-root --ip=127.0.0.1 --port="$PORT" --port-retries=0 \
    --ServerApp.token="$TOKEN" --ServerApp.root_dir="$WORK/$name/notebooks" >"$WORK/$name/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 300); do
    if "$PY" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/api/status?token=$TOKEN', timeout=2)" 2>/dev/null; then
      return 0
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.2
  done
  echo "Jupyter Server ($name) did not start:" >&2; cat "$WORK/$name/server.log" >&2
  stop_server
  return 1
}

# count_result NAME RESULT_JSON NODE_EXIT: adds a spec's counts (a crash without a result is one failure).
count_result() {
  local p=0 f=1
  if [ -f "$2" ]; then
    p=$("$PY" -c "import json,sys; print(json.load(open(sys.argv[1]))['passed'])" "$2")
    f=$("$PY" -c "import json,sys; print(json.load(open(sys.argv[1]))['failed'])" "$2")
  fi
  if [ "$3" != 0 ] && [ "$f" = 0 ]; then f=1; fi
  PASSED=$((PASSED + p)); FAILED=$((FAILED + f))
  if [ "$f" != 0 ]; then echo "--- Jupyter Server log ($1) ---" >&2; tail -50 "$WORK/$1/server.log" >&2; fi
}

# ---- 1. @jupyterlab/services from Node ----------------------------------------------------------
if start_server services "$PY" -m jupyter_server; then
  start=$EPOCHREALTIME
  (cd "$HERE" && node services.spec.mjs --url "http://127.0.0.1:$PORT/" --token "$TOKEN" --result "$WORK/services.json")
  rc=$?
  echo "services test took $(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }') s (node exit $rc)"
  count_result services "$WORK/services.json" $rc
  stop_server
else
  FAILED=$((FAILED + 1))
fi

# ---- 2. JupyterLab's notebook application in headless Chromium -----------------------------------
if [ $BUILD_OK = 0 ]; then
  FAILED=$((FAILED + 1))
elif [ ! -x /usr/bin/chromium ]; then
  echo "missing /usr/bin/chromium (apt-get install chromium)" >&2; FAILED=$((FAILED + 1))
elif ! "$PY" -c 'import jupyterlab_server' 2>/dev/null; then
  echo "missing jupyterlab_server (apt-get install python3-jupyterlab-server)" >&2; FAILED=$((FAILED + 1))
else
  mkdir -p "$WORK/lab/notebooks"
  "$PY" - "$WORK/lab/notebooks/lab-test.ipynb" <<'PYEOF'
import sys, nbformat
nb = nbformat.v4.new_notebook()
nb.cells.append(nbformat.v4.new_code_cell(""))
nb.metadata.kernelspec = {"name": "java-cached", "display_name": "Java (cached)", "language": "java"}
nbformat.write(nb, sys.argv[1])
PYEOF
  if start_server lab "$PY" "$HERE/lab_app.py" --LabTestApp.notebook_path=lab-test.ipynb; then
    rm -rf "$HERE/out"; mkdir -p "$HERE/out"
    start=$EPOCHREALTIME
    (cd "$HERE" && node lab.spec.mjs --url "http://127.0.0.1:$PORT/lab-test?token=$TOKEN" \
      --result "$WORK/lab.json" --out "$HERE/out")
    rc=$?
    echo "JupyterLab test took $(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }') s (node exit $rc); screenshots in $HERE/out"
    count_result lab "$WORK/lab.json" $rc
    stop_server
  else
    FAILED=$((FAILED + 1))
  fi
fi

finish
