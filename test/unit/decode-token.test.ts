import { decodeToken } from '../../src/commands/decode-token';
import { UsageError } from '../../src/commands/command';

const VECTOR =
  'eyJ2ZXJpZnlDYWxsYmFjayI6Ilwvd1wvcmVzdC5waHAiLCJ0b2tlbiI6IjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5' +
  'YWJjZGVmIiwic2lnIjoiYjY5ODc3M2U3MDY0N2ViMDE2ZGY5ZGJmNTVkOTAyZDFjMGIwMjY0OTkzZDdjZmEzYTVmMmRj' +
  'OWY3ZTcxNmJjZCJ9';

async function run(args: string[], env: NodeJS.ProcessEnv) {
  let out = '';
  let err = '';
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  try {
    const code = await decodeToken.run({ args, env, configFile: 'unused.yaml' });
    return { code, out, err };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe('mwgate decode-token', () => {
  it('prints token, callback and a valid signature, exit 0', async () => {
    const result = await run(['--salt-env', 'SALT', VECTOR], { SALT: 's3cr3t-salt' });
    expect(result).toEqual({
      code: 0,
      out:
        'token: 0123456789abcdef0123456789abcdef\n' +
        'verifyCallback: /w/rest.php\n' +
        'signature: valid\n',
      err: '',
    });
  });

  it('says the signature fails under another salt, exit 1', async () => {
    const result = await run([`--salt-env=SALT`, VECTOR], { SALT: 'other' });
    expect(result.code).toBe(1);
    expect(result.out).toContain('signature: INVALID');
  });

  it('refuses what is not a wrapper, exit 1', async () => {
    const result = await run(['--salt-env', 'SALT', 'bm90IGpzb24='], { SALT: 's' });
    expect(result.code).toBe(1);
    expect(result.err).toContain('not a wrapper');
  });

  it.each([
    [['--salt-env', 'SALT'], { SALT: 's' }, 'exactly one WRAPPER'],
    [[VECTOR], { SALT: 's' }, 'needs --salt-env VAR'],
    [['--salt-env', 'NOPE', VECTOR], {}, 'NOPE is not set or empty'],
    [['--salt-env', 'SALT', VECTOR], { SALT: '' }, 'SALT is not set or empty'],
  ])('refuses %p as a usage mistake', async (args, env, message) => {
    await expect(run(args, env)).rejects.toThrow(UsageError);
    await expect(run(args, env)).rejects.toThrow(message);
  });
});
