import { stringify } from 'yaml';
import { parseConfig } from '../../src/config/load';
import { ConfigError } from '../../src/config/types';

const KEY = 'k'.repeat(32);
const base = () => ({
  wiki: { url: 'http://127.0.0.1:8081' },
  salt: 'pepper',
  accounts: {
    reader: { username: 'Reader@gw', password: 'p' },
    admin: { username: 'Admin@gw', password: 'q' },
  },
  apiKeys: [
    {
      id: 'bot',
      key: KEY,
      account: 'reader',
      allowFrom: ['10.0.0.0/8'],
      actionModules: ['opensearch', 'ApiQuerySearch'],
      restRoutes: ['GET /v1/page/{title}'],
      issueAppTokens: true,
    },
  ],
  appTokens: { account: 'admin' },
});

function problemsOf(config: unknown, env: NodeJS.ProcessEnv = {}): readonly string[] {
  try {
    parseConfig(stringify(config), 'test', env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

function withKey(change: Record<string, unknown>) {
  const config = base();
  Object.assign(config.apiKeys[0], change);
  return config;
}

describe('parseConfig', () => {
  it('accepts a valid config and fills in defaults', () => {
    const config = parseConfig(stringify(base()), 'test', {});
    expect(config.listen).toEqual({ host: '0.0.0.0', port: 8080 });
    expect(config.wiki.scriptPath).toBe('/w');
    expect(config.appTokens.ttlSeconds).toBe(10);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('takes ${VAR} from the environment after parsing', () => {
    const config = base();
    config.salt = '${SALT}';
    const parsed = parseConfig(stringify(config), 'test', { SALT: 'a: b # c' });
    expect(parsed.salt).toBe('a: b # c');
  });

  it.each([
    [{ ...base(), extra: 1 }, 'extra: unknown key'],
    [
      withKey({ allowFrom: ['10.0.0.300'] }),
      'apiKeys[0].allowFrom[0]: "10.0.0.300" is not an address or CIDR range',
    ],
    [withKey({ account: 'nobody' }), 'apiKeys[0].account: no account named "nobody" in accounts'],
    [
      withKey({ allowFrom: [] }),
      'apiKeys[0].allowFrom: required; list the addresses that may use this key (0.0.0.0/0 and ::/0 for any)',
    ],
    [
      withKey({ keySha256: 'ab' }),
      'apiKeys[0].keySha256: must be 64 hex characters (the SHA-256 of the key)',
    ],
    [
      withKey({ actionModules: ['logout'] }),
      'apiKeys[0].actionModules[0]: "logout" acts on the shared session and is never allowed',
    ],
    [
      withKey({ restRoutes: ['GET /v1/**/x'] }),
      'apiKeys[0].restRoutes[0]: "GET /v1/**/x": "**" may stand only as the last segment',
    ],
    [withKey({ frob: true }), 'apiKeys[0].frob: unknown key'],
    [
      { ...base(), salt: '' },
      'salt: required (non-empty) when a key has issueAppTokens: app tokens are signed',
    ],
    [
      { ...base(), appTokens: { account: 'ghost' } },
      'appTokens.account: no account named "ghost" in accounts',
    ],
    [{ ...base(), salt: '${NOPE}' }, 'salt: environment variable NOPE is not set'],
    [{ ...base(), listen: { port: 70000 } }, 'listen.port: must be <= 65535'],
    [{ ...base(), store: { type: 'redis' } }, 'store.url: required when store.type is redis'],
    [{ ...base(), limits: { maxParams: 1001 } }, 'limits.maxParams: must be <= 1000'],
    [
      { ...base(), limits: { maxBodyBytes: 8 * 1024 * 1024 + 1 } },
      'limits.maxBodyBytes: must be <= 8388608',
    ],
  ])('%#: reports %p', (config, problem) => {
    expect(problemsOf(config)).toContain(problem);
  });

  it('reports a key id used twice', () => {
    const config = base();
    config.apiKeys.push({ ...config.apiKeys[0], key: 'z'.repeat(32) });
    expect(problemsOf(config)).toContain('apiKeys[1].id: "bot" is already the id of apiKeys[0]');
  });

  it('reports every problem at once', () => {
    const config = withKey({ allowFrom: ['nope'], account: 'ghost' }) as Record<string, unknown>;
    config.extra = true;
    expect(problemsOf(config)).toHaveLength(3);
  });

  it('reports YAML syntax errors without a stack trace', () => {
    expect(() => parseConfig('a: [', 'test', {})).toThrow(ConfigError);
  });
});

describe('parseConfig on broken YAML', () => {
  it.each([
    ['a: &x [*x]\n', 'a[0]: a YAML alias refers to a node that contains it'],
    ['a: &x\n  b: *x\n', 'a.b: a YAML alias refers to a node that contains it'],
    ['', '(top): the file is empty; see gateway.yaml for an example'],
    ['wiki: { url: x\n', expect.stringMatching(/^YAML line 2, column 1: /)],
  ])('reports %p as %p', (text, problem) => {
    try {
      parseConfig(text, 'test', {});
      throw new Error('accepted');
    } catch (error) {
      expect((error as ConfigError).problems).toContainEqual(problem);
    }
  });
});
