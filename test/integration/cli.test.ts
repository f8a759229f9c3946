import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST_CLI } from '../helpers/child-gateway';

const VERSION = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'))
  .version as string;

/** Runs the built `mwgate` with `args`, `stdin` piped in. */
function mwgate(args: string[], stdin = '') {
  const run = spawnSync(process.execPath, [DIST_CLI, ...args], {
    input: stdin,
    encoding: 'utf8',
    env: { PATH: process.env.PATH },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('the mwgate command line', () => {
  it('prints its usage with every command on --help', () => {
    const { code, stdout, stderr } = mwgate(['--help']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    for (const command of ['serve', 'check-config', 'hash-key', 'gen-key']) {
      expect(stdout).toContain(`  ${command}`);
    }
  });

  it('prints the package version on --version', () => {
    expect(mwgate(['--version'])).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it.each([
    ['a key with a final newline', 'my-service-key-0123456789\n'],
    ['a key with a final CRLF', 'my-service-key-0123456789\r\n'],
    ['a key without a newline', 'my-service-key-0123456789'],
  ])('hash-key prints the keySha256 of %s', (_name, stdin) => {
    expect(mwgate(['hash-key'], stdin)).toEqual({
      code: 0,
      stdout: `${sha256('my-service-key-0123456789')}\n`,
      stderr: '',
    });
  });

  it('gen-key prints a new key and its digest, different each time', () => {
    const first = mwgate(['gen-key']);
    const second = mwgate(['gen-key']);
    const [, key, digest] = /^key: (\S+)\nkeySha256: ([0-9a-f]{64})\n$/.exec(first.stdout) ?? [];

    expect(first.code).toBe(0);
    expect(key.length).toBeGreaterThanOrEqual(43);
    expect(digest).toBe(sha256(key));
    expect(mwgate(['hash-key'], `${key}\n`).stdout).toBe(`${digest}\n`);
    expect(second.stdout).not.toBe(first.stdout);
  });

  it.each([
    ['an unknown command', ['frobnicate'], '', 2, 'unknown command "frobnicate"'],
    ['an unknown option', ['--frobnicate'], '', 2, 'unknown option "--frobnicate"'],
    ['--config without a file', ['--config'], '', 2, '--config needs a file'],
    ['a short key', ['hash-key'], 'short\n', 1, 'a key needs at least 16'],
    ['an empty stdin', ['hash-key'], '', 1, 'has 0 characters'],
    ['a missing config', ['check-config', '/nonexistent.yaml'], '', 1, 'cannot read the file'],
    ['serve without config', ['serve', '--config', '/nonexistent.yaml'], '', 1, 'ENOENT'],
  ])('fails on %s with a message on stderr', (_name, args, stdin, code, message) => {
    const run = mwgate(args, stdin);
    expect(run.code).toBe(code);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
  });
});
