#!/bin/bash
# Records a class-data sharing archive for the extracted application: starts it with the given JVM
# options plus -XX:ArchiveClassesAtExit=ARCHIVE, waits until it is ready and has answered its readiness
# probe (so the classes a request needs are archived too), stops it with SIGTERM and checks the archive.
# Used by the Dockerfile and by bench/ (which measures start-up as the image starts).
#
#   SERVER_PORT=8080 docker/cds-archive.sh ARCHIVE JAR [JVM options...]
set -euo pipefail
archive=$1 jar=$2
shift 2
here=$(dirname "$0")
java -XX:ArchiveClassesAtExit="$archive" "$@" -jar "$jar" --server.port="${SERVER_PORT:-8080}" &
pid=$!
for _ in $(seq 1 600); do
	if "$here/healthcheck.sh" 2>/dev/null; then
		break
	fi
	if ! kill -0 "$pid" 2>/dev/null; then
		echo "the application stopped before it was ready" >&2
		exit 1
	fi
	sleep 0.2
done
"$here/healthcheck.sh"
kill -TERM "$pid"
wait "$pid" || [ $? -eq 143 ]
test -s "$archive"
