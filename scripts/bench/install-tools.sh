#!/usr/bin/env bash
# Installs the benchmark's outside tools from Debian when missing: wrk (the
# load generator) and nginx (the proxy_pass row). Needs root, as CI has.
set -euo pipefail

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || missing+=(nginx-light)
((${#missing[@]} == 0)) && exit 0

for attempt in 1 2 3 4 5 6; do
  if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; then
    exit 0
  fi
  echo "install-tools.sh: apt failed (attempt $attempt; another install may hold the lock)" >&2
  sleep 10
done
exit 1
