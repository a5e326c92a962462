#!/usr/bin/env bash
# Container test: builds the project's Dockerfile, starts docker-compose.yml with podman-compose, waits
# for its health check, checks the running container from outside (an image, a batch, a prediction,
# readiness) and from inside (non-root, the health check on the probe port, read-only root file system),
# stops it the way compose does, and always tears down what it created, also when a check fails.
#
# usage:  docker/smoke-test.sh          (CI runs it from .ci/run; it needs root, as podman does here)
#   FMNIST_PORT       host port to publish (default: a free one between 20000 and 59999)
#   CONTAINER_ENGINE  script that sets up podman and the base images
#                     (default: ../shared/tools/container-engine.sh beside the repository)
#   HEALTH_TIMEOUT    seconds to wait for the container to become healthy (default: 180)
#
# It skips (exit 0, "container-test: skipped: ...") only where podman is missing and cannot be
# installed; any other problem fails.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

say() { echo "container-test: $*"; }
fail() { echo "container-test: FAILED: $*" >&2; exit 1; }
# fail_log LOG MESSAGE: fails with the last lines of a command's log.
fail_log() { echo "--- last lines of $1" >&2; tail -n 40 "$work/$1" >&2; fail "$2"; }
skip() { skipped=true; say "skipped: $*"; exit 0; }
now_ms() { date +%s%3N; }
since() { local ms=$(( $(now_ms) - $1 )); printf '%d.%d s' $((ms / 1000)) $((ms % 1000 / 100)); }
# step NAME FUNCTION: runs one step and reports how long it took.
step() {
	local name=$1 start
	shift
	start=$(now_ms)
	say "$name..."
	"$@"
	say "$name: ok ($(since "$start"))"
}

test_start=$(now_ms)
expected_uid=10001
engine=${CONTAINER_ENGINE:-$repo/../shared/tools/container-engine.sh}
health_timeout=${HEALTH_TIMEOUT:-180}
run_id="$(date +%s)-$$"
project=fmnist-ctest-$run_id
image=localhost/fashion-mnist-server:ctest-$run_id
work=$(mktemp -d -t fmnist-ctest.XXXXXX)
compose=(podman-compose -p "$project" -f docker-compose.yml -f "$work/compose.override.yml")
container=""
skipped=false

# ---- teardown: runs on every exit, removes exactly what this run created ----
teardown() {
	local rc=$? start
	trap - EXIT
	set +e
	start=$(now_ms)
	if [ "$rc" -ne 0 ] && [ -n "$container" ]; then
		echo "--- last lines of the container's log" >&2
		podman logs --tail 30 "$container" >&2 2>&1
	fi
	if command -v podman-compose >/dev/null && [ -f "$work/compose.override.yml" ]; then
		"${compose[@]}" down >>"$work/down.log" 2>&1 || say "warning: podman-compose down failed"
	fi
	if command -v podman >/dev/null; then
		# Whatever compose down left behind: its containers, the network it created (down keeps it), the image tag.
		podman ps -aq --filter "label=io.podman.compose.project=$project" | xargs -r podman rm -f >/dev/null 2>&1
		podman network exists "${project}_default" 2>/dev/null && podman network rm -f "${project}_default" >/dev/null
		# --no-prune keeps the parent layers: the next run's build cache.
		podman image exists "$image" 2>/dev/null && podman rmi --no-prune "$image" >/dev/null
	fi
	rm -rf "$work"
	say "teardown: done ($(since "$start"))"
	if [ "$skipped" = true ]; then :; elif [ "$rc" -eq 0 ]; then say "passed ($(since "$test_start"))"; else say "failed ($(since "$test_start"))" >&2; fi
	exit "$rc"
}
trap teardown EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- the engine: podman, podman-compose and locally built base images ----
engine_ready() {
	local tool missing=()
	for tool in podman podman-compose runc debootstrap curl; do command -v "$tool" >/dev/null || missing+=("$tool"); done
	[ ${#missing[@]} -eq 0 ] && return
	# Only a missing podman that cannot be installed skips the test.
	[ "$(id -u)" -eq 0 ] || skip "${missing[*]} not installed, and installing needs root"
	command -v apt-get >/dev/null || skip "${missing[*]} not installed, and there is no apt-get to install them"
	say "installing ${missing[*]} with apt-get"
	(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc debootstrap podman-compose curl) \
		>"$work/apt.log" 2>&1 || skip "apt-get could not install ${missing[*]}: $(tail -n 3 "$work/apt.log" | tr '\n' ' ')"
}
step "engine: podman installed" engine_ready
[ -f "$engine" ] || fail "no $engine: it makes the base images (a clone has ../shared beside it)"
engine_start=$(now_ms)
# Sourced, so that its CONTAINERS_CONF (runc, ulimits) reaches every podman below; a failure ends this script.
# shellcheck source=/dev/null
source "$engine"
set -euo pipefail
say "engine: ready ($(since "$engine_start"))"

# ---- build: the Dockerfile as it is, with the sandbox's flags ----
build() {
	local args=(build --pull=never --network host --format docker -t "$image")
	# A TLS-intercepting proxy's CA, for the Maven downloads inside the build.
	[ -d /etc/ssl/certs ] && args+=(-v /etc/ssl/certs:/etc/ssl/certs:ro)
	podman "${args[@]}" . >"$work/build.log" 2>&1 || fail_log build.log "podman build"
	local bytes
	bytes=$(podman image inspect --format '{{.Size}}' "$image")
	say "image $image: $((bytes / 1000000)) MB"
}
step "build: podman build" build

# ---- start: the compose file as written; only the image tag and the port are this run's own ----
# A port no socket uses in any state, below the kernel's ephemeral range: podman's bind of the published port
# fails on a port that a TIME_WAIT connection holds (leaving the container "created", never started), and the
# ITs before this test leave thousands of those in the ephemeral range for a minute.
free_port() {
	local low p
	read -r low _ </proc/sys/net/ipv4/ip_local_port_range
	[ "$low" -gt 11000 ] || low=61000
	for _ in $(seq 50); do
		p=$((10000 + RANDOM % (low - 10000)))
		# /proc/net/tcp* list every socket, listening or not, with its ports in hex.
		grep -qi ":$(printf '%04X' "$p") " /proc/net/tcp /proc/net/tcp6 2>/dev/null || { echo "$p"; return; }
	done
	fail "found no free port"
}
port=${FMNIST_PORT:-$(free_port)}
export FMNIST_PORT=$port
base=http://127.0.0.1:$port
printf 'services:\n  fashion-mnist-server:\n    image: %s\n' "$image" >"$work/compose.override.yml"

up() {
	"${compose[@]}" up -d --no-build >"$work/up.log" 2>&1 || fail_log up.log "podman-compose up"
	container=$(podman ps -aq --filter "label=io.podman.compose.project=$project")
	[ "$(wc -w <<<"$container")" -eq 1 ] || fail "expected one container of project $project, found: $container"
	# podman-compose exits 0 even when podman could not start the container: say what podman said.
	local state
	state=$(podman inspect --format '{{.State.Status}}' "$container")
	[ "$state" = running ] || fail_log up.log "the container is $state, not running, after podman-compose up"
	say "container $(podman inspect --format '{{.Name}}' "$container") on port $port"
}
step "start: podman-compose up" up

# podman runs health checks from systemd timers, and systemd isn't running here: run them by hand.
wait_healthy() {
	local test deadline state
	test=$(podman inspect --format '{{json .Config.Healthcheck.Test}}' "$container")
	[[ $test == *'/app/healthcheck.sh'* ]] || fail "the compose health check is not /app/healthcheck.sh: $test"
	deadline=$(( $(date +%s) + health_timeout ))
	until podman healthcheck run "$container" >/dev/null 2>&1; do
		state=$(podman inspect --format '{{.State.Status}}' "$container")
		[ "$state" = running ] || fail "the container is $state before becoming healthy"
		[ "$(date +%s)" -lt "$deadline" ] || fail "not healthy after ${health_timeout}s"
		sleep 1
	done
	state=$(podman inspect --format '{{.State.Health.Status}}' "$container")
	[ "$state" = healthy ] || fail "health check passed but the status is $state"
}
step "health: the compose health check passes" wait_healthy

# ---- requests from outside ----
# fetch NAME URL [CURL ARGS...]: the body goes to $work/NAME, the headers to $work/NAME.headers;
# prints "status content-type".
fetch() {
	local name=$1 url=$2
	shift 2
	curl -sS --max-time 30 -o "$work/$name" -D "$work/$name.headers" -w '%{http_code} %{content_type}' "$@" "$url" \
		|| fail "curl $url"
}
header() { tr -d '\r' <"$work/$1.headers" | sed -n "s/^$2: *//Ip" | head -n 1; }
bytes_hex() { od -An -tx1 -j "$2" -N "$3" "$work/$1" | tr -d ' \n'; }
uint32_at() { echo $((16#$(bytes_hex "$1" "$2" 4))); }

readiness() {
	local got
	got=$(fetch readiness "$base/actuator/health/readiness")
	[[ $got == "200 application/"*json* ]] || fail "readiness: got $got"
	grep -q '"status":"UP"' "$work/readiness" || fail "readiness: $(cat "$work/readiness")"
	# Not piped into grep -q: with pipefail, grep leaving early would fail the pipeline.
	podman logs "$container" >"$work/container.log" 2>&1
	grep -q "Starting AOT-processed" "$work/container.log" \
		|| fail "readiness: the image did not start its ahead-of-time processed context"
}
step "readiness: /actuator/health/readiness is UP, started ahead-of-time processed" readiness

image_png() {
	local url=$base/api/v1/datasets/fashion-mnist/splits/test/images/0.png got etag
	got=$(fetch png "$url")
	[ "$got" = "200 image/png" ] || fail "image: got $got from $url"
	[ "$(bytes_hex png 0 8)" = 89504e470d0a1a0a ] || fail "image: no PNG signature"
	[ "$(bytes_hex png 12 4)" = 49484452 ] || fail "image: the first chunk is not IHDR"
	[ "$(uint32_at png 16)x$(uint32_at png 20)" = 28x28 ] || fail "image: $(uint32_at png 16)x$(uint32_at png 20), not 28x28"
	[ "$(bytes_hex png 24 2)" = 0800 ] || fail "image: not 8-bit grayscale (bit depth, colour type: $(bytes_hex png 24 2))"
	[ "$(tail -c 12 "$work/png" | od -An -tx1 | tr -d ' \n')" = 0000000049454e44ae426082 ] || fail "image: no IEND at the end"
	# The same bytes every time, and a revalidation answered with 304.
	fetch png2 "$url" >/dev/null
	[ "$(sha256sum <"$work/png")" = "$(sha256sum <"$work/png2")" ] || fail "image: two requests gave different bytes"
	etag=$(header png ETag)
	[ -n "$etag" ] || fail "image: no ETag"
	got=$(fetch png3 "$url" -H "If-None-Match: $etag")
	[[ $got == 304* ]] || fail "image: If-None-Match $etag gave $got, not 304"
	say "image: $(wc -c <"$work/png") bytes, sha256 $(sha256sum <"$work/png" | cut -c1-16)..., ETag $etag"
}
step "image: GET .../test/images/0.png" image_png

# The PNG's pixels, decoded here (zlib and the PNG filters, no image library), against the item's JSON.
png_pixels() {
	local got
	got=$(fetch item "$base/api/v1/datasets/fashion-mnist/splits/test/items/0")
	[ "${got%% *}" = 200 ] || fail "item: got $got"
	if ! command -v python3 >/dev/null; then
		say "note: no python3, so the PNG's pixels are not compared"
		return
	fi
	python3 - "$work/png" "$work/item" <<-'PY' || fail "image: its pixels are not the item's"
	import json, struct, sys, zlib
	png, item = open(sys.argv[1], 'rb').read(), json.load(open(sys.argv[2]))
	pos, idat = 8, b''
	while pos < len(png):
	    length, kind = struct.unpack('>I4s', png[pos:pos + 8])
	    data = png[pos + 8:pos + 8 + length]
	    if zlib.crc32(kind + data) != struct.unpack('>I', png[pos + 8 + length:pos + 12 + length])[0]:
	        sys.exit('bad CRC in chunk ' + kind.decode())
	    if kind == b'IDAT':
	        idat += data
	    pos += 12 + length
	raw, rows, prev = zlib.decompress(idat), [], [0] * 28
	if len(raw) != 28 * 29:
	    sys.exit('%d bytes of scanlines, not 28 * 29' % len(raw))
	for y in range(28):
	    kind, line = raw[y * 29], list(raw[y * 29 + 1:(y + 1) * 29])
	    for x in range(28):
	        a, b, c = line[x - 1] if x else 0, prev[x], prev[x - 1] if x else 0
	        p = a + b - c
	        predictor = [0, a, b, (a + b) // 2,
	                     a if abs(p - a) <= abs(p - b) and abs(p - a) <= abs(p - c) else b if abs(p - b) <= abs(p - c) else c]
	        line[x] = (line[x] + predictor[kind]) & 255
	    rows.append(line)
	    prev = line
	if rows != item['pixels']:
	    sys.exit('decoded pixels differ from /items/0 pixels')
	PY
}
step "image: its pixels are the item's" png_pixels

batch() {
	local url="$base/api/v1/datasets/fashion-mnist/splits/train/batches/0?batchSize=256&format=npz" got size
	got=$(fetch batch "$url")
	[ "$got" = "200 application/zip" ] || fail "batch: got $got from $url"
	[ "$(header batch X-Batch-Index)/$(header batch X-Batch-Count)/$(header batch X-Total-Count)" = 0/235/60000 ] \
		|| fail "batch: X-Batch-Index/-Count/X-Total-Count are $(header batch X-Batch-Index)/$(header batch X-Batch-Count)/$(header batch X-Total-Count), not 0/235/60000"
	size=$(wc -c <"$work/batch")
	[ "$size" = "$(header batch Content-Length)" ] || fail "batch: $size bytes, Content-Length $(header batch Content-Length)"
	[ "$size" -gt $((256 * 784 + 256 + 256 * 8)) ] || fail "batch: only $size bytes"
	[ "$(bytes_hex batch 0 4)" = 504b0304 ] || fail "batch: not a zip"
	# npz members are stored, so their npy headers are plain text in the body.
	local member
	for member in "images.npy{'descr': '|u1', 'fortran_order': False, 'shape': (256, 28, 28), }" \
		"labels.npy{'descr': '|u1', 'fortran_order': False, 'shape': (256,), }" \
		"indices.npy{'descr': '<i8', 'fortran_order': False, 'shape': (256,), }"; do
		grep -aqF "${member#*.npy}" "$work/batch" && grep -aqF "${member%%\{*}" "$work/batch" \
			|| fail "batch: no member ${member%%\{*} with header ${member#*.npy}"
	done
	say "batch: $size bytes, images (256, 28, 28) uint8, labels (256,), indices (256,)"
}
step "batch: GET .../train/batches/0?batchSize=256&format=npz" batch

prediction() {
	local got true_label predicted
	got=$(fetch prediction "$base/api/v1/models/baseline/predictions" -H 'Content-Type: image/png' --data-binary "@$work/png")
	[[ $got == "200 application/json"* ]] || fail "prediction: got $got: $(head -c 300 "$work/prediction")"
	grep -q '"model":"baseline"' "$work/prediction" || fail "prediction: not from the baseline model"
	[ "$(grep -o '"probabilities":\[' "$work/prediction" | wc -l)" -eq 1 ] || fail "prediction: not one prediction"
	# The first "label" of each body: the item's own, and the first prediction's (its top-k entries follow it).
	true_label=$(grep -o '"label":[0-9]*' "$work/item" | head -n 1 | cut -d: -f2)
	predicted=$(sed -n 's/.*"predictions":\[{"label":\([0-9]*\).*/\1/p' "$work/prediction")
	[ -n "$predicted" ] || fail "prediction: no predictions[0].label in $(head -c 300 "$work/prediction")"
	[ "$predicted" = "$true_label" ] || fail "prediction: label $predicted, but test item 0 is $true_label"
	say "prediction: label $predicted, the true label of test item 0"
}
step "prediction: POST the PNG to /api/v1/models/baseline/predictions" prediction

# ---- from inside ----
non_root() {
	local uids
	uids=$(podman exec "$container" cat /proc/1/status | sed -n 's/^Uid:[[:space:]]*//p' | tr -s '[:space:]' ' ')
	[ "$uids" = "$expected_uid $expected_uid $expected_uid $expected_uid " ] \
		|| fail "process 1 runs with uids (real, effective, saved, fs) '$uids', not $expected_uid"
	podman exec "$container" cat /proc/1/cmdline | tr '\0' ' ' | grep -q '^java ' || fail "process 1 is not java"
	say "process 1 is java, uid $expected_uid"
}
step "non-root: the server's process" non_root

# status_inside PORT PATH: the status code of a GET from inside the container (bash's /dev/tcp: no curl there).
status_inside() {
	podman exec "$container" bash -c "exec 3<>/dev/tcp/127.0.0.1/$1 && printf 'GET $2 HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3 && head -n 1 <&3" \
		| cut -d' ' -f2
}

# The health probes have a port of their own (FMNIST_PROBES_PORT), which answers while the API's is flooded.
probe_port() {
	local port status
	port=$(podman exec "$container" printenv FMNIST_PROBES_PORT) || fail "probes: the image sets no FMNIST_PROBES_PORT"
	# The health check passed above; pointed at a port where nothing listens, it must fail: it asks that port.
	if podman exec -e FMNIST_PROBES_PORT=1 "$container" /app/healthcheck.sh >/dev/null 2>&1; then
		fail "probes: the health check does not ask FMNIST_PROBES_PORT"
	fi
	status=$(status_inside "$port" /actuator/health/liveness)
	[ "$status" = 200 ] || fail "probes: liveness on port $port answered '$status'"
	status=$(status_inside "$port" /api/v1/datasets)
	[ "$status" = 404 ] || fail "probes: port $port answered '$status' for the API, not 404"
	say "the health check asks port $port, which answers liveness and serves no API"
}
step "probes: the health check asks the probe port" probe_port

read_only() {
	[ "$(podman inspect --format '{{.HostConfig.ReadonlyRootfs}}' "$container")" = true ] || fail "the root file system is not read-only"
	if podman exec "$container" touch /app/written-by-container-test 2>/dev/null; then fail "/app is writable"; fi
	podman exec "$container" sh -c 'touch /tmp/written-by-container-test && rm /tmp/written-by-container-test' \
		|| fail "/tmp is not writable"
	# ONNX Runtime loads its natives from /app/native, not from /tmp: the prediction above worked with
	# /tmp noexec.
	local tmp
	tmp=$(podman exec "$container" sh -c "grep ' /tmp ' /proc/mounts")
	[[ $tmp == tmpfs* && $tmp == *noexec* ]] || fail "/tmp is not a noexec tmpfs: $tmp"
	# ONNX Runtime still makes an (empty) temporary directory there; no library may be in it.
	local libraries
	libraries=$(podman exec "$container" sh -c "find /tmp -name '*.so*' 2>/dev/null; true")
	[ -z "$libraries" ] || fail "ONNX Runtime unpacked its natives into /tmp: $libraries"
}
step "read-only: / is read-only, /tmp a writable noexec tmpfs, no natives unpacked there" read_only

# ---- stop as compose does: SIGTERM, then the JVM shuts down gracefully (exit 143) within the timeout ----
graceful_stop() {
	local code
	"${compose[@]}" stop >"$work/stop.log" 2>&1 || fail_log stop.log "podman-compose stop"
	code=$(podman inspect --format '{{.State.ExitCode}}' "$container")
	[ "$code" = 143 ] || fail "exit code $code after SIGTERM, not 143 (137 means it was killed after the timeout)"
	podman logs "$container" 2>&1 | grep -q 'Graceful shutdown complete' || fail "no 'Graceful shutdown complete' in the log"
}
step "stop: podman-compose stop (SIGTERM, 10 s timeout)" graceful_stop
