import { Writable } from 'node:stream';
import { stringify } from 'yaml';
import { liveConfig } from '../../src/config/config-changes';
import { parseConfig } from '../../src/config/load';
import { ConfigError } from '../../src/config/types';
import { censorSecrets, createLogger, loggablePath } from '../../src/observability/logger';

const base = (extra: Record<string, unknown> = {}) => ({
  wiki: { url: 'http://127.0.0.1:8081' },
  salt: 'test-salt',
  accounts: { reader: { username: 'Reader@gw', password: 'p' } },
  ...extra,
});
const parse = (extra: Record<string, unknown> = {}) =>
  parseConfig(stringify(base(extra)), 'test', {});

function problemsOf(extra: Record<string, unknown>): readonly string[] {
  try {
    parse(extra);
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
}

describe('log, reload and shutdown settings', () => {
  it('default to access lines at info, a 2 s poll and a 25 s drain', () => {
    const config = parse();
    expect(config.log).toEqual({ level: 'info', accessLevel: 'info' });
    expect(config.reload).toEqual({ watchMs: 2000 });
    expect(config.shutdown).toEqual({ drainMs: 25_000 });
  });

  it('read seconds into milliseconds', () => {
    const config = parse({ reload: { watchSeconds: 0 }, shutdown: { drainSeconds: 1.5 } });
    expect(config.reload.watchMs).toBe(0);
    expect(config.shutdown.drainMs).toBe(1500);
  });

  it.each([
    [{ log: { accessLevel: 'loud' } }, 'log.accessLevel: must be one of'],
    [{ reload: { watchSeconds: -1 } }, 'reload.watchSeconds: must be >= 0'],
    [{ shutdown: { drainSeconds: 'soon' } }, 'shutdown.drainSeconds: must be number'],
    [{ shutdown: { graceSeconds: 3 } }, 'shutdown.graceSeconds: unknown key'],
  ])('refuses %j', (extra, problem) => {
    expect(problemsOf(extra).join('\n')).toContain(problem);
  });
});

describe('a reloaded config', () => {
  it('keeps the running listeners, wiki address and store, and names them', () => {
    const current = parse();
    const next = parse({
      listen: { port: 8081 },
      wiki: { url: 'http://127.0.0.1:9999', scriptPath: '/wiki' },
      store: { type: 'memory', maxEntries: 5 },
      log: { level: 'debug' },
    });
    const { config, changes } = liveConfig(current, next);

    expect(changes.needRestart).toEqual(['listen', 'wiki.url', 'store']);
    expect(config.listen).toEqual(current.listen);
    expect(config.wiki).toMatchObject({ url: 'http://127.0.0.1:8081', scriptPath: '/wiki' });
    expect(config.store).toEqual(current.store);
    expect(config.log.level).toBe('debug');
    expect(Object.isFrozen(config)).toBe(true);
  });
});

describe('the logger', () => {
  const SECRET = 'do-not-log-me-0123456789';

  it.each([
    [{ password: SECRET }],
    [{ account: { password: SECRET } }],
    [{ err: { headers: { cookie: SECRET } } }],
    [{ err: { config: { url: SECRET } } }],
    [{ req: { headers: { authorization: SECRET } } }],
    [{ res: { headers: { 'set-cookie': [SECRET] } } }],
    [{ form: { lgpassword: SECRET } }],
    [{ key: SECRET, token: SECRET, salt: SECRET, secret: SECRET }],
  ])('censors a secret field in %j', (fields) => {
    let output = '';
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        output += chunk.toString('utf8');
        done();
      },
    });
    createLogger('info', sink).info(fields, 'something happened');

    expect(output).toContain('something happened');
    expect(output).not.toContain(SECRET);
  });

  it.each([
    ['/w/api.php?action=login&lgpassword=x', '/w/api.php'],
    ['/w/rest.php/mws/v1/user-token/verify/abc', '/w/rest.php/mws/v1/user-token/verify/[redacted]'],
    [
      '/w/rest.php/mws/v1/app-token/verify/abc?x=1',
      '/w/rest.php/mws/v1/app-token/verify/[redacted]',
    ],
    ['GET /mws/v1/user-token/verify/abc', 'GET /mws/v1/user-token/verify/[redacted]'],
    ['/w/rest.php/v1/page/Main_Page', '/w/rest.php/v1/page/Main_Page'],
    [
      '/w/rest.php/mws/v1/app-token/verif%79/8727c8bee0e210a4aa939087d29e4f09',
      '/w/rest.php/mws/v1/app-token/verif%79/[redacted]',
    ],
    [
      '/w/rest.php/mws/v1/app-token%2Fverify/8727C8BEE0E210A4AA939087D29E4F09',
      '/w/rest.php/mws/v1/app-token%2Fverify/[redacted]',
    ],
  ])('logs the path %p as %p', (path, logged) => {
    expect(loggablePath(path)).toBe(logged);
  });
});

describe('censorSecrets', () => {
  it('returns an object without secrets as it is, without copying', () => {
    const event = { reqId: 'a', keyId: 'k', api: 'action', granted: true };
    expect(censorSecrets(event)).toBe(event);
  });

  it('censors an Error and keeps what the error serializer reads', () => {
    const error = Object.assign(new Error('boom'), { headers: { cookie: 'c=1' } });
    const censored = censorSecrets({ err: error }).err as unknown as Record<string, any>;
    expect(censored).toMatchObject({ message: 'boom', headers: { cookie: '[redacted]' } });
    expect(error.headers.cookie).toBe('c=1');
  });
});
