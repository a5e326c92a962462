#!/usr/bin/env bash
# Benchmarks the training path on this machine, in one run, and prints ratios:
#  1. wrk on batches/{n} (batchSize 256, uint8, npz) against nginx serving the same npz bytes as a
#     static file (target: at least 0.5x nginx's requests/s);
#  2. one shuffled epoch of 60,000 images in batches of 256 through the Python client as pip installs it,
#     with its defaults (float32, standardised, NCHW torch tensors), against torchvision's FashionMNIST +
#     DataLoader(batch_size=256, shuffle=True, transform=ToTensor()) reading the same files locally and
#     against a ceiling, the split in memory with a shuffled gather and the same standardisation; and two
#     processes reading shards 0 and 1 together (bench/epoch_bench.py; targets: at least 10x torchvision,
#     0.2x the ceiling, two ranks at least as fast as one).
# Loopback only, unusual ports, bounded in time; it stops every process it starts.
#
# The JVM's JIT needs a minute or two of load to settle on a busy 2-core machine, so the service is
# warmed up (--warmup seconds) before anything is measured; nginx needs no warm-up.
#
# Usage: bench/batches.sh [--no-build] [--no-wrk] [--warmup SECONDS] [--duration SECONDS] [--connections N] [--rounds N]
#        (--no-wrk: only the epochs, after a shorter warm-up)
# Needs: java 17, wrk, nginx, /usr/bin/python3 with numpy, torch, torchvision, venv and pip
#        (Debian: apt-get install -y wrk nginx python3-numpy python3-torch python3-torchvision python3-venv python3-pip)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
APP_PORT=${APP_PORT:-18961}
NGINX_PORT=${NGINX_PORT:-18962}
WARMUP=120
DURATION=15
CONNECTIONS=8
ROUNDS=3
BUILD=1
WRK=1
while [[ $# -gt 0 ]]; do
	case "$1" in
		--no-build) BUILD=0 ;;
		--no-wrk) WRK=0 ;;
		--warmup) WARMUP=$2; shift ;;
		--duration) DURATION=$2; shift ;;
		--connections) CONNECTIONS=$2; shift ;;
		--rounds) ROUNDS=$2; shift ;;
		*) echo "unknown option $1" >&2; exit 2 ;;
	esac
	shift
done
for tool in java wrk nginx curl /usr/bin/python3; do
	command -v "$tool" >/dev/null || { echo "missing $tool (see the header of $0)" >&2; exit 1; }
done

WORK=$(mktemp -d /tmp/fmnist-bench.XXXXXX)
APP_PID=
NGINX_PID=
cleanup() {
	local status=$?
	set +e # a process that already exited must not stop the rest of the clean-up
	[[ -n "$APP_PID" ]] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null
	[[ -n "$NGINX_PID" ]] && kill "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null
	rm -rf "$WORK"
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

JAR=$(ls "$ROOT"/target/fashion-mnist-server-*.jar 2>/dev/null | head -1 || true)
if [[ $BUILD == 1 || -z "$JAR" ]]; then
	echo "== building"
	(cd "$ROOT" && (./mvnw -q -o package -DskipTests || ./mvnw -q package -DskipTests))
	JAR=$(ls "$ROOT"/target/fashion-mnist-server-*.jar | head -1)
fi

# Run a copy, so that a build during the benchmark cannot replace the classes under the running service.
cp "$JAR" "$WORK/app.jar"
echo "== starting the service (-Xmx256m) on 127.0.0.1:$APP_PORT"
(cd "$ROOT" && exec java -Xmx256m -jar "$WORK/app.jar" --server.address=127.0.0.1 --server.port="$APP_PORT" \
	--logging.level.root=warn >"$WORK/app.log" 2>&1) &
APP_PID=$!
BASE=http://127.0.0.1:$APP_PORT
for _ in $(seq 1 180); do
	curl -sf "$BASE/actuator/health/readiness" >/dev/null 2>&1 && break
	kill -0 "$APP_PID" 2>/dev/null || { cat "$WORK/app.log"; exit 1; }
	sleep 1
done
curl -sf "$BASE/actuator/health/readiness" >/dev/null || { echo "service not ready after 180 s" >&2; exit 1; }

if [[ $WRK == 1 ]]; then # (the wrk comparison with nginx, left unindented)
BATCH_URL="$BASE/api/v1/datasets/fashion-mnist/splits/train/batches/3?batchSize=256&dtype=uint8&format=npz"
mkdir -p "$WORK/www" "$WORK/nginx"
curl -sf -o "$WORK/www/batch.npz" "$BATCH_URL"
# nginx's workers run as an unprivileged user: let them read the file.
chmod 755 "$WORK" "$WORK/www"
chmod 644 "$WORK/www/batch.npz"
cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes auto;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	sendfile on;
	tcp_nopush on;
	keepalive_requests 1000000;
	types { application/zip npz; }
	client_body_temp_path $WORK/nginx/body;
	proxy_temp_path $WORK/nginx/proxy;
	fastcgi_temp_path $WORK/nginx/fastcgi;
	uwsgi_temp_path $WORK/nginx/uwsgi;
	scgi_temp_path $WORK/nginx/scgi;
	server {
		listen 127.0.0.1:$NGINX_PORT;
		root $WORK/www;
	}
}
CONF
nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" &
NGINX_PID=$!
STATIC_URL=http://127.0.0.1:$NGINX_PORT/batch.npz
for _ in $(seq 1 50); do curl -sf -o /dev/null "$STATIC_URL" && break; sleep 0.1; done
curl -sf -o "$WORK/static.npz" "$STATIC_URL" && cmp -s "$WORK/www/batch.npz" "$WORK/static.npz" ||
	{ echo "nginx does not serve the batch:" >&2; cat "$WORK/nginx/error.log" >&2; exit 1; }

# The same service sending 200 KB of bytes it already holds (a Range of images.npy, through Spring
# MVC, no encoding), reported for reference.
RANGE_URL="$BASE/api/v1/datasets/fashion-mnist/splits/train/images.npy"
echo "wrk.headers[\"Range\"] = \"bytes=0-$(($(stat -c %s "$WORK/www/batch.npz") - 1))\"" >"$WORK/range.lua"

# wrk_run URL [wrk options] -> "requests/s p99" (p99 in ms)
wrk_run() {
	local out
	out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "${@:2}" "$1")
	echo "$out" >>"$WORK/wrk.log"
	local rps p99
	rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
	p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; print v}' <<<"$out")
	echo "$rps $p99"
}

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== warming up the service (${WARMUP}s)"
wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" "$BATCH_URL" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d"$((WARMUP / 4))s" -s "$WORK/range.lua" "$RANGE_URL" >/dev/null
echo "== wrk -t2 -c$CONNECTIONS -d${DURATION}s, $ROUNDS alternating rounds, $(stat -c %s "$WORK/www/batch.npz")-byte npz"
APP_RESULTS=()
NGINX_RESULTS=()
RANGE_RESULTS=()
for round in $(seq 1 "$ROUNDS"); do
	APP_RESULTS+=("$(wrk_run "$BATCH_URL")")
	NGINX_RESULTS+=("$(wrk_run "$STATIC_URL")")
	RANGE_RESULTS+=("$(wrk_run "$RANGE_URL" -s "$WORK/range.lua")")
	printf '   round %d: service %s req/s (p99 %s ms), nginx %s req/s (p99 %s ms), service stored bytes %s req/s (p99 %s ms)\n' \
		"$round" ${APP_RESULTS[-1]} ${NGINX_RESULTS[-1]} ${RANGE_RESULTS[-1]}
done
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
APP_RPS=$(printf '%s\n' "${APP_RESULTS[@]}" | cut -d' ' -f1 | median)
APP_P99=$(printf '%s\n' "${APP_RESULTS[@]}" | cut -d' ' -f2 | median)
NGINX_RPS=$(printf '%s\n' "${NGINX_RESULTS[@]}" | cut -d' ' -f1 | median)
NGINX_P99=$(printf '%s\n' "${NGINX_RESULTS[@]}" | cut -d' ' -f2 | median)
printf 'service: %.0f req/s, p99 %.2f ms (median of %d)\n' "$APP_RPS" "$APP_P99" "$ROUNDS"
printf 'nginx:   %.0f req/s, p99 %.2f ms (median of %d)\n' "$NGINX_RPS" "$NGINX_P99" "$ROUNDS"
RANGE_RPS=$(printf '%s\n' "${RANGE_RESULTS[@]}" | cut -d' ' -f1 | median)
printf 'service sending stored bytes (images.npy Range, no encoding): %.0f req/s (median of %d)\n' "$RANGE_RPS" "$ROUNDS"
awk -v a="$APP_RPS" -v n="$NGINX_RPS" -v r="$RANGE_RPS" 'BEGIN {
	printf "RATIO service/nginx requests/s: %.2fx (target >= 0.5x)\n", a / n
	printf "      reference: stored bytes/nginx %.2fx; batch/stored bytes %.2fx\n", r / n, a / r
}'

kill "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null || true
NGINX_PID=

fi

# What the client asks for by default: uint8 safetensors, 1,024 items a request, handed over as batches of 256.
CLIENT_URL="$BASE/api/v1/datasets/fashion-mnist/splits/train/batches/3?batchSize=1024&shuffle=true&seed=0&epoch=0&shard=0&numShards=1&dropLast=false&format=safetensors"
echo "== warming up the client's requests ($((WARMUP / 3))s)"
wrk -t2 -c4 -d"$((WARMUP / 3))s" "$CLIENT_URL" >/dev/null
echo "== installing the client (pip, into a venv over Debian's numpy and torch)"
cp -r "$ROOT/clients/python" "$WORK/client-src"
rm -rf "$WORK/client-src/build" "$WORK/client-src/src/"*.egg-info
/usr/bin/python3 -m venv --system-site-packages "$WORK/venv"
"$WORK/venv/bin/python" -m pip install --quiet --no-index --no-build-isolation --no-deps "$WORK/client-src"
echo "== machine: load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== one shuffled epoch of 60,000 images in batches of 256: the client over HTTP, torchvision locally, the ceiling, two ranks"
mkdir -p "$WORK/torchvision/FashionMNIST/raw"
for file in "$ROOT"/data/fashion-mnist/*-ubyte.gz; do
	gunzip -c "$file" >"$WORK/torchvision/FashionMNIST/raw/$(basename "$file" .gz)"
done
(cd "$WORK" && PYTHONDONTWRITEBYTECODE=1 timeout 1800 "$WORK/venv/bin/python" "$ROOT/bench/epoch_bench.py" \
	--url "$BASE" --root "$WORK/torchvision" --rounds "$ROUNDS")
