#!/usr/bin/env bash
# npm run demo: a local MediaWiki 1.39 (Debian packages, PHP's built-in server,
# SQLite, all state in .demo/) with two service accounts, and mwgate in front
# of it. Prints curl lines that show what the gateway allows and refuses.
set -euo pipefail

cd "$(dirname "$0")/.."
readonly DEMO=$PWD/.demo
readonly WIKI_PORT=${DEMO_WIKI_PORT:-8081}
readonly GATEWAY_PORT=${DEMO_GATEWAY_PORT:-8080}
readonly ADMIN_PORT=${DEMO_ADMIN_PORT:-9090}
readonly GW=http://127.0.0.1:$GATEWAY_PORT

random_hex() { od -An -N16 -tx1 /dev/urandom | tr -d ' \n'; }
json_field() { node -e 'process.stdout.write(String(require(process.argv[1])[process.argv[2]][process.argv[3]]))' "$@"; }

start_wiki() {
  bash scripts/wiki/install-packages.sh
  if [[ -f $DEMO/wiki/wiki.json ]] && curl -fsS -o /dev/null "http://127.0.0.1:$WIKI_PORT/w/api.php"; then
    echo "demo: reusing the wiki in $DEMO/wiki"
    return
  fi
  [[ -d $DEMO/wiki ]] && bash scripts/wiki/stop.sh "$DEMO/wiki" && rm -rf "$DEMO/wiki"
  mkdir -p "$DEMO"
  # Links and redirects point at the gateway: browsers use the wiki through it.
  WIKI_SERVER_URL=$GW bash scripts/wiki/create.sh "$DEMO/wiki" "$WIKI_PORT" >/dev/null
  echo "demo: wiki running at http://127.0.0.1:$WIKI_PORT/w (state in $DEMO/wiki)"
}

# Secrets live in .demo/env (git ignores .demo); the config only names them.
write_config() {
  local info=$DEMO/wiki/wiki.json
  if [[ ! -f $DEMO/keys.env ]]; then
    cat >"$DEMO/keys.env" <<ENV
export MWGATE_SALT=$(random_hex)
export MWGATE_CHATBOT_KEY=$(random_hex)
export MWGATE_ISSUER_KEY=$(random_hex)
ENV
  fi
  cat >"$DEMO/env" <<ENV
source "$DEMO/keys.env"
export MWGATE_READER_PASSWORD=$(json_field "$info" reader password)
export MWGATE_ADMIN_PASSWORD=$(json_field "$info" writer password)
ENV
  cat >"$DEMO/gateway.yaml" <<YAML
listen: { host: 127.0.0.1, port: $GATEWAY_PORT }
admin: { host: 127.0.0.1, port: $ADMIN_PORT }
wiki: { url: "http://127.0.0.1:$WIKI_PORT", scriptPath: /w }
salt: \${MWGATE_SALT}
accounts:
  reader: { username: "$(json_field "$info" reader username)", password: "\${MWGATE_READER_PASSWORD}" }
  admin: { username: "$(json_field "$info" writer username)", password: "\${MWGATE_ADMIN_PASSWORD}" }
apiKeys:
  - id: chatbot
    key: \${MWGATE_CHATBOT_KEY}
    account: reader
    allowFrom: [127.0.0.1, "::1"]
    actionModules: [opensearch, query+search]
    restRoutes: ["GET /v1/search/page"]
  - id: deployer
    key: \${MWGATE_ISSUER_KEY}
    account: reader
    allowFrom: [127.0.0.1, "::1"]
    issueAppTokens: true
appTokens: { account: admin, ttlSeconds: 60 }
YAML
}

print_curl_lines() {
  # shellcheck source=/dev/null
  source "$DEMO/env"
  cat <<TXT

mwgate demo: gateway on $GW, health on http://127.0.0.1:$ADMIN_PORT/readyz
Browse the wiki through it: $GW/w/index.php

Allowed (opensearch is on the chatbot key's list):
  curl -s -H 'Authorization: ApiKey $MWGATE_CHATBOT_KEY' '$GW/w/api.php?action=opensearch&search=Gateway&format=json'

Refused (edit is not; 403 service-token-not-allowed):
  curl -s -H 'Authorization: ApiKey $MWGATE_CHATBOT_KEY' '$GW/w/api.php?action=edit&title=Demo&text=x&format=json'

An edit with an app token (the deployer key mints it; it acts as Service admin for 60 s):
  WRAPPER=\$(curl -s -H 'Authorization: ApiKey $MWGATE_ISSUER_KEY' $GW/w/rest.php/mws/v1/app-token/generate | node -pe 'JSON.parse(require("fs").readFileSync(0)).value')
  TOKEN=\$(echo "\$WRAPPER" | base64 -d | node -pe 'JSON.parse(require("fs").readFileSync(0)).token')
  CSRF=\$(curl -s -H "Authorization: AppToken \$TOKEN" '$GW/w/api.php?action=query&meta=tokens&format=json' | node -pe 'JSON.parse(require("fs").readFileSync(0)).query.tokens.csrftoken')
  curl -s -H "Authorization: AppToken \$TOKEN" $GW/w/api.php --data-urlencode action=edit --data-urlencode title=Demo --data-urlencode 'text=Edited through mwgate' --data-urlencode "token=\$CSRF" --data-urlencode format=json

Stop with Ctrl-C; the wiki keeps running (stop it: bash scripts/wiki/stop.sh .demo/wiki).

TXT
}

start_wiki
write_config
print_curl_lines
# shellcheck source=/dev/null
source "$DEMO/env"
exec node dist/cli.js serve --config "$DEMO/gateway.yaml"
