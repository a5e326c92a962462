#!/usr/bin/env bash
# One picture's latency beside a large request: a .npy batch of 256 test images POSTed back to back
# to /api/v1/models/baseline/predictions by one wrk connection, and one 28x28 PNG POSTed by another,
# measured alone first, then beside the batches (p50, p99, requests/s). A lone batch is shared out over
# both cores in parts (docs/inference.md); this shows what a picture arriving meanwhile waits for.
# Measured once the service has predicted both splits in the background after readiness.
#
#   bench/beside.sh                 WRK_DURATION=15s (default)
#   SKIP_BUILD=1 bench/beside.sh    reuse target/*.jar
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bench_require wrk curl

APP_PORT=${APP_PORT:-18971}
PYTHON=${PYTHON:-/usr/bin/python3}
DURATION=${WRK_DURATION:-15s}
"$PYTHON" -c "import numpy" 2>/dev/null || bench_require python3-numpy

bench_start_app "$APP_PORT" -Xmx256m -Xms256m
BASE=http://127.0.0.1:$APP_PORT
PREDICT=$BASE/api/v1/models/baseline/predictions
bench_prediction_inputs "$BASE"
bench_await_predictions "$BASE"

bench_wrk_post "$PREDICT" "$BENCH_TMP/batch.npy" application/x-npy 1 8s >/dev/null
bench_wrk_post "$PREDICT" "$BENCH_TMP/0.png" image/png 1 5s >/dev/null
read -r alone_rps alone_p50 alone_p99 < <(bench_wrk_post "$PREDICT" "$BENCH_TMP/0.png" image/png 1 "$DURATION")
seconds=${DURATION%s}
bench_wrk_post "$PREDICT" "$BENCH_TMP/batch.npy" application/x-npy 1 "$((seconds + 4))s" >"$BENCH_TMP/batches.txt" &
batches=$!
sleep 2
read -r beside_rps beside_p50 beside_p99 < <(bench_wrk_post "$PREDICT" "$BENCH_TMP/0.png" image/png 1 "$DURATION")
wait "$batches"
read -r batch_rps _ _ <"$BENCH_TMP/batches.txt"
batch_ips=$(awk -v r="$batch_rps" 'BEGIN { printf "%.0f", r * 256 }')

echo "One PNG prediction beside batches of 256, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), wrk -d$DURATION"
printf '%-44s %10s %10s %12s\n' "" "p50 ms" "p99 ms" "requests/s"
printf '%-44s %10s %10s %12s\n' "PNG alone (wrk -c1)" "$alone_p50" "$alone_p99" "$alone_rps"
printf '%-44s %10s %10s %12s\n' "PNG beside a batch-256 stream (wrk -c1 each)" "$beside_p50" "$beside_p99" "$beside_rps"
echo "the batches meanwhile: $batch_ips images/s"
