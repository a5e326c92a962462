#!/usr/bin/env bash
# Runs nginx as a round-robin balancer in front of fashion-mnist-server instances, as any user: the
# configuration, pid file, logs and temporary files all go into RUN_DIR; /etc/nginx is never read.
#
# Usage: deploy/nginx/run.sh [--check | --render] LISTEN RUN_DIR BACKEND...
#   LISTEN    what nginx listens on, e.g. 127.0.0.1:8000 (or just a port)
#   RUN_DIR   a directory for this nginx alone (created if missing)
#   BACKEND   host:port of each instance, e.g. 127.0.0.1:8081 127.0.0.1:8082 127.0.0.1:8083
#   --check   write the configuration and test it (nginx -t), then exit
#   --render  print the rendered fashion-mnist.conf (for a system nginx's conf.d/), then exit
# Environment: NGINX_BINARY (default nginx; not NGINX, a variable nginx itself reads), and MAX_FAILS (1)
# and FAIL_TIMEOUT (5s), nginx's passive health check for every instance.
#
# nginx runs in the foreground (exec): SIGQUIT stops it gracefully, SIGTERM at once. Logs:
# RUN_DIR/logs/access.log (with the instance that answered) and RUN_DIR/logs/error.log (failovers).
set -euo pipefail

mode=run
case "${1:-}" in
	--check) mode=check; shift ;;
	--render) mode=render; shift ;;
esac
if [[ $# -lt 3 ]]; then
	sed -n '2,17s/^# \{0,1\}//p' "$0" >&2
	exit 2
fi
listen=$1
run_dir=$2
shift 2

here=$(cd "$(dirname "$0")" && pwd)
servers=""
for backend in "$@"; do
	servers+=$'\t'"server $backend max_fails=${MAX_FAILS:-1} fail_timeout=${FAIL_TIMEOUT:-5s};"$'\n'
done
template=$(<"$here/fashion-mnist.conf")
rendered=${template//@LISTEN@/$listen}
rendered=${rendered//@SERVERS@/${servers%$'\n'}}
if [[ $mode == render ]]; then
	printf '%s\n' "$rendered"
	exit 0
fi

mkdir -p "$run_dir/logs" "$run_dir/temp"
run_dir=$(cd "$run_dir" && pwd)
cp "$here/nginx.conf" "$run_dir/nginx.conf"
printf '%s\n' "$rendered" >"$run_dir/fashion-mnist.conf"

nginx=${NGINX_BINARY:-nginx}
# -e: the error log before the configuration is read (Debian's build would otherwise use stderr,
# others /var/log/nginx, which an ordinary user cannot open).
args=(-p "$run_dir/" -c "$run_dir/nginx.conf" -e "$run_dir/logs/error.log")
if [[ $mode == check ]]; then
	exec "$nginx" -t "${args[@]}"
fi
exec "$nginx" "${args[@]}"
