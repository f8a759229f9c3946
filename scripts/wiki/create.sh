#!/usr/bin/env bash
# Creates a throw-away MediaWiki 1.39 whose whole state (settings, SQLite files, cache,
# uploads, logs) lives in DIR, and serves it with PHP's built-in server on 127.0.0.1:PORT.
# Prints the path of DIR/wiki.json (URL and account credentials) as the only line on stdout.
#
# Usage: create.sh DIR PORT        (stop it with stop.sh DIR)
# WIKI_SERVER_URL sets $wgServer when the wiki is reached through a proxy (the demo).
set -euo pipefail

readonly MW=/usr/share/mediawiki
readonly SITE_NAME='mwgate test wiki'
readonly READER_GRANTS='basic,highvolume'
readonly WRITER_GRANTS='basic,highvolume,editpage,createeditmovepage,editprotected,delete,protect,patrol,rollback,uploadfile'

die() {
  echo "create.sh: $*" >&2
  exit 1
}

# 32 chars from [0-9a-f]: bot passwords must match ^[0-9a-w]{32,}$ or they never log in.
random_hex() {
  od -An -N16 -tx1 /dev/urandom | tr -d ' \n'
}

# Runs a command with its output kept in logs/setup.log; shows that log if it fails.
quiet() {
  echo "+ $*" >>"$DIR/logs/setup.log"
  "$@" >>"$DIR/logs/setup.log" 2>&1 || {
    cat "$DIR/logs/setup.log" >&2
    die "failed: $*"
  }
}

# Runs a maintenance script against this wiki's settings.
maint() {
  quiet env MW_CONFIG_FILE="$DIR/LocalSettings.php" php "$MW/maintenance/$1.php" "${@:2}"
}

parse_args() {
  [[ $# -eq 2 ]] || die "usage: create.sh DIR PORT"
  if ! [[ $2 =~ ^[0-9]+$ ]] || ((10#$2 < 1 || 10#$2 > 65535)); then
    die "bad port: $2"
  fi
  if ! [[ -f $MW/api.php ]] || ! command -v php >/dev/null; then
    die "MediaWiki not installed: run install-packages.sh"
  fi
  mkdir -p "$1"
  DIR=$(cd "$1" && pwd)
  PORT=$((10#$2))
  URL="http://127.0.0.1:$PORT"
  [[ ! -e $DIR/LocalSettings.php ]] || die "$DIR already holds a wiki"
  mkdir -p "$DIR"/{db,cache,logs,images,tmp,docroot}
}

install_wiki() {
  ADMIN_PASS=$(random_hex)
  printf '%s\n' "$ADMIN_PASS" >"$DIR/tmp/admin-pass"
  # install.php must not see a MW_CONFIG_FILE from the caller; --confpath must exist,
  # or it silently writes no settings file.
  quiet env -u MW_CONFIG_FILE php "$MW/maintenance/install.php" \
    --dbtype sqlite --dbpath "$DIR/db" --dbname my_wiki \
    --server "${WIKI_SERVER_URL:-$URL}" --scriptpath /w --lang en \
    --passfile "$DIR/tmp/admin-pass" --confpath "$DIR/tmp" "$SITE_NAME" Admin
  rm -f "$DIR/tmp/admin-pass"
  [[ -f $DIR/tmp/LocalSettings.php ]] || die "install.php wrote no LocalSettings.php"
  mv "$DIR/tmp/LocalSettings.php" "$DIR/LocalSettings.php"
  append_settings
}

append_settings() {
  cat >>"$DIR/LocalSettings.php" <<'PHP'

# ---- Added by mwgate scripts/wiki/create.sh for tests and the demo ----
# Tests and benchmarks edit fast; the default limit (90 edits a minute) answers "ratelimited".
$wgGroupPermissions['bot']['noratelimit'] = true;

# Keep all state in this folder (LocalSettings.php lives at its top).
$wgCacheDirectory = __DIR__ . '/cache';
$wgTmpDirectory = __DIR__ . '/tmp';
$wgEnableUploads = true;
$wgUploadDirectory = __DIR__ . '/images';
$wgUploadPath = '/images';
$wgUseImageMagick = false; # no real ImageMagick here; tests need no thumbnails
$wgEnableEmail = false; # no mail server
$wgShowExceptionDetails = true;

# Logs in logs/, so a test can see what the wiki actually ran and as whom:
# - api.log: MediaWiki's 'api' channel, one line per API request (method, user, IP, the
#   parameters the modules used).
# - api-request.log: the 'api-request' channel as JSON lines. Its message is empty and all
#   data is in the context, which the legacy logger behind $wgDebugLogGroups drops; hence
#   Monolog instead of $wgDebugLogGroups.
# - rest.log: MediaWiki 1.39's REST router logs nothing, so the shutdown function below
#   writes one JSON line per rest.php request on a channel of our own named 'rest'.
# - mediawiki.log: warnings and errors from every other channel.
$wgMWLoggerDefaultSpi = [
	'class' => \MediaWiki\Logger\MonologSpi::class,
	'args' => [ [
		'loggers' => [
			'@default' => [ 'handlers' => [ 'mediawiki' ] ],
			'api' => [ 'handlers' => [ 'api' ] ],
			'api-request' => [ 'handlers' => [ 'api-request' ] ],
			'rest' => [ 'handlers' => [ 'rest' ] ],
		],
		'handlers' => [
			'mediawiki' => [
				'class' => \Monolog\Handler\StreamHandler::class,
				'args' => [ __DIR__ . '/logs/mediawiki.log', 'warning' ],
				'formatter' => 'line',
			],
			'api' => [
				'class' => \Monolog\Handler\StreamHandler::class,
				'args' => [ __DIR__ . '/logs/api.log' ],
				'formatter' => 'message',
			],
			'api-request' => [
				'class' => \Monolog\Handler\StreamHandler::class,
				'args' => [ __DIR__ . '/logs/api-request.log' ],
				'formatter' => 'json',
			],
			'rest' => [
				'class' => \Monolog\Handler\StreamHandler::class,
				'args' => [ __DIR__ . '/logs/rest.log' ],
				'formatter' => 'json',
			],
		],
		'formatters' => [
			'line' => [ 'class' => \Monolog\Formatter\LineFormatter::class ],
			'message' => [
				'class' => \Monolog\Formatter\LineFormatter::class,
				'args' => [ "[%datetime%] %message%\n" ],
			],
			'json' => [ 'class' => \Monolog\Formatter\JsonFormatter::class ],
		],
	] ],
];

if ( defined( 'MW_REST_API' ) ) {
	register_shutdown_function( static function () {
		try {
			$user = RequestContext::getMain()->getUser()->getName();
		} catch ( Throwable $e ) {
			$user = null;
		}
		\MediaWiki\Logger\LoggerFactory::getInstance( 'rest' )->info( 'REST request', [
			'method' => $_SERVER['REQUEST_METHOD'] ?? '',
			'uri' => $_SERVER['REQUEST_URI'] ?? '',
			'status' => http_response_code(),
			'user' => $user,
		] );
	} );
}
PHP
}

write_router() {
  cat >"$DIR/router.php" <<'PHP'
<?php
// Router for `php -S`: serves only MediaWiki's web entry points and static assets.
//
// Without a router, php -S runs any .php file under the code folder and sends unknown
// paths to index.php. Here the path is decoded and normalised the way Apache does it
// (%XX decoded, repeated slashes merged, dot segments resolved) and only then matched,
// and the chosen file is run or read by this script itself, so the server can never
// resolve the path to a different file than the one approved here.

const ENTRY_POINTS = ['api', 'rest', 'index', 'load'];
const MIME_TYPES = [
    'css' => 'text/css', 'js' => 'text/javascript',
    'png' => 'image/png', 'gif' => 'image/gif', 'jpg' => 'image/jpeg', 'jpeg' => 'image/jpeg',
    'webp' => 'image/webp', 'svg' => 'image/svg+xml', 'ico' => 'image/x-icon',
    'woff' => 'font/woff', 'woff2' => 'font/woff2', 'ttf' => 'font/ttf',
];
const UPLOAD_DIR = __DIR__ . '/images';

function not_found(): bool {
    http_response_code(404);
    header('Content-Type: text/plain');
    echo "Not Found\n";
    return true;
}

// Decodes and normalises a URL path; null when it cannot name a file.
function normalise(string $raw): ?string {
    $path = rawurldecode($raw);
    if (str_contains($path, "\0") || !str_starts_with($path, '/')) {
        return null;
    }
    $out = [];
    foreach (explode('/', $path) as $seg) {
        if ($seg === '' || $seg === '.') {
            continue;
        }
        if ($seg === '..') {
            if (!$out) {
                return null;
            }
            array_pop($out);
            continue;
        }
        $out[] = $seg;
    }
    $norm = '/' . implode('/', $out);
    // Keep a trailing slash: "/w/rest.php/v1/" differs from "/w/rest.php/v1".
    return (str_ends_with($path, '/') && $norm !== '/') ? $norm . '/' : $norm;
}

function run_entry_point(string $name, string $pathInfo): bool {
    $file = $_SERVER['DOCUMENT_ROOT'] . "/w/$name.php";
    $_SERVER['SCRIPT_NAME'] = "/w/$name.php";
    $_SERVER['SCRIPT_FILENAME'] = $file;
    $_SERVER['PHP_SELF'] = "/w/$name.php" . $pathInfo;
    unset($_SERVER['PATH_INFO'], $_SERVER['PATH_TRANSLATED'], $_SERVER['ORIG_PATH_INFO']);
    if ($pathInfo !== '') {
        $_SERVER['PATH_INFO'] = $pathInfo;
    }
    chdir(dirname($file));
    require $file;
    return true;
}

function serve_static(string $file): bool {
    $ext = strtolower(pathinfo($file, PATHINFO_EXTENSION));
    if (!isset(MIME_TYPES[$ext]) || !is_file($file)) {
        return not_found();
    }
    header('Content-Type: ' . MIME_TYPES[$ext]);
    header('Content-Length: ' . filesize($file));
    if ($_SERVER['REQUEST_METHOD'] !== 'HEAD') {
        readfile($file);
    }
    return true;
}

function route(): bool {
    $path = normalise(explode('?', $_SERVER['REQUEST_URI'], 2)[0]);
    if ($path === null) {
        return not_found();
    }
    if (preg_match('#^/w/([a-z]+)\.php(/.*)?$#D', $path, $m) && in_array($m[1], ENTRY_POINTS, true)) {
        return run_entry_point($m[1], $m[2] ?? '');
    }
    if (str_starts_with($path, '/w/')) {
        return serve_static($_SERVER['DOCUMENT_ROOT'] . $path);
    }
    if (str_starts_with($path, '/images/')) {
        return serve_static(UPLOAD_DIR . substr($path, strlen('/images')));
    }
    return not_found();
}

return route();
PHP
}

start_server() {
  ln -s "$MW" "$DIR/docroot/w"
  write_router
  if curl -s -o /dev/null --max-time 2 "$URL/"; then
    die "something already answers on $URL"
  fi
  # setsid: the server and its workers get a process group of their own (pgid = pid),
  # so stop.sh can end them all, and they outlive this script.
  MW_CONFIG_FILE="$DIR/LocalSettings.php" PHP_CLI_SERVER_WORKERS=4 \
    setsid php -S "127.0.0.1:$PORT" -t "$DIR/docroot" "$DIR/router.php" \
    >"$DIR/logs/php-server.log" 2>&1 </dev/null &
  PID=$!
  echo "$PID" >"$DIR/php.pid"
  wait_for_api
}

wait_for_api() {
  local deadline=$((SECONDS + 30))
  while ((SECONDS < deadline)); do
    # Sleep first: a server that cannot bind the port exits within this time.
    sleep 0.2
    kill -0 "$PID" 2>/dev/null || server_failed "the PHP server exited"
    if curl -fsS -o /dev/null --max-time 5 "$URL/w/api.php?action=query&meta=siteinfo&format=json" 2>/dev/null; then
      return 0
    fi
  done
  server_failed "api.php did not answer within 30 s"
}

server_failed() {
  echo "---- $DIR/logs/php-server.log ----" >&2
  cat "$DIR/logs/php-server.log" >&2 || true
  die "$1"
}

# On any failure after the server started, stop it: a half-made wiki is of no use.
stop_on_failure() {
  local status=$?
  if ((status != 0)) && [[ -n ${PID:-} ]]; then
    kill -- "-$PID" 2>/dev/null || true
  fi
}

create_accounts() {
  READER_PASS=$(random_hex)
  WRITER_PASS=$(random_hex)
  ALICE_PASS=$(random_hex)
  # The account passwords of the bots are never used: they log in with bot passwords.
  maint createAndPromote --force --bot 'Service reader' "$(random_hex)"
  maint createBotPassword --appid gateway --grants "$READER_GRANTS" 'Service reader' "$READER_PASS"
  # sysop too: a bot password's grants only narrow what the account itself may do, and
  # delete, protect, editprotected and rollback need sysop.
  maint createAndPromote --force --bot --sysop 'Service admin' "$(random_hex)"
  maint createBotPassword --appid gateway --grants "$WRITER_GRANTS" 'Service admin' "$WRITER_PASS"
  maint createAndPromote --force Alice "$ALICE_PASS"
}

create_test_page() {
  printf '%s\n' 'The Gateway test page exists so that opensearch and full-text search find something.' \
    >"$DIR/tmp/page.wiki"
  maint edit --user Admin --summary 'mwgate test page' 'Gateway test page' <"$DIR/tmp/page.wiki"
  rm -f "$DIR/tmp/page.wiki"
  # The edit updates the search index at once (no job queue): make sure tests can rely on it.
  api_finds_test_page 'action=opensearch&search=Gateway' || die "opensearch misses the test page"
  api_finds_test_page 'action=query&list=search&srsearch=Gateway' || die "search misses the test page"
}

api_finds_test_page() {
  local out
  out=$(curl -fsS "$URL/w/api.php?format=json&$1") || return 1
  [[ $out == *'Gateway test page'* ]]
}

# The values go through the environment so that no quoting can break the JSON.
write_wiki_json() {
  # shellcheck disable=SC2016,SC2034,SC2269 # the $ are PHP's; the variables are for php
  WIKI_URL="$URL" WIKI_DIR="$DIR" WIKI_PID="$PID" ADMIN_PASS="$ADMIN_PASS" \
    READER_PASS="$READER_PASS" WRITER_PASS="$WRITER_PASS" ALICE_PASS="$ALICE_PASS" \
    php -r '
      $account = fn (string $name, string $pass) => ["username" => $name, "password" => getenv($pass)];
      echo json_encode([
        "url" => getenv("WIKI_URL"),
        "scriptPath" => "/w",
        "dir" => getenv("WIKI_DIR"),
        "pid" => (int) getenv("WIKI_PID"),
        "admin" => $account("Admin", "ADMIN_PASS"),
        "reader" => $account("Service reader@gateway", "READER_PASS"),
        "writer" => $account("Service admin@gateway", "WRITER_PASS"),
        "alice" => $account("Alice", "ALICE_PASS"),
      ], JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES), "\n";
    ' >"$DIR/wiki.json"
  chmod 600 "$DIR/wiki.json"
}

main() {
  parse_args "$@"
  trap stop_on_failure EXIT
  install_wiki
  start_server
  create_accounts
  create_test_page
  write_wiki_json
  echo "$DIR/wiki.json"
}

main "$@"
