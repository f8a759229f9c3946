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
    expect(config.limits).toMatchObject({ headersTimeoutMs: 20_000, requestTimeoutMs: 60_000 });
    expect(config.apiKeys[0].rateLimit).toBeUndefined();
  });

  it('gives keys without a rateLimit the default one', () => {
    const config = withKey({}) as ReturnType<typeof base> & Record<string, unknown>;
    config.limits = { keyRateLimit: { perSecond: 5, burst: 10 } };
    (config.apiKeys as Record<string, unknown>[]).push({
      ...config.apiKeys[0],
      id: 'own',
      key: 'o'.repeat(32),
      rateLimit: { perSecond: 1, burst: 2 },
    });
    const parsed = parseConfig(stringify(config), 'test', {});
    expect(parsed.apiKeys.map((key) => key.rateLimit)).toEqual([
      { perSecond: 5, burst: 10 },
      { perSecond: 1, burst: 2 },
    ]);
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
      'salt: required (non-empty) when a key has issueAppTokens (bot): app tokens come in a signed wrapper',
    ],
    [
      { ...withKey({ issueAppTokens: false }), salt: '' },
      'salt: required (non-empty) while user tokens are served: user-token/generate?withIssuer=1 ' +
        'answers a signed wrapper (set userTokens.enabled: false to serve no user tokens)',
    ],
    [
      { ...withKey({ issueAppTokens: false }), salt: undefined },
      'salt: required (non-empty) while user tokens are served: user-token/generate?withIssuer=1 ' +
        'answers a signed wrapper (set userTokens.enabled: false to serve no user tokens)',
    ],
    [
      { ...base(), tokenEndpoints: { generatePerMinute: 0 } },
      'tokenEndpoints.generatePerMinute: must be >= 1',
    ],
    [{ ...base(), userTokens: { singleUse: 'yes' } }, 'userTokens.singleUse: must be boolean'],
    [
      { ...base(), appTokens: { account: 'ghost' } },
      'appTokens.account: no account named "ghost" in accounts',
    ],
    [{ ...base(), salt: '${NOPE}' }, 'salt: environment variable NOPE is not set'],
    [{ ...base(), listen: { port: 70000 } }, 'listen.port: must be <= 65535'],
    [{ ...base(), store: { type: 'redis' } }, 'store.url: required when store.type is redis'],
    [
      { ...base(), limits: { headersTimeoutSeconds: 90 } },
      'limits.headersTimeoutSeconds: must not exceed limits.requestTimeoutSeconds',
    ],
    [
      withKey({ rateLimit: { perSecond: 0, burst: 1 } }),
      'apiKeys[0].rateLimit.perSecond: must be > 0',
    ],
    [withKey({ rateLimit: { perSecond: 1 } }), 'apiKeys[0].rateLimit.burst: required'],
    [{ ...base(), limits: { maxParams: 1001 } }, 'limits.maxParams: must be <= 1000'],
    [
      { ...base(), limits: { maxBodyBytes: 8 * 1024 * 1024 + 1 } },
      'limits.maxBodyBytes: must be <= 8388608',
    ],
  ])('%#: reports %p', (config, problem) => {
    expect(problemsOf(config)).toContain(problem);
  });

  it('starts without a salt when no wrapper can be asked for', () => {
    const config = {
      ...withKey({ issueAppTokens: false }),
      salt: '',
      userTokens: { enabled: false },
    };
    expect(problemsOf(config)).toEqual([]);
  });

  it('fills in the token endpoint defaults', () => {
    const config = parseConfig(stringify(base()), 'test', {});
    expect(config.userTokens).toEqual({
      ttlSeconds: 10,
      allowAnonymous: false,
      enabled: true,
      singleUse: false,
    });
    expect(config.tokenEndpoints).toEqual({
      verifyRequiresKey: false,
      generatePerMinute: 60,
      generateBurst: 20,
    });
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
