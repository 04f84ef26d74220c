# Shared by the suites that drive java-cached through a Jupyter server and a browser
# (tests/browser/run.sh, tests/jupyterlab/run.sh). Source it after setting HERE (the suite's
# folder):   . "$HERE/../lib/jupyter-server.sh"
# It sets ROOT, JAR, PY, COUNTS_DIR (from --counts-dir DIR) and WORK (a temp folder, removed at
# exit together with any server still running), and defines:
#   finish PASSED FAILED        write counts.json (with --counts-dir), print "N passed, N failed", exit
#   skip_without_node20 WHAT    exit 0 as skipped when Node.js < 20 (not a failure of the kernel)
#   install_kernelspec          install the built jar's kernelspec into $WORK/prefix, export the
#                               private Jupyter dirs (JUPYTER_PATH, config, data, runtime, history)
#   new_notebook FILE           a notebook with one empty code cell on the java-cached kernel
#   start_server LOG CMD...     picks a free port and a random token (PORT, TOKEN), then runs CMD
#                               (a function of the suite that reads them and execs the server, so
#                               that SERVER_PID is the server and not a subshell that a signal
#                               would end without it) in the background (SERVER_PID), output to
#                               LOG; waits (60 s) until /api/status answers
#   stop_server                 SIGTERM (the server shuts its kernels down), SIGKILL after 10 s
#   read_result JSON NODE_EXIT  sets RESULT_PASSED/RESULT_FAILED from a spec's result (a crash
#                               without a result, or a non-zero exit with none failed, is one failure)
#   since START                 seconds since $EPOCHREALTIME was START, one decimal
# shellcheck shell=bash
ROOT=$(cd "$HERE/../.." && pwd)
JAR=$ROOT/kernel/target/java-cached.jar
PY=/usr/bin/python3
COUNTS_DIR=
if [ "${1:-}" = --counts-dir ]; then COUNTS_DIR=$2; fi

WORK=$(mktemp -d "/tmp/java-cached-$(basename "$HERE")-XXXXXX")
SERVER_PID=
PORT=
TOKEN=

stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null   # a Jupyter server shuts its kernels down on SIGTERM
    for _ in $(seq 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
  fi
  SERVER_PID=
}
_jupyter_server_cleanup() { stop_server; rm -rf "$WORK"; }
trap _jupyter_server_cleanup EXIT
trap 'exit 130' INT TERM

_write_counts() {  # RUN FAILED SKIPPED PASSED
  if [ -n "$COUNTS_DIR" ]; then
    mkdir -p "$COUNTS_DIR"
    printf '{"run": %d, "failed": %d, "skipped": %d, "passed": %d}\n' "$1" "$2" "$3" "$4" > "$COUNTS_DIR/counts.json"
  fi
}

finish() {  # finish PASSED FAILED
  _write_counts $(($1 + $2)) "$2" 0 "$1"
  echo "$1 passed, $2 failed"
  [ "$2" = 0 ] && [ "$1" -gt 0 ]
  exit $?
}

skip_without_node20() {  # skip_without_node20 WHAT
  local node_major
  node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$node_major" -lt 20 ]; then
    echo "SKIP $1: Node.js >= 20 needed, found ${node_major/#0/none}" >&2
    _write_counts 0 0 1 0
    echo "0 passed, 0 failed"
    exit 0
  fi
}

install_kernelspec() {
  java -jar "$JAR" install --prefix "$WORK/prefix" >/dev/null || return 1
  export JUPYTER_PATH=$WORK/prefix/share/jupyter JAVA_CACHED_HISTORY=$WORK/history.jsonl
  export JUPYTER_CONFIG_DIR=$WORK/config JUPYTER_DATA_DIR=$WORK/data JUPYTER_RUNTIME_DIR=$WORK/runtime
  mkdir -p "$WORK/config" "$WORK/data" "$WORK/runtime"
}

new_notebook() {  # new_notebook FILE
  mkdir -p "$(dirname "$1")"
  "$PY" - "$1" <<'PYEOF'
import sys, nbformat
nb = nbformat.v4.new_notebook()
nb.cells.append(nbformat.v4.new_code_cell(""))
nb.metadata.kernelspec = {"name": "java-cached", "display_name": "Java (cached)", "language": "java"}
nbformat.write(nb, sys.argv[1])
PYEOF
}

start_server() {  # start_server LOG COMMAND...
  local log=$1; shift
  PORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  TOKEN=$("$PY" -c 'import secrets; print(secrets.token_hex(24))')
  "$@" >"$log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 300); do
    if "$PY" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/api/status?token=$TOKEN', timeout=2)" 2>/dev/null; then
      return 0
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.2
  done
  echo "the server did not start:" >&2; cat "$log" >&2
  stop_server
  return 1
}

read_result() {  # read_result RESULT_JSON NODE_EXIT
  RESULT_PASSED=0 RESULT_FAILED=1
  if [ -f "$1" ]; then
    RESULT_PASSED=$("$PY" -c "import json,sys; print(json.load(open(sys.argv[1]))['passed'])" "$1")
    RESULT_FAILED=$("$PY" -c "import json,sys; print(json.load(open(sys.argv[1]))['failed'])" "$1")
  fi
  if [ "$2" != 0 ] && [ "$RESULT_FAILED" = 0 ]; then RESULT_FAILED=1; fi
}

since() {  # since START
  awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'
}
