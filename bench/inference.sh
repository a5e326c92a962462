#!/usr/bin/env bash
# Inference speed in one run, side by side on this machine:
#  1. batch-256 throughput of the service's ONNX Runtime path: a .npy body of 256 test images POSTed
#     to /api/v1/models/baseline/predictions by wrk with one connection (-c1), so one request is in
#     flight at a time; images/s = requests/s x 256. This is end to end: HTTP, .npy parsing,
#     preprocessing, ONNX Runtime, softmax and the JSON answer (gzip-compressed, as clients ask).
#     Also with two connections, which lets both ONNX Runtime workers run.
#  2. PyTorch eager inference of the same trained network (training/model.py + models/baseline.pt) on
#     the same 256 images, in-process, torch.no_grad(), torch.set_num_threads(2).
#  3. single-image latency over HTTP: one 28x28 PNG of a test image POSTed by wrk, one connection
#     (p50, p99), then four connections.
# Measured once the service has predicted both splits in the background after readiness.
# The service runs with -Xmx256m on loopback. Run it on a quiet machine for stable figures.
#
#   bench/inference.sh                 WRK_DURATION=15s (default)
#   SKIP_BUILD=1 bench/inference.sh    reuse target/*.jar
#   MODEL_PY=... BASELINE_PT=... bench/inference.sh   other places of the network and its weights
#   BENCH_JAVA_OPTS='-Dfmnist.models.baseline.intra-op-threads=2 -Dfmnist.models.baseline.workers=1' \
#     bench/inference.sh               other ONNX Runtime thread settings
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bench_require wrk curl

APP_PORT=${APP_PORT:-18963}
MODEL_PY=${MODEL_PY:-training/model.py}
BASELINE_PT=${BASELINE_PT:-models/baseline.pt}
BASELINE_JSON=${BASELINE_JSON:-models/baseline.json}
PYTHON=${PYTHON:-/usr/bin/python3}
DURATION=${WRK_DURATION:-15s}
for file in "$MODEL_PY" "$BASELINE_PT" "$BASELINE_JSON"; do
	[ -f "$file" ] || { echo "missing $file (set MODEL_PY, BASELINE_PT or BASELINE_JSON)" >&2; exit 1; }
done
"$PYTHON" -c "import torch, numpy" 2>/dev/null || bench_require python3-torch python3-numpy

# shellcheck disable=SC2086 # BENCH_JAVA_OPTS holds several options
bench_start_app "$APP_PORT" -Xmx256m -Xms256m ${BENCH_JAVA_OPTS:-}
BASE=http://127.0.0.1:$APP_PORT
PREDICT=$BASE/api/v1/models/baseline/predictions

bench_prediction_inputs "$BASE"
curl -sf -H 'Content-Type: application/x-npy' --data-binary @"$BENCH_TMP/batch.npy" "$PREDICT" | grep -q '"predictions"'

predicted_start=$(date +%s%N)
bench_await_predictions "$BASE"
PREDICTED_MS=$(( ($(date +%s%N) - predicted_start) / 1000000 ))

# wrk_post FILE TYPE CONNECTIONS DURATION: prints "requests_per_second p50_ms p99_ms".
wrk_post() {
	bench_wrk_post "$PREDICT" "$@"
}

# Warm the JIT and ONNX Runtime before measuring.
wrk_post "$BENCH_TMP/batch.npy" application/x-npy 1 10s >/dev/null
wrk_post "$BENCH_TMP/0.png" image/png 1 5s >/dev/null

read -r batch_rps batch_p50 batch_p99 < <(wrk_post "$BENCH_TMP/batch.npy" application/x-npy 1 "$DURATION")
read -r batch2_rps _ _ < <(wrk_post "$BENCH_TMP/batch.npy" application/x-npy 2 "$DURATION")
read -r png_rps png_p50 png_p99 < <(wrk_post "$BENCH_TMP/0.png" image/png 1 "$DURATION")
read -r png4_rps png4_p50 png4_p99 < <(wrk_post "$BENCH_TMP/0.png" image/png 4 "$DURATION")
# PyTorch runs while the service is idle (it stays up, but gets no requests).
read -r torch_ips torch_ms < <("$PYTHON" bench/pytorch_throughput.py "$MODEL_PY" "$BASELINE_PT" "$BASELINE_JSON" \
	"$BENCH_TMP/batch.npy" 2 "${DURATION%s}")

java_ips=$(awk -v r="$batch_rps" 'BEGIN { printf "%.0f", r * 256 }')
java2_ips=$(awk -v r="$batch2_rps" 'BEGIN { printf "%.0f", r * 256 }')
echo "Inference of the baseline model, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), wrk -t1 -d$DURATION"
echo "service settings: $(curl -sf "$BASE/api/v1/models/baseline" | "$PYTHON" -c 'import json, sys; print(json.load(sys.stdin)["serving"])')"
printf '%-58s %12s %10s %10s\n' "" "images/s" "p50 ms" "p99 ms"
printf '%-58s %12s %10s %10s\n' "service, batch 256 over HTTP (.npy, wrk -c1)" "$java_ips" "$batch_p50" "$batch_p99"
printf '%-58s %12s\n' "service, batch 256 over HTTP (.npy, wrk -c2)" "$java2_ips"
printf '%-58s %12s %10s\n' "PyTorch eager, batch 256 in-process (2 threads)" "$torch_ips" "$torch_ms"
printf '%-58s %12s %10s %10s\n' "service, one 28x28 PNG over HTTP (wrk -c1)" "$png_rps" "$png_p50" "$png_p99"
printf '%-58s %12s %10s %10s\n' "service, one 28x28 PNG over HTTP (wrk -c4)" "$png4_rps" "$png4_p50" "$png4_p99"
echo "ratio batch-256 images/s (service -c1 / PyTorch): $(bench_ratio "$java_ips" "$torch_ips")   target >= 1"
echo "ratio batch-256 images/s (service -c2 / PyTorch): $(bench_ratio "$java2_ips" "$torch_ips")"
echo "single PNG p99 (-c1): ${png_p99} ms   target < 5"
echo "start-up to ready with -Xmx256m (the model answers a first batch of 256 before ready; its evaluation follows): ${READY_MS} ms"
echo "then both splits predicted (70,000 images, one core) ${PREDICTED_MS} ms later"
