'use strict';
/** Runs wrk, the load generator, and reads its figures. */
const { execFile } = require('node:child_process');

const UNIT_TO_MS = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

/**
 * One wrk run: `connections` kept-alive connections on one thread for
 * `seconds`, with the headers given. Resolves to requests/s, p50, p99 (ms),
 * the request count and the non-2xx count.
 */
function runWrk({ url, connections, seconds, headers = {} }) {
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency'];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
  args.push(url);
  return new Promise((resolve, reject) => {
    execFile('wrk', args, { timeout: (seconds + 30) * 1000 }, (error, stdout) => {
      if (error) return reject(error);
      resolve(parseWrk(stdout));
    });
  });
}

function parseWrk(text) {
  const latency = (percent) => {
    const match = new RegExp(`^\\s*${percent}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(text);
    return match ? Number(match[1]) * UNIT_TO_MS[match[2]] : NaN;
  };
  const requests = Number(/(\d+) requests in/.exec(text)?.[1] ?? NaN);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(text)?.[1] ?? 0);
  const errors = /Socket errors: (.*)/.exec(text)?.[1];
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(text)?.[1] ?? NaN),
    p50: latency(50),
    p99: latency(99),
    requests,
    non2xx,
    errors,
  };
}

module.exports = { runWrk };
