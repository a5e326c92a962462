#!/usr/bin/env bash
# A soak: the mix of bench/load.sh (PNGs, items, pages, batches, predictions) at a steady, paced rate
# for 10 minutes on the service with -Xmx256m, sampling its memory every 30 s:
#   RSS             VmRSS of the java process (/proc/<pid>/status)
#   heap after GC   the heap in use right after a full collection forced by `jcmd <pid> GC.run`
#                   (System.gc(), a full GC with G1), read with `jcmd <pid> GC.heap_info`: the live data
#   threads, fds    of the process, to catch leaked threads or connections
#   requests        answered so far, from the service's own http_server_requests_seconds_count
# and prints a table and a verdict: memory must level off, i.e. grow by no more than the tolerances
# between the settling point (minute 3) and the end (mean of the last three samples against the mean of
# the three samples around minute 3). Any status other than 200, any 503 and any socket error fail too.
#
#   bench/soak.sh                  SOAK_DURATION=600 SOAK_INTERVAL=30 SOAK_SETTLE=180 (seconds)
#                                  SOAK_CONNECTIONS=16 SOAK_DELAY_MS=80 (about 200 requests/s in all)
#                                  SOAK_HEAP_TOLERANCE_MIB=8 SOAK_RSS_TOLERANCE_PCT=5
#   SKIP_BUILD=1 bench/soak.sh     reuse target/*.jar
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
source bench/mix.sh
bench_require wrk curl

APP_PORT=${APP_PORT:-18966}
DURATION=${SOAK_DURATION:-600}
INTERVAL=${SOAK_INTERVAL:-30}
SETTLE=${SOAK_SETTLE:-180}
CONNECTIONS=${SOAK_CONNECTIONS:-16}
DELAY_MS=${SOAK_DELAY_MS:-80}
HEAP_TOLERANCE_MIB=${SOAK_HEAP_TOLERANCE_MIB:-8}
RSS_TOLERANCE_PCT=${SOAK_RSS_TOLERANCE_PCT:-5}

APP_JAR=$(mix_app_jar)
# shellcheck disable=SC2086 # BENCH_JAVA_OPTS holds several options
APP_JAR=$APP_JAR bench_start_app "$APP_PORT" -Xmx256m ${BENCH_JAVA_OPTS:-}
APP_PID=${BENCH_PIDS[-1]}
BASE=http://127.0.0.1:$APP_PORT
mix_inputs "$BASE"

requests_so_far() {
	curl -sf "$BASE/actuator/prometheus" \
		| awk '/^http_server_requests_seconds_count/ && !/uri="\/actuator/ { s += $NF } END { printf "%d", s }'
}

# The load runs a little longer than the sampling, so that the last sample is taken under load too.
mix_run "$BASE" "$CONNECTIONS" "$((DURATION + 10))s" "$BENCH_TMP/soak.txt" "$DELAY_MS" &
MIX_PID=$!
soak_stop_mix() { pkill -P "$MIX_PID" 2>/dev/null || true; kill "$MIX_PID" 2>/dev/null || true; }
trap 'soak_stop_mix; bench_cleanup' EXIT

start=$(date +%s)
samples=$BENCH_TMP/samples.txt
: >"$samples"
echo "Soak: $CONNECTIONS connections, each pausing ${DELAY_MS} ms (+-20%) between requests, for ${DURATION} s; -Xmx256m, $(nproc) cores"
echo "mix: $(mix_connections "$CONNECTIONS")"
echo
printf '| %7s | %10s | %10s | %8s | %19s | %7s | %4s | %12s |\n' "time s" requests "requests/s" "RSS MiB" "heap after GC MiB" threads fds "load average"
printf '|%s|%s|%s|%s|%s|%s|%s|%s|\n' --------: -----------: -----------: ---------: --------------------: --------: -----: -------------:
previous_requests=0
previous_time=0
for ((t = 0; t <= DURATION; t += INTERVAL)); do
	now=$(( $(date +%s) - start ))
	if (( t > now )); then sleep $(( t - now )); fi
	elapsed=$(( $(date +%s) - start ))
	requests=$(requests_so_far)
	rate=$(awk -v r=$((requests - previous_requests)) -v s=$((elapsed - previous_time)) 'BEGIN { printf "%.0f", (s > 0) ? r / s : 0 }')
	rss=$(jvm_rss_mib "$APP_PID")
	heap=$(jvm_heap_after_gc_mib "$APP_PID")
	threads=$(jvm_threads "$APP_PID")
	fds=$(jvm_fds "$APP_PID")
	load=$(cut -d' ' -f1 /proc/loadavg)
	echo "$elapsed $requests $rss $heap $threads $fds" >>"$samples"
	printf '| %7d | %10d | %10s | %8d | %19d | %7d | %4d | %12s |\n' "$elapsed" "$requests" "$rate" "$rss" "$heap" "$threads" "$fds" "$load"
	previous_requests=$requests
	previous_time=$elapsed
done
wait "$MIX_PID" || true
echo
mix_table "$BENCH_TMP/soak.txt"
echo

# The verdict: the mean of the samples within one interval of SETTLE against the mean of the last three.
read -r heap_settled heap_end rss_settled rss_end threads_settled threads_end < <(awk -v settle="$SETTLE" -v interval="$INTERVAL" '
	{ t[NR] = $1; rss[NR] = $3; heap[NR] = $4; threads[NR] = $5 }
	END {
		for (i = 1; i <= NR; i++) if (t[i] >= settle - interval && t[i] <= settle + interval) { n++; h += heap[i]; r += rss[i]; th += threads[i] }
		for (i = NR - 2; i <= NR; i++) { he += heap[i]; re += rss[i]; the += threads[i] }
		if (n == 0) { n = 1; h = heap[1]; r = rss[1]; th = threads[1] }
		printf "%.1f %.1f %.1f %.1f %.1f %.1f\n", h / n, he / 3, r / n, re / 3, th / n, the / 3
	}' "$samples")
heap_growth=$(awk -v a="$heap_settled" -v b="$heap_end" 'BEGIN { printf "%.1f", b - a }')
rss_growth=$(awk -v a="$rss_settled" -v b="$rss_end" 'BEGIN { printf "%.1f", b - a }')
rss_growth_pct=$(awk -v a="$rss_settled" -v b="$rss_end" 'BEGIN { printf "%.1f", 100 * (b - a) / a }')
echo "heap after GC: $heap_settled MiB around ${SETTLE} s, $heap_end MiB at the end: ${heap_growth} MiB (tolerance ${HEAP_TOLERANCE_MIB} MiB)"
echo "RSS: $rss_settled MiB around ${SETTLE} s, $rss_end MiB at the end: ${rss_growth} MiB, ${rss_growth_pct}% (tolerance ${RSS_TOLERANCE_PCT}%)"
echo "threads: $threads_settled around ${SETTLE} s, $threads_end at the end"

read -r unexpected shed socket errors < <(mix_failures "$BENCH_TMP/soak.txt" "$BENCH_TMP/app-$APP_PORT.log")
echo "unexpected statuses: $unexpected, 503s: $shed, socket errors: $socket, errors in the service's log: $errors"
if awk -v g="$heap_growth" -v tol="$HEAP_TOLERANCE_MIB" -v p="$rss_growth_pct" -v ptol="$RSS_TOLERANCE_PCT" \
	'BEGIN { exit !(g <= tol && p <= ptol) }' && [ "$unexpected" = 0 ] && [ "$shed" = 0 ] && [ "$socket" = 0 ] && [ "$errors" = 0 ]; then
	echo "verdict: LEVELS OFF (memory within the tolerances after ${SETTLE} s, no errors)"
else
	echo "verdict: FAILED" >&2
	exit 1
fi
