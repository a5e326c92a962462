#!/usr/bin/env bash
# A connection flood from one client, as docs/load.md describes it: FLOOD_IDLE connections that send
# nothing and FLOOD_SLOW that send a request head one line every 5 s without ever ending it, held open
# (bench/flood.py opens again what the server closes) while one of each normal request is timed every
# FLOOD_INTERVAL seconds for FLOOD_DURATION seconds, each on a new connection as a probe's: a PNG, a batch,
# a prediction, liveness on the main port and, if the service has one, liveness and readiness on its probe
# port. Then the same flood against nginx serving the same PNG and batch as static files (2 workers of
# 8,192 connections each), for reference. Prints p50/p99/max and how many took over 2 s, the live heap with
# the flood open (after a full GC), and the connections the service held.
#
#   bench/flood.sh                          FLOOD_IDLE=4000 FLOOD_SLOW=2000 FLOOD_DURATION=60 FLOOD_INTERVAL=0.5
#   APP_JAR=old.jar SKIP_BUILD=1 bench/flood.sh   another jar (one without a probe port is measured without)
# Needs: java 17, nginx, curl, python3, jcmd; ulimit -n above twice the flood.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bench_require nginx curl

APP_PORT=${APP_PORT:-28981}
PROBE_PORT=${PROBE_PORT:-28982}
NGINX_PORT=${NGINX_PORT:-28983}
IDLE=${FLOOD_IDLE:-4000}
SLOW=${FLOOD_SLOW:-2000}
DURATION=${FLOOD_DURATION:-60}
INTERVAL=${FLOOD_INTERVAL:-0.5}
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((2 * (IDLE + SLOW) + 1000)) ]; then
	ulimit -n $((2 * (IDLE + SLOW) + 1000)) 2>/dev/null || { echo "ulimit -n is $(ulimit -n): too low for the flood" >&2; exit 1; }
fi
PNG=/api/v1/datasets/fashion-mnist/splits/train/images/42.png
BATCH="/api/v1/datasets/fashion-mnist/splits/train/batches/3?batchSize=256"

export FMNIST_PROBES_PORT=$PROBE_PORT
bench_start_app "$APP_PORT" -Xmx256m -XX:+ExitOnOutOfMemoryError
APP_PID=${BENCH_PIDS[-1]}
BASE=http://127.0.0.1:$APP_PORT
mkdir -p "$BENCH_TMP/www"
curl -sf "$BASE$PNG" -o "$BENCH_TMP/www/42.png"
curl -sf "$BASE$BATCH" -o "$BENCH_TMP/www/batch.npz"
curl -sf "$BASE/api/v1/datasets/fashion-mnist/splits/test/images/0.png" -o "$BENCH_TMP/picture.png"
chmod 644 "$BENCH_TMP"/www/*

targets=(--get "png=$PNG" --get "batch=$BATCH" --post "predict=/api/v1/models/baseline/predictions=image/png=@$BENCH_TMP/picture.png"
	--get "liveness=/actuator/health/liveness")
probes=0
if curl -sf "http://127.0.0.1:$PROBE_PORT/actuator/health/liveness" >/dev/null 2>&1; then
	probes=1
	targets+=(--get "probe-liveness=:$PROBE_PORT/actuator/health/liveness" --get "probe-readiness=:$PROBE_PORT/actuator/health/readiness")
fi

# A short warm-up, so that the first requests timed are not the JIT's.
for _ in $(seq 1 200); do
	curl -sf -o /dev/null "$BASE$PNG" -o /dev/null "$BASE$BATCH"
	curl -sf -o /dev/null -H 'Content-Type: image/png' --data-binary "@$BENCH_TMP/picture.png" "$BASE/api/v1/models/baseline/predictions"
done

echo "== $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $IDLE idle + $SLOW slow connections from one client, ${DURATION}s, a request of each kind every ${INTERVAL}s"
python3 bench/flood.py --port "$APP_PORT" --idle "$IDLE" --slow "$SLOW" --duration "$DURATION" --interval "$INTERVAL" \
	--hold-after 15 --label service "${targets[@]}" >"$BENCH_TMP/app-flood.txt" &
FLOOD_PID=$!
until grep -q '^holding' "$BENCH_TMP/app-flood.txt" 2>/dev/null || ! kill -0 "$FLOOD_PID" 2>/dev/null; do sleep 1; done
held=n/a
if [ "$probes" = 1 ]; then
	held=$(curl -s "http://127.0.0.1:$PROBE_PORT/actuator/health/readiness" | grep -o '"connections":[0-9]*,"maxConnections":[0-9]*' || echo n/a)
fi
live=$(jcmd "$APP_PID" GC.class_histogram 2>/dev/null | awk '/^Total/ {printf "%.0f MiB", $3 / 1048576}' || echo n/a)
rss=$(awk '/VmRSS/ {printf "%.0f MiB", $2 / 1024}' "/proc/$APP_PID/status" 2>/dev/null || echo n/a)
wait "$FLOOD_PID"
alive=yes
kill -0 "$APP_PID" 2>/dev/null || alive=no
oom=$(grep -c OutOfMemoryError "$BENCH_TMP/app-$APP_PORT.log" || true)

cat >"$BENCH_TMP/nginx.conf" <<NGINX
worker_processes 2;
worker_rlimit_nofile 20000;
pid $BENCH_TMP/nginx.pid;
error_log $BENCH_TMP/nginx-error.log;
events { worker_connections 8192; }
http {
	access_log off;
	sendfile on;
	types { image/png png; application/zip npz; }
	server {
		listen 127.0.0.1:$NGINX_PORT;
		root $BENCH_TMP/www;
	}
}
NGINX
nginx -c "$BENCH_TMP/nginx.conf" -p "$BENCH_TMP" -e "$BENCH_TMP/nginx-error.log"
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$NGINX_PORT/42.png" && break; sleep 0.05; done
python3 bench/flood.py --port "$NGINX_PORT" --idle "$IDLE" --slow "$SLOW" --duration "$DURATION" --interval "$INTERVAL" \
	--label nginx --get "png=/42.png" --get "batch=/batch.npz" >"$BENCH_TMP/nginx-flood.txt"

grep -v '^holding' "$BENCH_TMP/app-flood.txt" | grep -v '^request' >"$BENCH_TMP/app-lines.txt"
echo
grep -h 'flood open\|measuring ended' "$BENCH_TMP/app-flood.txt" "$BENCH_TMP/nginx-flood.txt"
echo
printf '%-22s %5s %5s %9s %9s %9s %6s  %s\n' request sent 200 "p50 ms" "p99 ms" "max ms" "> 2 s" failures
grep -h '^service \|^nginx ' "$BENCH_TMP/app-flood.txt" "$BENCH_TMP/nginx-flood.txt" | grep -v 'flood open\|measuring ended'
echo
echo "service with the flood open: live heap $live (after a full GC, -Xmx256m), resident $rss; connections held: $held"
echo "service alive after the flood: $alive; OutOfMemoryError in its log: $oom"
