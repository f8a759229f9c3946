'use strict';
/** Measuring rows: each a URL served by a process, driven by wrk, interleaved over rounds. */
const { cpuMicros, rssMb, waitFor } = require('./processes');
const { runWrk } = require('./wrk');

const WARMUP_SECONDS = 2;

/** A row's request headers: `headers` as given, `auth` as Authorization. */
function headersOf(row) {
  return row.auth ? { ...row.headers, authorization: row.auth } : (row.headers ?? {});
}

/** A row that answers anything but 200 would measure refusals: stop early. */
async function assertServes(row) {
  await waitFor(row.url, 200, headersOf(row));
}

/**
 * Warms every row up, then measures each once per round; the order rotates
 * each round so that no row always follows the same one. Runs land in `row.runs`.
 */
async function measureRows(rows, opts) {
  for (const row of rows) {
    await assertServes(row);
    row.runs = [];
    await runWrk({
      url: row.url,
      connections: opts.connections,
      seconds: WARMUP_SECONDS,
      headers: headersOf(row),
    });
  }
  for (let round = 0; round < opts.rounds; round++) {
    const order = rows.map((_, i) => rows[(i + round) % rows.length]);
    for (const row of order) row.runs.push(await measure(row, opts));
    process.stderr.write(`bench: round ${round + 1}/${opts.rounds} done\n`);
  }
}

/** One wrk run, with the CPU the row's process spent on it and its RSS after. */
async function measure(row, opts) {
  const cpuBefore = row.pid ? cpuMicros(row.pid) : 0;
  const result = await runWrk({
    url: row.url,
    connections: opts.connections,
    seconds: opts.seconds,
    headers: headersOf(row),
  });
  const cpu = row.pid ? cpuMicros(row.pid) - cpuBefore : NaN;
  return { ...result, cpuPerRequest: cpu / result.requests, rss: row.pid ? rssMb(row.pid) : NaN };
}

function median(values) {
  const sorted = values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Medians over rounds; RSS is the largest seen; `bad` counts answers that were not 2xx. */
function summarize(rows) {
  return rows.map((row) => ({
    name: row.name,
    rps: median(row.runs.map((run) => run.rps)),
    p50: median(row.runs.map((run) => run.p50)),
    p99: median(row.runs.map((run) => run.p99)),
    cpu: median(row.runs.map((run) => run.cpuPerRequest)),
    rss: Math.max(...row.runs.map((run) => run.rss)),
    bad: row.runs.reduce((sum, run) => sum + run.non2xx, 0),
  }));
}

module.exports = { measureRows, summarize };
