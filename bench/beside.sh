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
curl -sf "$BASE/api/v1/datasets/fashion-mnist/splits/test/images.npy" -o "$BENCH_TMP/test.npy"
"$PYTHON" -c "import numpy as np, sys; np.save(sys.argv[2], np.load(sys.argv[1])[:256])" "$BENCH_TMP/test.npy" "$BENCH_TMP/batch.npy"
curl -sf "$BASE/api/v1/datasets/fashion-mnist/splits/test/images/0.png" -o "$BENCH_TMP/0.png"
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/datasets/fashion-mnist/splits/train/items?predicted=0&size=1")" = 200 ]; do
	sleep 1
done

# post_script FILE TYPE: a wrk script that POSTs FILE.
post_script() {
	cat >"$BENCH_TMP/$(basename "$1").lua" <<LUA
local f = assert(io.open("$1", "rb"))
wrk.method = "POST"
wrk.body = f:read("*all")
f:close()
wrk.headers["Content-Type"] = "$2"
wrk.headers["Accept-Encoding"] = "gzip"
LUA
	echo "$BENCH_TMP/$(basename "$1").lua"
}
batch_lua=$(post_script "$BENCH_TMP/batch.npy" application/x-npy)
png_lua=$(post_script "$BENCH_TMP/0.png" image/png)
# latency DURATION: prints "p50 p99 requests/s" of the PNG connection.
latency() {
	local out; out=$(wrk -t1 -c1 -d"$1" --latency -s "$png_lua" "$PREDICT")
	echo "$(awk '$1 == "50%" {print $2}' <<<"$out") $(awk '$1 == "99%" {print $2}' <<<"$out") $(awk '/^Requests\/sec:/ {print $2}' <<<"$out")"
}

wrk -t1 -c1 -d8s -s "$batch_lua" "$PREDICT" >/dev/null
latency 5s >/dev/null
read -r alone_p50 alone_p99 alone_rps < <(latency "$DURATION")
seconds=${DURATION%s}
wrk -t1 -c1 -d"$((seconds + 4))s" -s "$batch_lua" "$PREDICT" >"$BENCH_TMP/batches.txt" &
batches=$!
sleep 2
read -r beside_p50 beside_p99 beside_rps < <(latency "$DURATION")
wait "$batches"
batch_ips=$(awk '/^Requests\/sec:/ {printf "%.0f", $2 * 256}' "$BENCH_TMP/batches.txt")

echo "One PNG prediction beside batches of 256, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), wrk -d$DURATION"
printf '%-44s %10s %10s %12s\n' "" "p50" "p99" "requests/s"
printf '%-44s %10s %10s %12s\n' "PNG alone (wrk -c1)" "$alone_p50" "$alone_p99" "$alone_rps"
printf '%-44s %10s %10s %12s\n' "PNG beside a batch-256 stream (wrk -c1 each)" "$beside_p50" "$beside_p99" "$beside_rps"
echo "the batches meanwhile: $batch_ips images/s"
