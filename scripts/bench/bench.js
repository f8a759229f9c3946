'use strict';
/**
 * `npm run bench`: what each request costs the proxy in front of a wiki that
 * answers at once. Every row runs in one process of its own on 127.0.0.1; wrk
 * (a separate process, C, one thread) drives it with a fixed connection count.
 * Rows are interleaved over rounds so that a noisy neighbour hurts them alike;
 * each figure is the median over rounds.
 *
 * `npm run bench -- --wiki` measures against a real MediaWiki instead
 * (wiki-bench.js). Options: --rounds N, --seconds S, --connections C.
 */
const { execFileSync } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { LAST_KEY, mintAppToken, startGatewayProcess } = require('./gateway');
const { nginxCommand } = require('./nginx');
const { freePort, machine, start, stopAll, waitFor } = require('./processes');
const { measureRows, summarize } = require('./rows');
const { printTable } = require('./table');

const ENGINES = ['http-proxy', 'undici'];
/** The request every row serves: an Action API search, allowed to the last key. */
const PATH = '/w/api.php?action=query&list=search&srsearch=gateway&format=json';
const BASELINE = 'bare http-proxy';
const TARGETS = { cpuRatio: 1.25, rpsRatio: 0.8, rssMb: 150 };

function options(argv) {
  const read = (name, fallback) => {
    const i = argv.indexOf(`--${name}`);
    return i === -1 ? fallback : Number(argv[i + 1]);
  };
  return {
    wiki: argv.includes('--wiki'),
    rounds: read('rounds', 3),
    seconds: read('seconds', 5),
    connections: read('connections', 32),
    connectionsGiven: argv.includes('--connections'),
  };
}

async function main() {
  const opts = options(process.argv.slice(2));
  execFileSync('bash', [join(__dirname, 'install-tools.sh')], { stdio: 'inherit' });
  if (opts.wiki) return require('./wiki-bench').runWikiBench(opts);

  const dir = mkdtempSync(join(tmpdir(), 'mwgate-bench-'));
  const children = [];
  try {
    const rows = await startRows(children, dir);
    await measureRows(rows, opts);
    report(rows, opts);
  } finally {
    await stopAll(children);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Starts the stub and every proxy; returns the rows to measure, in table order. */
async function startRows(children, dir) {
  const stubPort = await freePort();
  const stub = start(children, 'stub wiki', process.execPath, [
    join(__dirname, 'stub-upstream.js'),
    String(stubPort),
  ]);
  const stubUrl = `http://127.0.0.1:${stubPort}`;
  await waitFor(`${stubUrl}/`);

  const bareProxyPort = await freePort();
  const bare = start(children, BASELINE, process.execPath, [
    join(__dirname, 'bare-proxy.js'),
    String(bareProxyPort),
    stubUrl,
  ]);
  const nginxPort = await freePort();
  const nginxRun = nginxCommand(dir, nginxPort, stubPort);
  const nginx = start(children, 'nginx', nginxRun.command, nginxRun.args);

  const rows = [
    { name: 'stub wiki direct', url: stubUrl, pid: undefined },
    { name: BASELINE, url: `http://127.0.0.1:${bareProxyPort}`, pid: bare.pid },
    { name: 'nginx proxy_pass', url: `http://127.0.0.1:${nginxPort}`, pid: nginx.pid },
  ];
  const accounts = {
    reader: { username: 'Bench reader@bench', password: 'bench-password' },
    admin: { username: 'Bench admin@bench', password: 'bench-password' },
  };
  for (const engine of ENGINES) {
    const gw = await startGatewayProcess(children, dir, {
      name: engine,
      engine,
      wikiUrl: stubUrl,
      accounts,
    });
    const token = await mintAppToken(gw.url);
    rows.push(
      { name: `gateway ${engine} anonymous`, url: gw.url, pid: gw.pid },
      { name: `gateway ${engine} ApiKey`, url: gw.url, pid: gw.pid, auth: `ApiKey ${LAST_KEY}` },
      { name: `gateway ${engine} AppToken`, url: gw.url, pid: gw.pid, auth: `AppToken ${token}` },
    );
  }
  for (const row of rows) row.url += PATH;
  return rows;
}

function report(rows, opts) {
  const summary = summarize(rows);
  const base = summary.find((row) => row.name === BASELINE);
  const info = machine();
  process.stdout.write(
    `\nmachine: ${info.cores} cores, ${info.model}; load average at the end: ${info.load}\n` +
      `wrk -t1 -c${opts.connections}, ${opts.rounds} rounds of ${opts.seconds} s per row, ` +
      `medians; CPU = user+system of the proxy process per request\n\n`,
  );
  printTable(summary, base);

  process.stdout.write('\ntargets (ApiKey rows against the bare http-proxy row):\n');
  for (const row of summary.filter((r) => r.name.endsWith('ApiKey'))) {
    const cpuRatio = row.cpu / base.cpu;
    const rpsRatio = row.rps / base.rps;
    const verdict = (ok) => (ok ? 'met' : 'MISSED');
    process.stdout.write(
      `  ${row.name}: CPU/request ${cpuRatio.toFixed(2)}x (<= ${TARGETS.cpuRatio}: ` +
        `${verdict(cpuRatio <= TARGETS.cpuRatio)}), throughput ${rpsRatio.toFixed(2)}x ` +
        `(>= ${TARGETS.rpsRatio}: ${verdict(rpsRatio >= TARGETS.rpsRatio)}), RSS ` +
        `${row.rss.toFixed(0)} MB (< ${TARGETS.rssMb}: ${verdict(row.rss < TARGETS.rssMb)})\n`,
    );
  }
}

main().catch((error) => {
  process.stderr.write(`bench: ${error.stack ?? error}\n`);
  process.exitCode = 1;
});
