'use strict';
/** The gateway under benchmark: its gateway.yaml (a realistic key list) and its process. */
const { writeFileSync } = require('node:fs');

const KEY_COUNT = 50;
const MODULES = [
  'opensearch',
  'parse',
  'query+info',
  'query+revisions',
  'query+categories',
  'query+links',
  'query+allpages',
  'query+recentchanges',
  'query+siteinfo',
  'query+search',
];
const ROUTES = [
  'GET /v1/page/{title}',
  'GET /v1/page/{title}/html',
  'GET /v1/page/{title}/history',
  'GET /v1/page/{title}/links/media',
  'GET /v1/revision/{id}',
  'GET /v1/revision/{id}/html',
  'GET /v1/search/title',
  'GET /v1/search/page',
  'GET /v1/file/{title}',
  'GET /mws/v1/user-token/verify/**',
];

/** The secret of key `i`; the benchmark uses the last one, the worst case for the lookup. */
function benchKey(i) {
  return `bench-key-${String(i).padStart(2, '0')}-0123456789abcdef`;
}
const LAST_KEY = benchKey(KEY_COUNT - 1);

/**
 * Writes the config (JSON is YAML) and returns its path. 50 keys, each with 10
 * modules and 10 routes; the last may issue app tokens.
 */
function writeGatewayConfig(file, { port, adminPort, wikiUrl, engine, accounts, workers }) {
  const apiKeys = [];
  for (let i = 0; i < KEY_COUNT; i++) {
    apiKeys.push({
      id: `key-${i}`,
      key: benchKey(i),
      account: 'reader',
      allowFrom: ['127.0.0.0/8', '::1/128'],
      actionModules: MODULES,
      restRoutes: ROUTES,
      issueAppTokens: i === KEY_COUNT - 1,
    });
  }
  const config = {
    listen: { host: '127.0.0.1', port },
    admin: { host: '127.0.0.1', port: adminPort },
    wiki: { url: wikiUrl, scriptPath: '/w', sessionCheckSeconds: 3600 },
    salt: 'bench-salt',
    accounts,
    apiKeys,
    appTokens: { account: 'admin', ttlSeconds: 3600 },
    proxy: { engine },
    workers: workers ?? 1,
    log: { level: 'info' },
  };
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

const { join } = require('node:path');
const { freePort, start, waitFor } = require('./processes');

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

/**
 * Starts `mwgate serve` (from dist/: run `npm run build` first) as a child
 * and waits until it is ready. Returns its pid and URLs.
 */
async function startGatewayProcess(children, dir, options) {
  const port = await freePort();
  const adminPort = await freePort();
  const file = writeGatewayConfig(join(dir, `gateway-${options.name}.yaml`), {
    ...options,
    port,
    adminPort,
  });
  const child = start(
    children,
    `gateway ${options.name}`,
    process.execPath,
    [...(options.nodeArgs ?? []), CLI, 'serve', '--config', file],
    { cwd: dir },
  );
  const adminUrl = `http://127.0.0.1:${adminPort}`;
  await waitFor(`${adminUrl}/readyz`);
  return { pid: child.pid, url: `http://127.0.0.1:${port}`, adminUrl };
}

/** Mints an app token with the last key, as a client of the original component would. */
async function mintAppToken(url) {
  const res = await fetch(`${url}/w/rest.php/mws/v1/app-token/generate`, {
    headers: { authorization: `ApiKey ${LAST_KEY}` },
  });
  const { value } = await res.json();
  return JSON.parse(Buffer.from(value, 'base64').toString('utf8')).token;
}

module.exports = { writeGatewayConfig, startGatewayProcess, mintAppToken, LAST_KEY };
