'use strict';
/** The benchmark's table: one row a proxy, with ratios to the baseline row. */

const COLUMNS = [
  ['row', 30],
  ['req/s', 9],
  ['p50 ms', 8],
  ['p99 ms', 8],
  ['CPU us/req', 11],
  ['RSS MB', 7],
  ['req/s x', 8],
  ['CPU x', 7],
  ['non-2xx', 8],
];

function cell(value, width, digits = 0) {
  const text =
    typeof value === 'number' ? (Number.isNaN(value) ? '-' : value.toFixed(digits)) : value;
  return text.padStart(width);
}

/** Prints `summary` rows ({name, rps, p50, p99, cpu, rss, bad}); ratios against `base`. */
function printTable(summary, base) {
  const header = COLUMNS.map(([name, width], i) =>
    i === 0 ? name.padEnd(width) : name.padStart(width),
  );
  const lines = [header.join(' ')];
  for (const row of summary) {
    lines.push(
      [
        row.name.padEnd(COLUMNS[0][1]),
        cell(row.rps, 9),
        cell(row.p50, 8, 2),
        cell(row.p99, 8, 2),
        cell(row.cpu, 11, 1),
        cell(row.rss, 7),
        cell(base ? row.rps / base.rps : NaN, 8, 2),
        cell(base ? row.cpu / base.cpu : NaN, 7, 2),
        cell(row.bad, 8),
      ].join(' '),
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

module.exports = { printTable };
