import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readComponentSettings } from '../../src/migrate/component-settings';
import { importSettings } from '../../src/migrate/gateway-settings';
import { builtInResolver } from '../../src/migrate/module-resolver';

const FIXTURES = join(__dirname, '..', 'fixtures', 'local-settings');

function importFixture(name: string) {
  const source = readFileSync(join(FIXTURES, name), 'utf8');
  const { settings, problems } = readComponentSettings(source);
  const imported = importSettings(settings, { scriptPath: '/w', resolveModule: builtInResolver });
  return { ...imported, problems };
}

describe('import-settings', () => {
  it('imports a 1.x single token: digest, CIDR, classes, prefixes, app tokens', () => {
    const { config, problems } = importFixture('v1.php');
    expect(problems).toEqual([]);
    expect(config.accounts).toEqual({
      'chatbot-service-user': {
        username: 'ChatBot service user@gateway',
        password: '${MWGATE_CHATBOT_SERVICE_USER_PASSWORD}',
      },
    });
    expect(config.apiKeys).toEqual([
      {
        id: 'service',
        account: 'chatbot-service-user',
        // sha256('api_test_8f42d1a6e0b34b78a2f1c3de9b123abc')
        keySha256: 'e5b2f0e5f2a68b2d44d644fa4831887a58afb5a77acbca7b4db0f3d55109f32e',
        allowFrom: ['10.0.0.0/8'],
        actionModules: ['opensearch', 'query'],
        restRoutes: ['/chatintegration/**', '/mws/v1/user-token/verify/**'],
        issueAppTokens: true,
      },
    ]);
    expect(config.appTokens).toEqual({ account: 'chatbot-service-user' });
    expect(config.salt).toBe('${MWGATE_SALT}');
    expect(JSON.stringify(config)).not.toContain('api_test_8f42');
    expect(JSON.stringify(config)).not.toContain('a salt, kept out');
  });

  it('imports a 2.0 token list: own users, cird, main CIDR, getenv', () => {
    const { config, problems } = importFixture('v2.php');
    expect(problems).toEqual([]);
    expect(Object.keys(config.accounts)).toEqual(['indexer', 'internal-service-user']);
    expect(config.apiKeys?.map((key) => [key.id, key.account, key.allowFrom])).toEqual([
      ['service-1', 'indexer', ['192.168.10.0/24']],
      ['service-2', 'internal-service-user', ['0.0.0.0/0', '::/0']],
      ['service-3', 'internal-service-user', ['0.0.0.0/0', '::/0']],
    ]);
    expect(config.apiKeys?.[0]).toMatchObject({
      key: '${SEARCH_INDEXER_KEY}',
      actionModules: ['query+search', 'parse'],
      restRoutes: ['/v1/page/**'],
    });
    expect(config.apiKeys?.[2]).toMatchObject({
      issueAppTokens: true,
      restRoutes: ['/mws/v1/mcp/get_wiki_map/**'],
    });
    expect(config.salt).toBe('${WIKI_TOKEN_SALT}');
  });

  it.each([
    ['v1.php', /"\/chatintegration" matched any path starting with it/],
    ['v1.php', /"ApiQuery" allowed every query submodule/],
    ['v1.php', /added bot \(keys\) and sysop \(app tokens\)/],
    ['v1.php', /is shared by service, app tokens/],
    ['v1.php', /every HTTP method/],
    ['v1.php', /every subclass/],
    ['v2.php', /service-2: no CIDR meant any address/],
    ['v2.php', /"ApiQuerySearch" never matched in the original/],
    ['mixed.php', /both the 1\.x ServiceToken and the 2\.0 ServiceTokens/],
    ['mixed.php', /"ApiLogin" \(login\) acts on the shared session/],
    ['mixed.php', /"ApiFlowThing" is unknown/],
    ['mixed.php', /held a query string/],
    ['mixed.php', /anyone who could read the wiki could mint one/],
  ])('warns where the original was looser: %s %s', (fixture, warning) => {
    expect(importFixture(fixture).warnings).toContainEqual(expect.stringMatching(warning));
  });

  it.each([
    [/line 3: .*ServiceToken: \$wgSecretKey is not a literal/],
    [/line 5: .*ServiceAllowedAPIModules: a string that interpolates a variable/],
    [/line 6: .*ServiceAllowedRestPaths: "\.=" is not read/],
    [/line 8: .*ServiceUser is set inside a block/],
    [/line 10: .*ServiceTokenz is not a setting of the component/],
  ])('names the line of what it cannot read in broken.php: %s', (problem) => {
    expect(importFixture('broken.php').problems).toContainEqual(expect.stringMatching(problem));
  });

  it('writes no key for a setting it could not read', () => {
    expect(importFixture('broken.php').config.apiKeys).toEqual([]);
  });

  it('never widens: no key allows a session module, every prefix ends at a segment', () => {
    for (const fixture of ['v1.php', 'v2.php', 'mixed.php']) {
      for (const key of importFixture(fixture).config.apiKeys ?? []) {
        expect(key.actionModules ?? []).not.toContain('login');
        for (const route of key.restRoutes ?? []) expect(route).toMatch(/\/\*\*$/);
      }
    }
  });
});
