#!/usr/bin/env bash
# A mixed load on the service running with -Xmx256m, as docs/load.md reports it:
# PNGs, items, pages of items, training batches and predictions at once, 64 connections for 60 s
# after a warm-up. One wrk per class of request runs at the same time (connections split by weight;
# see bench/mix.sh), each with bench/mixed.lua, so every class gets its own requests/s, p50 and p99
# and its own count of statuses.
#
# Every request expects 200. A 503 from a prediction (the model is saturated; by design, with
# Retry-After) is counted apart; at this load the model must not need to shed anything, so the run
# fails when there is any 503, any other status than 200 or any socket error (reset, timeout).
#
#   bench/load.sh                        LOAD_CONNECTIONS=64 LOAD_DURATION=60s LOAD_WARMUP=60s (defaults)
#   SKIP_BUILD=1 bench/load.sh           reuse target/*.jar
#   MIX_WEIGHTS="png=1 predict=1" bench/load.sh    another mix (classes: see bench/mix.sh)
#   BENCH_JAVA_OPTS='-Dfmnist.models.baseline.max-queue-time=2s' bench/load.sh   other settings
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
source bench/mix.sh
bench_require wrk curl

APP_PORT=${APP_PORT:-18965}
CONNECTIONS=${LOAD_CONNECTIONS:-64}
DURATION=${LOAD_DURATION:-60s}
WARMUP=${LOAD_WARMUP:-60s}

APP_JAR=$(mix_app_jar)
# shellcheck disable=SC2086 # BENCH_JAVA_OPTS holds several options
APP_JAR=$APP_JAR bench_start_app "$APP_PORT" -Xmx256m ${BENCH_JAVA_OPTS:-}
APP_PID=${BENCH_PIDS[-1]}
BASE=http://127.0.0.1:$APP_PORT
mix_inputs "$BASE"

# The JIT needs a minute or two of load to settle on a busy 2-core machine: the same mix, not counted.
load_idle=$(cut -d' ' -f1-3 /proc/loadavg)
mix_run "$BASE" "$CONNECTIONS" "$WARMUP" "$BENCH_TMP/warmup.txt"
rejected_before=$(curl -sf "$BASE/actuator/prometheus" | awk '/^fmnist_inference_rejected_total/ { s += $2 } END { print s + 0 }')
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
mix_run "$BASE" "$CONNECTIONS" "$DURATION" "$BENCH_TMP/measured.txt"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
rejected_after=$(curl -sf "$BASE/actuator/prometheus" | awk '/^fmnist_inference_rejected_total/ { s += $2 } END { print s + 0 }')

rss=$(jvm_rss_mib "$APP_PID")
rss_peak=$(jvm_rss_peak_mib "$APP_PID")
heap=$(jvm_heap_used_mib "$APP_PID")
heap_live=$(jvm_heap_after_gc_mib "$APP_PID")
threads=$(jvm_threads "$APP_PID")

echo "Mixed load: $CONNECTIONS connections for $DURATION after a $WARMUP warm-up, -Xmx256m, $(nproc) cores, wrk -t1 per class"
echo "load average (1, 5, 15 min) $load_idle before the warm-up (the machine without this benchmark),"
echo "$load_before after it and $load_after at the end (these count the benchmark's own busy threads)"
echo
mix_table "$BENCH_TMP/measured.txt"
echo
echo "JVM after the run: RSS $rss MiB (peak $rss_peak MiB), heap in use $heap MiB, after a full GC $heap_live MiB (of 256), $threads threads"
echo "the server counted $((rejected_after - rejected_before)) refused predictions (fmnist_inference_rejected_total) during the run"

read -r unexpected shed socket errors < <(mix_failures "$BENCH_TMP/measured.txt" "$BENCH_TMP/app-$APP_PORT.log")
echo "unexpected statuses: $unexpected, 503s: $shed, socket errors: $socket, errors in the service's log: $errors (all must be 0)"
if [ "$unexpected" != 0 ] || [ "$shed" != 0 ] || [ "$socket" != 0 ] || [ "$errors" != 0 ]; then
	grep -E ' ERROR |Exception' "$BENCH_TMP/app-$APP_PORT.log" | head -5 >&2 || true
	echo "FAILED" >&2
	exit 1
fi
