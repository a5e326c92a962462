#!/bin/bash
# Healthy means started and ready to serve: every data file and model loaded and verified. Asks the readiness
# group on the probe port (FMNIST_PROBES_PORT), which answers while the main port is flooded, over bash's
# /dev/tcp, so the image needs no curl. A full connection table makes readiness OUT_OF_SERVICE (busy, so that a
# balancer sends clients elsewhere) but not unhealthy: only the application's own readiness state counts here.
exec 3<>"/dev/tcp/127.0.0.1/${FMNIST_PROBES_PORT:-${SERVER_PORT:-8080}}" || exit 1
printf 'GET /actuator/health/readiness HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
grep -q '"readinessState":{"status":"UP"}' <&3
