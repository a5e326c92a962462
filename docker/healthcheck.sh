#!/bin/bash
# Healthy means ready: every data file and model loaded and verified. Asks the readiness group over
# bash's /dev/tcp, so the image needs no curl.
exec 3<>"/dev/tcp/127.0.0.1/${SERVER_PORT:-8080}" || exit 1
printf 'GET /actuator/health/readiness HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
grep -q '"status":"UP"' <&3
