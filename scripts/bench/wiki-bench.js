'use strict';
/**
 * `npm run bench -- --wiki`: the gateway in front of a real MediaWiki 1.39
 * (scripts/wiki/create.sh in a temp folder, PHP's built-in server with 4
 * workers). Reports what the gateway adds to the wiki's p50 latency and what
 * share of the wiki's throughput it keeps, per engine and path: anonymous
 * rows against the anonymous direct row, ApiKey rows against a direct row
 * logged in as the same account with the same assertuser.
 */
const { execFileSync } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { LAST_KEY, startGatewayProcess } = require('./gateway');
const { freePort, machine, stopAll } = require('./processes');
const { measureRows, summarize } = require('./rows');

const WIKI_SCRIPTS = join(__dirname, '..', 'wiki');
const ENGINES = ['http-proxy', 'undici'];
/** A cheap Action API call, so that the gateway's share shows; allowed to the last key. */
const PATH = '/w/api.php?action=query&meta=siteinfo&format=json';
/** PHP's built-in server runs 4 workers (create.sh): more connections only queue. */
const WIKI_CONNECTIONS = 4;
const TARGETS = { addedP50Ms: 1, share: 0.97 };

async function runWikiBench(opts) {
  execFileSync('bash', [join(WIKI_SCRIPTS, 'install-packages.sh')], { stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'mwgate-bench-wiki-'));
  const children = [];
  try {
    const infoFile = execFileSync(
      'bash',
      [join(WIKI_SCRIPTS, 'create.sh'), join(dir, 'wiki'), String(await freePort())],
      { encoding: 'utf8' },
    ).trim();
    const wiki = JSON.parse(readFileSync(infoFile, 'utf8'));
    const session = await logIn(wiki.url, wiki.reader);
    const rows = [
      { name: 'wiki direct', url: `${wiki.url}${PATH}` },
      {
        name: 'wiki direct, logged in',
        url: `${wiki.url}${PATH}&assertuser=${encodeURIComponent(session.user)}`,
        headers: { cookie: session.cookie },
      },
    ];
    for (const engine of ENGINES) {
      const gw = await startGatewayProcess(children, dir, {
        name: engine,
        engine,
        wikiUrl: wiki.url,
        accounts: { reader: wiki.reader, admin: wiki.writer },
      });
      rows.push(
        { name: `gateway ${engine} anonymous`, url: `${gw.url}${PATH}`, pid: gw.pid },
        {
          name: `gateway ${engine} ApiKey`,
          url: `${gw.url}${PATH}`,
          pid: gw.pid,
          auth: `ApiKey ${LAST_KEY}`,
        },
      );
    }
    const connections = opts.connectionsGiven ? opts.connections : WIKI_CONNECTIONS;
    await measureRows(rows, { ...opts, connections });
    report(summarize(rows), { ...opts, connections });
  } finally {
    await stopAll(children);
    try {
      execFileSync('bash', [join(WIKI_SCRIPTS, 'stop.sh'), join(dir, 'wiki')], {
        stdio: 'inherit',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

/**
 * Logs the reader account in as the gateway does, so that a direct row costs
 * the wiki the same session work as the gateway's ApiKey rows.
 */
async function logIn(url, account) {
  const api = `${url}/w/api.php`;
  const jar = new Map();
  const keep = (res) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  const cookie = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');

  const tokenRes = await fetch(`${api}?action=query&meta=tokens&type=login&format=json`);
  keep(tokenRes);
  const token = (await tokenRes.json()).query.tokens.logintoken;
  const form = new URLSearchParams({
    action: 'login',
    lgname: account.username,
    lgpassword: account.password,
    lgtoken: token,
    format: 'json',
  });
  const loginRes = await fetch(api, { method: 'POST', body: form, headers: { cookie: cookie() } });
  keep(loginRes);
  const result = (await loginRes.json()).login;
  if (result?.result !== 'Success')
    throw new Error(`bench login failed: ${JSON.stringify(result)}`);
  return { cookie: cookie(), user: account.username.split('@')[0] };
}

function report(summary, opts) {
  const info = machine();
  process.stdout.write(
    `\nmachine: ${info.cores} cores, ${info.model}; load average at the end: ${info.load}\n` +
      `real MediaWiki 1.39 (PHP built-in server, 4 workers), ${PATH}\n` +
      `wrk -t1 -c${opts.connections}, ${opts.rounds} rounds of ${opts.seconds} s per row, medians\n\n` +
      `${'row'.padEnd(30)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ` +
      `${'+p50 ms'.padStart(8)} ${'share'.padStart(6)} ${'non-2xx'.padStart(8)}\n`,
  );
  for (const row of summary) {
    // ApiKey rows run as the logged-in account: compare them with the logged-in direct row.
    const direct =
      row.name.endsWith('ApiKey') || row.name.endsWith('logged in') ? summary[1] : summary[0];
    const added = row.p50 - direct.p50;
    const share = row.rps / direct.rps;
    process.stdout.write(
      `${row.name.padEnd(30)} ${row.rps.toFixed(0).padStart(8)} ${row.p50.toFixed(2).padStart(8)} ` +
        `${row.p99.toFixed(2).padStart(8)} ${added.toFixed(2).padStart(8)} ${share.toFixed(3).padStart(6)} ` +
        `${String(row.bad).padStart(8)}\n`,
    );
  }
  process.stdout.write(
    `\ntargets: added p50 < ${TARGETS.addedP50Ms} ms, share >= ${TARGETS.share}\n`,
  );
}

module.exports = { runWikiBench };
