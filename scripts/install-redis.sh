#!/usr/bin/env bash
# Installs Debian's redis-server for the tests that need a shared store. The
# tests start their own instances on free loopback ports; the system service
# is not used. Idempotent.
set -euo pipefail

if command -v redis-server >/dev/null; then exit 0; fi
if [[ $(id -u) -ne 0 ]]; then
  echo "install-redis.sh: redis-server is missing and only root can install it" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends redis-server >/dev/null
# The package starts a system instance on 6379; the tests do not need it.
(systemctl disable --now redis-server || service redis-server stop) >/dev/null 2>&1 || true
