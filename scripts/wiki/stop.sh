#!/usr/bin/env bash
# Stops the PHP server of a wiki made by create.sh, workers included.
# Exits 0 when it is already gone. Usage: stop.sh DIR
set -euo pipefail

die() {
  echo "stop.sh: $*" >&2
  exit 1
}

# True while any process of the server's process group is left.
group_alive() {
  pgrep -g "$1" >/dev/null 2>&1
}

# create.sh starts the server with setsid, so its pid is also its process group id and
# the workers it forks (PHP_CLI_SERVER_WORKERS) share that group: signal the whole group.
stop_group() {
  local pgid=$1
  kill -TERM -- "-$pgid" 2>/dev/null || return 0
  for _ in {1..50}; do
    group_alive "$pgid" || return 0
    sleep 0.1
  done
  kill -KILL -- "-$pgid" 2>/dev/null || true
}

main() {
  [[ $# -eq 1 ]] || die "usage: stop.sh DIR"
  local pidfile=$1/php.pid pid
  [[ -f $pidfile ]] || exit 0
  pid=$(<"$pidfile")
  [[ $pid =~ ^[0-9]+$ ]] || die "bad pid in $pidfile: $pid"
  # Only a php process that leads its own group is ours; a recycled pid is not.
  if [[ $(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ') == "$pid" ]] &&
    [[ $(ps -o comm= -p "$pid" 2>/dev/null) == php* ]]; then
    stop_group "$pid"
  elif ! kill -0 "$pid" 2>/dev/null && group_alive "$pid"; then
    # The leader is gone but workers of its group remain.
    stop_group "$pid"
  fi
  rm -f "$pidfile"
}

main "$@"
