# Helpers of the mixed-load scripts (bench/load.sh, bench/soak.sh): the mix of endpoint classes, one
# wrk per class running at once, and samples of the service's JVM. Source it after bench/lib.sh.
#
# The mix is a list of class=weight; each class gets its share of the connections (at least one).
# The classes are those of bench/mixed.lua:
#   png       GET  .../splits/{train|test}/images/{i}.png, i random
#   item      GET  .../splits/{split}/items/{i} (JSON with the 28x28 pixels, gzip accepted)
#   items     GET  .../splits/train/items?size=50&page=p, 30% with a label filter (gzip accepted)
#   batch     GET  .../splits/train/batches/{b}?batchSize=256&shuffle=true&seed=7&epoch={0..3} (npz)
#   predict   POST /api/v1/models/baseline/predictions, one 28x28 test PNG (32 different ones)
#   itempred  GET  .../splits/{split}/items/{i}/prediction
MIX_CLASSES=(png item items batch predict itempred)
MIX_WEIGHTS=${MIX_WEIGHTS:-"png=20 item=8 items=8 batch=12 predict=10 itempred=6"}

# mix_app_jar: the jar copied to the scratch directory, so that a rebuild of target/ cannot pull it
# from under the running JVM.
mix_app_jar() {
	local jar; jar=$(bench_jar)
	cp "$jar" "$BENCH_TMP/app.jar"
	echo "$BENCH_TMP/app.jar"
}

# mix_connections TOTAL: prints "class=connections ..." for the weights in MIX_WEIGHTS.
mix_connections() {
	awk -v total="$1" -v weights="$MIX_WEIGHTS" 'BEGIN {
		n = split(weights, pairs, " ")
		for (i = 1; i <= n; i++) { split(pairs[i], kv, "="); name[i] = kv[1]; w[i] = kv[2]; sum += kv[2] }
		left = total; big = 1
		for (i = 1; i <= n; i++) {
			c[i] = int(total * w[i] / sum + 0.5); if (c[i] < 1) c[i] = 1
			left -= c[i]; if (w[i] > w[big]) big = i
		}
		c[big] += left # rounding: the largest class takes the difference, so the total is exact
		for (i = 1; i <= n; i++) printf "%s=%d%s", name[i], c[i], (i < n ? " " : "\n")
	}'
}

# mix_inputs BASE: fetches the 32 test PNGs that the predict class posts, into $BENCH_TMP/png.
mix_inputs() {
	mkdir -p "$BENCH_TMP/png"
	for i in $(seq 0 31); do
		curl -sf "$1/api/v1/datasets/fashion-mnist/splits/test/images/$i.png" -o "$BENCH_TMP/png/$i.png"
	done
}

# mix_run BASE TOTAL_CONNECTIONS DURATION OUT [DELAY_MS]: runs one wrk per class at once for DURATION
# and writes their "mix <class> ..." lines (see bench/mixed.lua) to OUT, prefixed with the connections.
mix_run() {
	local base=$1 total=$2 duration=$3 out=$4 delay=${5:-0}
	local pids=() pair class conns
	: >"$out"
	for pair in $(mix_connections "$total"); do
		class=${pair%=*} conns=${pair#*=}
		MIX_KIND=$class MIX_PNG_DIR="$BENCH_TMP/png" MIX_DELAY_MS=$delay \
			wrk -t1 -c"$conns" -d"$duration" --timeout 10s -s bench/mixed.lua "$base" \
			>"$BENCH_TMP/wrk-$class.out" 2>&1 &
		pids+=($!)
	done
	local failed=0 pid
	for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
	for pair in $(mix_connections "$total"); do
		class=${pair%=*} conns=${pair#*=}
		grep '^mix ' "$BENCH_TMP/wrk-$class.out" | sed "s/^mix $class /mix $class connections=$conns /" >>"$out" \
			|| { echo "wrk for $class printed no summary:" >&2; cat "$BENCH_TMP/wrk-$class.out" >&2; failed=1; }
	done
	return $failed
}

# mix_field LINE KEY: the value of key=value in a "mix ..." line.
mix_field() {
	tr ' ' '\n' <<<"$1" | awk -F= -v k="$2" '$1 == k { print $2 }'
}

# mix_table OUT: prints the per-class table of a mix_run and its totals.
mix_table() {
	local out=$1 line
	printf '| %-9s | %5s | %9s | %10s | %8s | %8s | %10s | %8s | %13s |\n' \
		class conns requests "requests/s" "p50 ms" "p99 ms" unexpected "503s" "socket errors"
	printf '|%s|%s|%s|%s|%s|%s|%s|%s|%s|\n' :---------- ------: ----------: -----------: ---------: ---------: -----------: ---------: --------------:
	while read -r line; do
		printf '| %-9s | %5s | %9s | %10s | %8s | %8s | %10s | %8s | %13s |\n' \
			"$(awk '{print $2}' <<<"$line")" "$(mix_field "$line" connections)" "$(mix_field "$line" requests)" \
			"$(mix_field "$line" rps)" "$(mix_field "$line" p50_ms)" "$(mix_field "$line" p99_ms)" \
			"$(mix_field "$line" unexpected)" "$(mix_field "$line" shed503)" "$(mix_field "$line" socket_errors)"
	done <"$out"
	awk '{ for (i = 3; i <= NF; i++) { split($i, kv, "="); s[kv[1]] += kv[2] } }
		END { printf "| %-9s | %5d | %9d | %10.1f | %8s | %8s | %10d | %8d | %13d |\n",
			"all", s["connections"], s["requests"], s["rps"], "", "", s["unexpected"], s["shed503"], s["socket_errors"] }' "$out"
}

# mix_sum OUT KEY: the sum of KEY over the classes of a mix_run.
mix_sum() {
	awk -v k="$2" '{ for (i = 3; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) s += kv[2] } } END { print s + 0 }' "$1"
}

# mix_failures OUT LOG: prints "unexpected shed503 socket_errors log_errors", the counts that must all be 0:
# over the classes of a mix_run, and the error lines in the service's log.
mix_failures() {
	echo "$(mix_sum "$1" unexpected) $(mix_sum "$1" shed503) $(mix_sum "$1" socket_errors)" \
		"$(grep -c -E ' ERROR |Exception' "$2" || true)"
}

# JVM samples of the process PID, in MiB.
jvm_rss_mib() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
jvm_rss_peak_mib() { awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
jvm_threads() { awk '/^Threads:/ { print $2 }' "/proc/$1/status"; }
jvm_fds() { ls "/proc/$1/fd" | wc -l; }
# Heap in use now (live data plus garbage not yet collected).
jvm_heap_used_mib() { jcmd "$1" GC.heap_info | awk '/used [0-9]+K/ { match($0, /used [0-9]+K/); printf "%.0f", substr($0, RSTART + 5, RLENGTH - 6) / 1024; exit }'; }
# Heap in use right after a full collection (jcmd GC.run is System.gc(), a full GC with G1): the live data.
jvm_heap_after_gc_mib() { jcmd "$1" GC.run >/dev/null && jvm_heap_used_mib "$1"; }
