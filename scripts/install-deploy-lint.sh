#!/usr/bin/env bash
# Installs what test/integration/deploy-files.test.ts lints deploy/ with:
# systemd-analyze (systemd), nginx -t (nginx), a throw-away certificate
# (openssl). The nginx service itself is not used. Idempotent.
set -euo pipefail

missing=()
command -v systemd-analyze >/dev/null || missing+=(systemd)
command -v nginx >/dev/null || missing+=(nginx-light)
command -v openssl >/dev/null || missing+=(openssl)
if [[ ${#missing[@]} -eq 0 ]]; then exit 0; fi
if [[ $(id -u) -ne 0 ]]; then
  echo "install-deploy-lint.sh: ${missing[*]} missing and only root can install them" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
(systemctl disable --now nginx || service nginx stop) >/dev/null 2>&1 || true
