'use strict';
/**
 * `npm run soak`: pushes at least 1,000,000 requests through the ApiKey path
 * of one gateway in front of the stub wiki, prints its RSS every 100,000
 * requests, and says whether memory stayed flat.
 *
 * Flat: the last sample is at most 1.1 times the first one. The first sample
 * is taken after the first 100,000 requests, which are the warm-up (JIT,
 * keep-alive pools, allocator arenas grown to their working size).
 *
 * Options: --engine http-proxy|undici (default undici, the default engine), --requests N,
 * --connections C.
 */
const { execFileSync } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { LAST_KEY, startGatewayProcess } = require('./gateway');
const { freePort, machine, rssMb, start, stopAll, waitFor } = require('./processes');
const { runWrk } = require('./wrk');

const SAMPLE_EVERY = 100_000;
const FLAT_FACTOR = 1.1;
const SLICE_SECONDS = 2;
const PATH = '/w/api.php?action=query&list=search&srsearch=gateway&format=json';

function option(argv, name, fallback) {
  const i = argv.indexOf(`--${name}`);
  return i === -1 ? fallback : argv[i + 1];
}

async function main() {
  const argv = process.argv.slice(2);
  const engine = option(argv, 'engine', 'undici');
  const total = Number(option(argv, 'requests', 1_000_000));
  const connections = Number(option(argv, 'connections', 32));
  execFileSync('bash', [join(__dirname, 'install-tools.sh')], { stdio: 'inherit' });

  const dir = mkdtempSync(join(tmpdir(), 'mwgate-soak-'));
  const children = [];
  try {
    const stubPort = await freePort();
    start(children, 'stub wiki', process.execPath, [
      join(__dirname, 'stub-upstream.js'),
      String(stubPort),
    ]);
    const stubUrl = `http://127.0.0.1:${stubPort}`;
    await waitFor(`${stubUrl}/`);
    const gw = await startGatewayProcess(children, dir, {
      name: engine,
      engine,
      wikiUrl: stubUrl,
      accounts: {
        reader: { username: 'Soak reader@soak', password: 'soak-password' },
        admin: { username: 'Soak admin@soak', password: 'soak-password' },
      },
    });
    await soak(gw, { engine, total, connections });
  } finally {
    await stopAll(children);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function soak(gw, { engine, total, connections }) {
  const info = machine();
  process.stdout.write(
    `soak: ${total} ApiKey requests through the ${engine} engine, wrk -c${connections}; ` +
      `${info.cores} cores, ${info.model}, load ${info.load}\n` +
      `RSS at start: ${rssMb(gw.pid).toFixed(1)} MB\n`,
  );
  const samples = [];
  let done = 0;
  let failed = 0;
  let next = SAMPLE_EVERY;
  const started = Date.now();
  while (done < total) {
    const run = await runWrk({
      url: `${gw.url}${PATH}`,
      connections,
      seconds: SLICE_SECONDS,
      headers: { authorization: `ApiKey ${LAST_KEY}` },
    });
    done += run.requests;
    failed += run.non2xx;
    while (done >= next) {
      const rss = rssMb(gw.pid);
      samples.push(rss);
      process.stdout.write(`  ${String(done).padStart(9)} requests: RSS ${rss.toFixed(1)} MB\n`);
      next += SAMPLE_EVERY;
    }
  }

  const first = samples[0];
  const last = samples[samples.length - 1];
  const flat = last <= first * FLAT_FACTOR;
  const seconds = (Date.now() - started) / 1000;
  process.stdout.write(
    `${done} requests in ${seconds.toFixed(0)} s (${(done / seconds).toFixed(0)}/s), ` +
      `${failed} not 2xx; RSS first ${first.toFixed(1)} MB, last ${last.toFixed(1)} MB, ` +
      `max ${Math.max(...samples).toFixed(1)} MB: ` +
      `${flat ? 'flat' : 'NOT flat'} (last <= first x ${FLAT_FACTOR}); load ${machine().load}\n`,
  );
  if (!flat || failed > 0) process.exitCode = 1;
}

main().catch((error) => {
  process.stderr.write(`soak: ${error.stack ?? error}\n`);
  process.exitCode = 1;
});
