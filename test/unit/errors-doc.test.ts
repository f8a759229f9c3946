import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERRORS } from '../../src/errors';

const ROW = /^\| `([a-z-]+)` \| (\d{3}) \|/;

function documented(): Map<string, number> {
  const text = readFileSync(join(__dirname, '..', '..', 'docs', 'errors.md'), 'utf8');
  const rows = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = ROW.exec(line);
    if (match) rows.set(match[1], Number(match[2]));
  }
  return rows;
}

describe('docs/errors.md', () => {
  it('lists every error code with its status', () => {
    const rows = documented();
    for (const [code, spec] of Object.entries(ERRORS))
      expect([code, rows.get(code)]).toEqual([code, spec.status]);
  });

  it('lists no code the gateway does not have', () => {
    expect([...documented().keys()].filter((code) => !(code in ERRORS))).toEqual([]);
  });
});
