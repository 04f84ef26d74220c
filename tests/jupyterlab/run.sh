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
. "$HERE/../lib/jupyter-server.sh"   # shared with tests/browser/run.sh: paths, the server, counts

PASSED=0
FAILED=0
fail_setup() { echo "$1" >&2; finish "$PASSED" $((FAILED + 1)); }

[ -f "$JAR" ] || fail_setup "missing $JAR: build with mvn -pl kernel -am package first"
# @jupyterlab/services 7 and playwright-core need Node.js >= 20
skip_without_node20 "JupyterLab tests"
"$PY" -c 'import jupyter_server' 2>/dev/null || fail_setup "missing jupyter_server (apt-get install python3-jupyter-server)"

# npm ci wipes node_modules, so run it only when package-lock.json changed since the last one.
lock_hash=$(sha256sum "$HERE/package-lock.json" | cut -c1-64)
if [ "$(cat "$HERE/node_modules/.lock-sha256" 2>/dev/null)" != "$lock_hash" ]; then
  start=$EPOCHREALTIME
  (cd "$HERE" && nice -n 10 npm ci --no-audit --no-fund --loglevel=error) || fail_setup "npm ci failed"
  echo "$lock_hash" > "$HERE/node_modules/.lock-sha256"
  echo "npm ci took $(since "$start") s"
fi

# The application bundle is rebuilt only when what goes into it changed.
build_hash=$(cat "$HERE/package-lock.json" "$HERE/build.mjs" "$HERE"/app/* | sha256sum | cut -c1-64)
BUILD_OK=1
if [ "$(cat "$HERE/build/.sources-sha256" 2>/dev/null)" != "$build_hash" ]; then
  start=$EPOCHREALTIME
  rm -rf "$HERE/build"
  if (cd "$HERE" && nice -n 10 node build.mjs); then
    echo "$build_hash" > "$HERE/build/.sources-sha256"
    echo "JupyterLab app built in $(since "$start") s"
  else
    echo "building the JupyterLab app failed" >&2; BUILD_OK=0
  fi
fi

install_kernelspec || fail_setup "install --prefix failed"

# jupyter_server NAME COMMAND...: a Jupyter Server (COMMAND gets the port, token and root options
# appended) with its own notebook folder and cache dir, once start_server has picked PORT and TOKEN.
jupyter_server() {
  local name=$1; shift
  # exec: the server is SERVER_PID itself, so stop_server's signal reaches it (it left servers behind)
  JAVA_CACHED_DIR=$WORK/$name/cache exec "$@" --no-browser --allow-root --ip=127.0.0.1 --port="$PORT" --port-retries=0 \
    --ServerApp.token="$TOKEN" --ServerApp.root_dir="$WORK/$name/notebooks"
}
# start_lab_server NAME COMMAND...: starts it and waits (60 s) until it answers.
start_lab_server() {
  mkdir -p "$WORK/$1/notebooks" "$WORK/$1/cache"
  start_server "$WORK/$1/server.log" jupyter_server "$@"
}

# count_result NAME RESULT_JSON NODE_EXIT: adds a spec's counts (a crash without a result is one failure).
count_result() {
  read_result "$2" "$3"
  PASSED=$((PASSED + RESULT_PASSED)); FAILED=$((FAILED + RESULT_FAILED))
  if [ "$RESULT_FAILED" != 0 ]; then echo "--- Jupyter Server log ($1) ---" >&2; tail -50 "$WORK/$1/server.log" >&2; fi
}

# ---- 1. @jupyterlab/services from Node ----------------------------------------------------------
if start_lab_server services "$PY" -m jupyter_server; then
  start=$EPOCHREALTIME
  (cd "$HERE" && node services.spec.mjs --url "http://127.0.0.1:$PORT/" --token "$TOKEN" --result "$WORK/services.json")
  rc=$?
  echo "services test took $(since "$start") s (node exit $rc)"
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
  new_notebook "$WORK/lab/notebooks/lab-test.ipynb"
  if start_lab_server lab "$PY" "$HERE/lab_app.py" --LabTestApp.notebook_path=lab-test.ipynb; then
    rm -rf "$HERE/out"; mkdir -p "$HERE/out"
    start=$EPOCHREALTIME
    (cd "$HERE" && node lab.spec.mjs --url "http://127.0.0.1:$PORT/lab-test?token=$TOKEN" \
      --result "$WORK/lab.json" --out "$HERE/out")
    rc=$?
    echo "JupyterLab test took $(since "$start") s (node exit $rc); screenshots in $HERE/out"
    count_result lab "$WORK/lab.json" $rc
    stop_server
  else
    FAILED=$((FAILED + 1))
  fi
fi

finish "$PASSED" "$FAILED"
