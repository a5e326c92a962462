#!/usr/bin/env bash
# The PNG endpoint against nginx serving the very same PNG bytes as a static file, measured with wrk
# in one run on loopback, plus the service's start-up time to ready with -Xmx256m.
#
#   bench/png.sh                 WRK_DURATION=15s WRK_CONNECTIONS=32 WRK_THREADS=1 WARMUP=60s (defaults)
#   SKIP_BUILD=1 bench/png.sh    reuse target/*.jar
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bench_require nginx wrk curl

APP_PORT=${APP_PORT:-18941}
NGINX_PORT=${NGINX_PORT:-18942}
IMAGE=/api/v1/datasets/fashion-mnist/splits/train/images/42.png

# Start-up to ready, first from the fat jar as `java -jar` runs it, then as the Docker image runs it
# (extracted, processed ahead of time, with a class-data sharing archive and unpacked natives).
bench_start_app "$APP_PORT" -Xmx256m
fat_ready_ms=$READY_MS
bench_cleanup_app() { kill "${BENCH_PIDS[-1]}"; wait "${BENCH_PIDS[-1]}" 2>/dev/null || true; }
bench_cleanup_app
bench_image_layout
bench_start_app "$APP_PORT" -Xmx256m "${IMAGE_JVM_OPTIONS[@]}"
mkdir -p "$BENCH_TMP/www"
curl -sf "http://127.0.0.1:$APP_PORT$IMAGE" -o "$BENCH_TMP/www/42.png"
bench_start_nginx "$NGINX_PORT" "$BENCH_TMP/www"
cmp <(curl -sf "http://127.0.0.1:$NGINX_PORT/42.png") "$BENCH_TMP/www/42.png"

# Warm the JIT before measuring: on 2 shared cores it takes a minute or two of load to settle.
WRK_DURATION=${WARMUP:-60s} bench_wrk "http://127.0.0.1:$APP_PORT$IMAGE" >/dev/null
read -r nginx_rps nginx_p99 < <(bench_wrk "http://127.0.0.1:$NGINX_PORT/42.png")
read -r app_rps app_p99 < <(bench_wrk "http://127.0.0.1:$APP_PORT$IMAGE")

echo "PNG of one image ($(stat -c %s "$BENCH_TMP/www/42.png") bytes), wrk -t${WRK_THREADS:-1} -c${WRK_CONNECTIONS:-32} -d${WRK_DURATION:-15s}, $(nproc) cores"
printf '%-28s %12s %10s\n' "" "requests/s" "p99 ms"
printf '%-28s %12s %10s\n' "nginx (static file)" "$nginx_rps" "$nginx_p99"
printf '%-28s %12s %10s\n' "fashion-mnist-server" "$app_rps" "$app_p99"
echo "ratio requests/s (server/nginx): $(bench_ratio "$app_rps" "$nginx_rps")   target >= 0.5"
echo "ratio p99 (server/nginx):        $(bench_ratio "$app_p99" "$nginx_p99")"
echo "start-up to ready with -Xmx256m: ${fat_ready_ms} ms from the fat jar, ${READY_MS} ms as the image starts it   target < 5000"
