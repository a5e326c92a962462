#!/usr/bin/env bash
# The flood of OverloadIT, measured rather than asserted: 60 clients post 8 predictions each, every one
# 1,000 test images as a uint8 .npy (the largest request the service takes), to the jar with -Xmx256m,
# max-queue-time=30s and retry-after=2s, while one client per data endpoint (PNG, item, training batch)
# asks it one request after another until the flood is over. Prints p50/p99 of the refusals (503) beside
# those of the served predictions (200), and of the data requests meanwhile.
#
# OverloadIT checks what must hold (every refusal a 503 problem that never reaches the model, right
# answers, data served); how fast is this script's business: a timing compared inside a test flaked on a
# shared 2-core machine.
#
#   bench/overload.sh                    OVERLOAD_CLIENTS=60 OVERLOAD_REQUESTS=480 OVERLOAD_WARMUP=1 (defaults)
#   SKIP_BUILD=1 bench/overload.sh       reuse target/*.jar
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bench_require hey curl

APP_PORT=${APP_PORT:-18971}
CLIENTS=${OVERLOAD_CLIENTS:-60}
REQUESTS=${OVERLOAD_REQUESTS:-480}
WARMUP=${OVERLOAD_WARMUP:-1}
BASE=http://127.0.0.1:$APP_PORT
SPLITS=/api/v1/datasets/fashion-mnist/splits

bench_start_app "$APP_PORT" -Xmx256m -Dfmnist.models.baseline.max-queue-time=30s -Dfmnist.models.baseline.retry-after=2s

# The body: test images 0..999 as a uint8 .npy [1000,28,28], cut from the service's own images.npy.
curl -sf "$BASE$SPLITS/test/images.npy" -o "$BENCH_TMP/test-images.npy"
overload_npy() {
	local count=$1 dict padded full_header
	dict="{'descr': '|u1', 'fortran_order': False, 'shape': ($count, 28, 28), }"
	padded=$(( (10 + ${#dict} + 1 + 63) / 64 * 64 ))
	full_header=$(( 10 + $(od -An -tu2 -j8 -N2 "$BENCH_TMP/test-images.npy") ))
	printf '\x93NUMPY\x01\x00'
	printf "\\x$(printf %02x $(( (padded - 10) & 255 )))\\x$(printf %02x $(( (padded - 10) >> 8 )))"
	printf '%s%*s\n' "$dict" $(( padded - 11 - ${#dict} )) ''
	dd if="$BENCH_TMP/test-images.npy" iflag=skip_bytes,count_bytes skip="$full_header" count=$(( count * 784 )) status=none
}
overload_npy 1000 >"$BENCH_TMP/body.npy"
curl -sf -H 'Content-Type: application/x-npy' --data-binary @"$BENCH_TMP/body.npy" \
	"$BASE/api/v1/models/baseline/predictions?topK=1" -o /dev/null

# overload_flood OUT: the flood, one CSV row per answered request (hey writes none for a failed one),
# with one request loop per data endpoint writing "status seconds" lines to OUT-<name>.txt meanwhile.
overload_flood() {
	local out=$1 name path pids=()
	rm -f "$BENCH_TMP/flooding-done"
	for name in png item batch; do
		case $name in
			png) path="$SPLITS/train/images/%d.png" ;;
			item) path="$SPLITS/test/items/%d" ;;
			batch) path="$SPLITS/train/batches/%d?batchSize=256&shuffle=true&seed=3&epoch=0" ;;
		esac
		( for i in $(seq 0 100000); do
			[ -f "$BENCH_TMP/flooding-done" ] && break
			# shellcheck disable=SC2059 # the path is the format
			curl -s -o /dev/null --max-time 60 -w '%{http_code} %{time_total}\n' "$BASE$(printf "$path" $(( i * 37 % 200 )))"
		done >"$out-$name.txt" ) &
		pids+=($!)
	done
	hey -n "$REQUESTS" -c "$CLIENTS" -t 300 -m POST -T application/x-npy -D "$BENCH_TMP/body.npy" -disable-compression \
		-o csv "$BASE/api/v1/models/baseline/predictions?topK=1" >"$out.csv"
	touch "$BENCH_TMP/flooding-done"
	wait "${pids[@]}"
}

# overload_row LABEL: "status seconds" lines on stdin -> a table row of count, p50, p99 and max in ms.
overload_row() {
	sort -k2,2g | awk -v label="$1" '{ t[NR] = $2 * 1000 }
		function at(p) { i = int(p / 100 * NR + 0.999999); if (i < 1) i = 1; return t[i] }
		END { if (NR == 0) { printf "| %-22s | %6d | %8s | %8s | %8s |\n", label, 0, "-", "-", "-"; exit }
			printf "| %-22s | %6d | %8.0f | %8.0f | %8.0f |\n", label, NR, at(50), at(99), t[NR] }'
}

rejected() { curl -sf "$BASE/actuator/prometheus" | awk '/^fmnist_inference_rejected_total/ { s += $2 } END { print s + 0 }'; }
images() { curl -sf "$BASE/actuator/prometheus" | awk '/^fmnist_inference_batch_size_sum/ { s += $2 } END { print s + 0 }'; }

for round in $(seq 1 "$WARMUP"); do overload_flood "$BENCH_TMP/warmup-$round"; done
rejected_before=$(rejected) images_before=$(images)
overload_flood "$BENCH_TMP/flood"
rejected_after=$(rejected) images_after=$(images)

# hey's CSV: response-time (s),DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset
answers() { awk -F, -v s="$1" 'NR > 1 && $7 == s { print $7, $1 }' "$BENCH_TMP/flood.csv"; }
answered=$(( $(wc -l <"$BENCH_TMP/flood.csv") - 1 ))
other=$(awk -F, 'NR > 1 && $7 != 200 && $7 != 503' "$BENCH_TMP/flood.csv" | wc -l)

echo "Overload: $REQUESTS predictions of 1,000 images (.npy, $(stat -c %s "$BENCH_TMP/body.npy") bytes) from $CLIENTS clients at once," \
	"-Xmx256m, $(nproc) cores, after $WARMUP such flood(s) not counted"
echo
printf '| %-22s | %6s | %8s | %8s | %8s |\n' requests count "p50 ms" "p99 ms" "max ms"
printf '|%s|%s|%s|%s|%s|\n' :----------------------- -------: ---------: ---------: ---------:
answers 503 | overload_row "prediction refused 503"
answers 200 | overload_row "prediction served 200"
for name in png item batch; do
	overload_row "$name while flooding" <"$BENCH_TMP/flood-$name.txt"
done
echo
echo "the model classified $((images_after - images_before)) images and the server counted" \
	"$((rejected_after - rejected_before)) refusals during the flood"
data_failed=$(cat "$BENCH_TMP"/flood-{png,item,batch}.txt | awk '$1 != 200' | wc -l)
echo "predictions without an answer: $((REQUESTS - answered)), other statuses: $other, data requests not 200: $data_failed (all must be 0)"
if [ "$answered" != "$REQUESTS" ] || [ "$other" != 0 ] || [ "$data_failed" != 0 ]; then
	echo "FAILED" >&2
	exit 1
fi
