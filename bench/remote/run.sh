#!/usr/bin/env bash
# The remote tier on loopback: restore of a 100 MB and an 800 MB double[] from a real nginx
# (WebDAV) into an empty local store, against curl downloading the same blob in the same run, and
# the added latency of a remote miss per cacheable lookup. Writes bench/results/remote.md.
# A benchmark, not a test: it never fails on time.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA=${JAVA:-java}
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || apt-get install -y nginx-light
mvn -q -o -pl cache-store test-compile
mvn -q -o -pl cache-store dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
CP="cache-store/target/classes:cache-store/target/test-classes:$(cat cache-store/target/bench.cp)"
W=$(mktemp -d /tmp/remote-bench-XXXX)
NGX=$W/nginx
mkdir -p "$NGX/data" "$NGX/tmp"
PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$NGX/nginx.conf" <<CONF
daemon off; master_process off; worker_processes 1; pid $NGX/nginx.pid; error_log $NGX/error.log warn;
events { worker_connections 256; }
http { access_log off; client_body_temp_path $NGX/tmp/body; proxy_temp_path $NGX/tmp/proxy;
  fastcgi_temp_path $NGX/tmp/f; uwsgi_temp_path $NGX/tmp/u; scgi_temp_path $NGX/tmp/s;
  client_max_body_size 0; sendfile on;
  server { listen 127.0.0.1:$PORT; root $NGX/data;
    location / { dav_methods PUT DELETE; create_full_put_path on; dav_access user:rw; } } }
CONF
/usr/sbin/nginx -p "$NGX" -c "$NGX/nginx.conf" -e "$NGX/error.log" &
NPID=$!
trap 'kill $NPID 2>/dev/null; wait $NPID 2>/dev/null; rm -rf "$W"' EXIT
until curl -s -o /dev/null "http://127.0.0.1:$PORT/"; do sleep 0.05; done
URL="http://127.0.0.1:$PORT/"
"$JAVA" -jar kernel/target/java-cached.jar keygen "$W/keys" >/dev/null 2>&1 || true
if [ ! -f "$W/keys/private.pem" ]; then
  echo "build the jar first (mvn -DskipTests package)"; exit 1
fi
KFLAGS="-XX:+UseSerialGC -Xms64m -XX:Tier4InvocationThreshold=150000 -XX:Tier4MinInvocationThreshold=18000 -XX:Tier4CompileThreshold=450000"
bench() { "$JAVA" $KFLAGS "$@"; }
OUT=bench/results/remote.md
{
  echo "# The remote tier on loopback"
  echo
  echo "$(date -u +%F), $(nproc) cores (shared), $("$JAVA" -version 2>&1 | head -1), nginx $(/usr/sbin/nginx -v 2>&1 | sed 's/.*\///') with WebDAV on 127.0.0.1, load avg $(awk '{print $1}' /proc/loadavg) at the start."
  echo
  echo "- restore: a fresh JVM (the kernel's flags, -Xmx = the value's size + 400 MB, so two copies of it would not fit) with an empty local store runs the tier's warm-up, as a kernel does on the thread that opens its store (\`RemoteTier.warmUp\`: one GET of an absent ac/ key, which opens the connection; Ed25519's first use; 12 MB of SHA-256, so the JIT has compiled it), then calls \`get\`: GET ac/ (signature checked), GET cas/ read once and worked on by three threads at the same time (SHA-256; the spill into a local blob file with the local tag, written with O_DIRECT; decoding into a new double[] that only the import holds), the value handed over once length and SHA-256 match the signed entry; the local commit (fsync, rename, index) completes after that, in the background. Best of 4, each into a new empty store."
  echo "- Before each timed run (restore and curl alike) \`sync\` writes out the previous run's dirty pages: without it the runs' write times swung 2-5x with what the run before left to write back."
  echo "- curl: \`curl -o FILE\` of the same blob from the same server into the same file system, best of 4; and \`curl -o /dev/null\`. Its CPU time (user + sys) is in the per-run lines."
  echo "- ratio: curl-to-file time / restore time (the target: >= 0.7)."
  echo "- no warm-up: the same restore in a fresh JVM that skips the warm-up (a lookup that raced the store's open), best of 4 (the two restores take turns at going first in each round: the first JVM of a round meets memory the host took back)."
  echo
  echo "- then, in the same JVM, the local store alone gets the value again, as the next restart would (its blob file, written around the page cache, comes from disk)."
  echo "- warm: the same JVM restores the value a second time, into another empty store (HttpClient, hashing and decoding compiled by the JIT: what a kernel that has restored before pays)."
  echo
  echo "| size | restore s | restore GB/s | curl to file s | curl to /dev/null s | curl-to-file / restore | no warm-up s | warm restore s | curl-to-file / warm |"
  echo "|---|---|---|---|---|---|---|---|---|"
} > "$OUT"
nowarm() {   # the same restore without the tier's warm-up
  rm -rf "$W/reader" "$W/reader-again"
  sync
  cold=$(bench -Xmx$((MB + 400))m -cp "$CP" dev.javacached.store.remote.RemoteBench restore "$URL" "$W/keys" "$W/reader" "$MB" | awk '/^restore/{print $2}')
  best_u=$(echo "$cold $best_u" | awk '{print ($1<$2)?$1:$2}')
}
for MB in ${SIZES:-100 800}; do
  bench -Xmx$((MB * 2 + 400))m -cp "$CP" dev.javacached.store.remote.RemoteBench upload "$URL" "$W/keys" "$W/writer-$MB" "$MB"
  SHA=$(basename "$(find "$NGX/data/cas" -type f -size +$((MB * 1000000 - 1))c -size -$((MB * 1000000 + 4096))c -print -quit)")
  best_r=999; best_c=999; best_n=999; best_w=999; best_u=999
  for i in 1 2 3 4; do
    # the first JVM of a round meets memory the host took back (slow to touch again), the next one
    # memory that JVM just freed: the two restores take turns at going first
    if [ $((i % 2)) = 0 ]; then nowarm; fi
    rm -rf "$W/reader" "$W/reader-again"
    sync   # the last run's dirty pages are written out before each timed run (restore and curl alike)
    load=$(awk '{print $1}' /proc/loadavg)
    line=$(bench -Xmx$((MB + 400))m -Dbench.warmUp=true -Dbench.warm=true -cp "$CP" dev.javacached.store.remote.RemoteBench restore "$URL" "$W/keys" "$W/reader" "$MB")
    r=$(echo "$line" | awk '/^restore/{print $2}')
    wr=$(echo "$line" | awk '/^warm/{print $2}')
    best_w=$(echo "$wr ${best_w:-999}" | awk '{print ($1<$2)?$1:$2}')
    best_r=$(echo "$r $best_r" | awk '{print ($1<$2)?$1:$2}')
    if [ $((i % 2)) = 1 ]; then nowarm; fi
    rm -f "$W/curl.out"
    sync
    c=$(/usr/bin/time -f '%U %S' -o "$W/curl.cpu" curl -s -o "$W/curl.out" -w '%{time_total}' "$URL/cas/$SHA")
    echo "$MB MB (load $load): $(echo "$line" | tr '\n' ' ')| curl to file $c s (cpu $(awk '{printf "%.2f", $1 + $2}' "$W/curl.cpu") s) | curl / restore $(awk -v a="$c" -v b="$r" 'BEGIN{printf "%.2f", a/b}'), no warm-up $cold s, curl / warm $(awk -v a="$c" -v b="$wr" 'BEGIN{printf "%.2f", a/b}')" | tee -a "$W/runs.txt" >&2
    best_c=$(echo "$c $best_c" | awk '{print ($1<$2)?$1:$2}')
    n=$(curl -s -o /dev/null -w '%{time_total}' "$URL/cas/$SHA")
    best_n=$(echo "$n $best_n" | awk '{print ($1<$2)?$1:$2}')
  done
  rm -rf "$W/reader" "$W/reader-again" "$W/writer-$MB" "$W/curl.out"
  echo "| $MB MB | $best_r | $(awk -v s="$best_r" -v m="$MB" 'BEGIN{printf "%.2f", m/1000/s}') | $best_c | $best_n | $(awk -v a="$best_c" -v b="$best_r" 'BEGIN{printf "%.2f", a/b}') | $best_u | $best_w | $(awk -v a="$best_c" -v b="$best_w" 'BEGIN{printf "%.2f", a/b}') |" >> "$OUT"
done
{
  echo
  echo "Each run, split into its parts (import: GET cas/ through SHA-256, the spill and the decoder, until the value is handed over; \"its commit\" and \"local get\" are 0 when the import decoded the value, as for every double[]; cpu: the JVM's CPU time during the get; committed: how long after the hand-over the background commit was done), then curl in the same round and the ratios of that round:"
  echo
  echo '```'
  cat "$W/runs.txt"
  echo '```'
  echo
  echo "A remote miss: 2,000 lookups of absent keys in one warm JVM, each timed on the local store alone and then through the remote tier (local miss + GET ac/ answered 404), in ms:"
  echo
  echo '```'
  bench -cp "$CP" dev.javacached.store.remote.RemoteBench miss "$URL" "$W/keys" "$W/miss" 2000 | sed -n 2p
  echo '```'
  echo
  echo "The first miss of a fresh JVM (a restarted kernel's first cacheable snippet) and the one after it, with the tier's warm-up run first (as the kernel does when it opens the store) and without, alternating, in ms:"
  echo
  echo '```'
  for i in 1 2 3 4 5; do
    for w in true false; do
      rm -rf "$W/miss" "$W/miss-local"
      echo "warm-up $w: $(bench -Dbench.warmUp=$w -cp "$CP" dev.javacached.store.remote.RemoteBench miss "$URL" "$W/keys" "$W/miss" 20 | head -1)"
    done
  done
  echo '```'
  echo
  echo "Load average at the end: $(awk '{print $1, $2, $3}' /proc/loadavg)."
} >> "$OUT"
cat "$OUT"
