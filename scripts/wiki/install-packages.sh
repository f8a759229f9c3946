#!/usr/bin/env bash
# Installs MediaWiki 1.39 (Debian package), PHP CLI/CGI and SQLite support, without Apache.
# Idempotent: does nothing when MediaWiki and php are already there.
set -euo pipefail

die() {
  echo "install-packages.sh: $*" >&2
  exit 1
}

already_installed() {
  [[ -f /usr/share/mediawiki/api.php ]] && command -v php >/dev/null 2>&1
}

# The mediawiki package depends on "apache2 | httpd"; a local package that provides httpd
# satisfies it so apt never picks Apache (we serve with php -S instead).
build_placeholder() {
  local dir=$1
  mkdir -p "$dir/pkg/DEBIAN"
  cat >"$dir/pkg/DEBIAN/control" <<'CONTROL'
Package: mwgate-httpd-placeholder
Version: 1.0
Architecture: all
Maintainer: mwgate <mwgate@localhost>
Provides: httpd
Description: Placeholder that satisfies httpd so MediaWiki installs without Apache
CONTROL
  dpkg-deb --build "$dir/pkg" "$dir/placeholder.deb" >/dev/null || die "dpkg-deb failed"
}

main() {
  if already_installed; then
    exit 0
  fi
  [[ $(id -u) -eq 0 ]] || die "MediaWiki is not installed and installing it needs root (run as root)"
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found: a Debian system is required"

  # Global (not local): the EXIT trap runs after main has returned.
  TMP_DIR=$(mktemp -d)
  trap 'rm -rf "$TMP_DIR"' EXIT
  local tmp=$TMP_DIR
  build_placeholder "$tmp"

  export DEBIAN_FRONTEND=noninteractive
  apt-get update || die "apt-get update failed"
  # php8.2-cgi is named explicitly: the php-cgi metapackage would bring Apache's PHP module.
  (cd "$tmp" && apt-get install -y --no-install-recommends \
    ./placeholder.deb mediawiki php-sqlite3 php-cli php8.2-cgi) || die "apt-get install failed"

  already_installed || die "packages installed but /usr/share/mediawiki/api.php or php is missing"
  if dpkg -l 'apache2*' 2>/dev/null | grep -q '^ii'; then
    die "Apache was installed, which must not happen"
  fi
}

main "$@"
