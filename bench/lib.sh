# Shared helpers of the benchmark scripts: start the service and nginx on loopback, run wrk, clean up.
# Source it; it defines functions only. Everything binds to 127.0.0.1 and stops when the script exits.

BENCH_TMP=$(mktemp -d)
chmod 755 "$BENCH_TMP" # nginx workers run as an unprivileged user and must read the files
BENCH_PIDS=()

bench_cleanup() {
	for pid in "${BENCH_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
	[ -f "$BENCH_TMP/nginx.pid" ] && kill "$(cat "$BENCH_TMP/nginx.pid")" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$BENCH_TMP"
}
trap bench_cleanup EXIT

bench_require() {
	local missing=()
	for tool in "$@"; do command -v "$tool" >/dev/null || missing+=("$tool"); done
	if [ ${#missing[@]} -gt 0 ]; then
		echo "installing ${missing[*]} (Debian packages)" >&2
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
	fi
}

# bench_jar: the executable jar, built once per run unless SKIP_BUILD=1 (a marker file remembers the
# build, since callers run this in a $(...) subshell).
bench_jar() {
	if [ "${SKIP_BUILD:-0}" != 1 ] && [ ! -f "$BENCH_TMP/built" ] || ! ls target/fashion-mnist-server-*.jar >/dev/null 2>&1; then
		./mvnw -B -q package -DskipTests >&2
		touch "$BENCH_TMP/built"
	fi
	ls target/fashion-mnist-server-*.jar | head -1
}

# bench_image_layout: the jar laid out as the Docker image runs it (docker/extract.sh: extracted, ONNX
# Runtime's natives unpacked) with a class-data sharing archive recorded as the image build records it
# (docker/cds-archive.sh). Sets APP_JAR, and IMAGE_JVM_OPTIONS to the image's options for it
# (docker/jvm.options, natives, archive).
# (Not in a $(...) subshell: it sets variables.)
bench_image_layout() {
	local jar; jar=$(bench_jar)
	rm -rf "$BENCH_TMP/image"
	docker/extract.sh "$jar" "$BENCH_TMP/image"
	APP_JAR="$BENCH_TMP/image/$(basename "$jar")"
	IMAGE_JVM_OPTIONS=(@docker/jvm.options -Donnxruntime.native.path="$BENCH_TMP/image/native")
	SERVER_PORT=${CDS_PORT:-18949} docker/cds-archive.sh "$BENCH_TMP/image/app.jsa" "$APP_JAR" \
		"${IMAGE_JVM_OPTIONS[@]}" >"$BENCH_TMP/image/training.log" 2>&1
	IMAGE_JVM_OPTIONS+=(-XX:SharedArchiveFile="$BENCH_TMP/image/app.jsa")
}

# bench_start_app PORT [JVM options...]: starts the service and sets READY_MS to the milliseconds it
# took to answer ready. (Not in a $(...) subshell: the process must stay known for clean-up.)
bench_start_app() {
	local port=$1; shift
	local jar=${APP_JAR:-$(bench_jar)}
	if curl -s "http://127.0.0.1:$port/" >/dev/null 2>&1; then
		echo "port $port is already taken; set another with APP_PORT" >&2
		return 1
	fi
	local start; start=$(date +%s%N)
	java "$@" -jar "$jar" --server.port="$port" --server.address=127.0.0.1 >"$BENCH_TMP/app-$port.log" 2>&1 &
	BENCH_PIDS+=($!)
	for _ in $(seq 1 600); do
		if curl -sf "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1; then
			READY_MS=$(( ($(date +%s%N) - start) / 1000000 ))
			return 0
		fi
		sleep 0.05
	done
	echo "the service did not become ready; see its log:" >&2
	tail -20 "$BENCH_TMP/app-$port.log" >&2
	return 1
}

# bench_start_nginx PORT ROOT: serves ROOT as static files, configured as a production nginx would be.
bench_start_nginx() {
	local port=$1 root=$2
	cat >"$BENCH_TMP/nginx.conf" <<NGINX
worker_processes auto;
pid $BENCH_TMP/nginx.pid;
error_log $BENCH_TMP/nginx-error.log;
events { worker_connections 1024; }
http {
	access_log off;
	sendfile on;
	tcp_nopush on;
	keepalive_requests 1000000;
	types { image/png png; application/zip npz; application/octet-stream bin; }
	server {
		listen 127.0.0.1:$port;
		root $root;
	}
}
NGINX
	nginx -c "$BENCH_TMP/nginx.conf" -p "$BENCH_TMP" -e "$BENCH_TMP/nginx-error.log"
	for _ in $(seq 1 100); do [ -f "$BENCH_TMP/nginx.pid" ] && return 0; sleep 0.05; done
}

# bench_wrk URL: prints "requests_per_second p99_ms" measured by wrk with the shared settings.
bench_wrk() {
	local out
	out=$(wrk -t"${WRK_THREADS:-1}" -c"${WRK_CONNECTIONS:-32}" -d"${WRK_DURATION:-15s}" --latency "$1")
	local rps p99
	rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
	p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
	local errors; errors=$(awk '/Non-2xx|Socket errors/' <<<"$out")
	[ -z "$errors" ] || echo "wrk reported: $errors" >&2
	echo "$rps $(bench_ms "$p99")"
}

# bench_ms 1.23ms|456.00us|1.02s: the duration in milliseconds.
bench_ms() {
	awk -v d="$1" 'BEGIN {
		if (d ~ /us$/) { sub(/us$/, "", d); printf "%.3f", d / 1000 }
		else if (d ~ /ms$/) { sub(/ms$/, "", d); printf "%.3f", d }
		else if (d ~ /s$/) { sub(/s$/, "", d); printf "%.3f", d * 1000 }
		else { print d } }'
}

bench_ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'
}

# bench_prediction_inputs BASE: test images 0..255 as $BENCH_TMP/batch.npy and test image 0 as the
# server's own PNG, $BENCH_TMP/0.png ($PYTHON with numpy cuts the batch out of the split's .npy).
bench_prediction_inputs() {
	curl -sf "$1/api/v1/datasets/fashion-mnist/splits/test/images.npy" -o "$BENCH_TMP/test.npy"
	"${PYTHON:-/usr/bin/python3}" -c "import numpy as np, sys; np.save(sys.argv[2], np.load(sys.argv[1])[:256])" \
		"$BENCH_TMP/test.npy" "$BENCH_TMP/batch.npy"
	curl -sf "$1/api/v1/datasets/fashion-mnist/splits/test/images/0.png" -o "$BENCH_TMP/0.png"
}

# bench_await_predictions BASE: after readiness the service predicts the test split, then the train split,
# on one core; returns once that is over (a filtered train query answers 200 then), so that a measurement
# after it does not include it.
bench_await_predictions() {
	until [ "$(curl -s -o /dev/null -w '%{http_code}' "$1/api/v1/datasets/fashion-mnist/splits/train/items?predicted=0&size=1")" = 200 ]; do
		sleep 1
	done
}

# bench_wrk_post URL FILE TYPE CONNECTIONS DURATION: POSTs FILE as TYPE, gzip accepted, with one wrk thread;
# prints "requests_per_second p50_ms p99_ms". Each FILE has a script of its own, so two can run at once.
bench_wrk_post() {
	local url=$1 file=$2 type=$3 connections=$4 duration=$5
	local script; script="$BENCH_TMP/post-$(basename "$file").lua"
	cat >"$script" <<LUA
local f = assert(io.open("$file", "rb"))
wrk.method = "POST"
wrk.body = f:read("*all")
f:close()
wrk.headers["Content-Type"] = "$type"
wrk.headers["Accept-Encoding"] = "gzip"
LUA
	local out
	out=$(wrk -t1 -c"$connections" -d"$duration" --latency -s "$script" "$url")
	local errors; errors=$(awk '/Non-2xx|Socket errors/' <<<"$out")
	[ -z "$errors" ] || echo "wrk reported: $errors" >&2
	echo "$(awk '/^Requests\/sec:/ {print $2}' <<<"$out") $(bench_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")") $(bench_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")"
}
