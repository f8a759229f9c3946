import { startGateway, type RunningGateway } from '../helpers/gateway';
import { startStubWiki, type StubWiki } from '../helpers/stub-wiki';

/** Every integration suite runs once per forwarding engine. */
export { ENGINES } from '../../src/proxy/create-forwarder';

export const NARROW_KEY = 'narrow-key-0123456789abcdef';
export const ISSUER_KEY = 'issuer-key-0123456789abcdef';
export const FAR_KEY = 'far-key-0123456789abcdef0123';
export const SALT = 's3cr3t-salt';

export interface World {
  wiki: StubWiki;
  gw: RunningGateway;
}

/** The bot passwords the stub wiki accepts, by `Name@appid`. */
export const STUB_PASSWORDS = {
  'Service reader@gateway': 'reader-pass',
  'Service admin@gateway': 'admin-pass',
};

/** The two service accounts of the stub wiki, as gateway.yaml names them. */
export const STUB_ACCOUNTS = {
  reader: { username: 'Service reader@gateway', password: 'reader-pass' },
  admin: { username: 'Service admin@gateway', password: 'admin-pass' },
};

/** The test gateway's config in front of `wikiUrl`: two accounts, three keys. */
export function worldConfig(wikiUrl: string): Record<string, unknown> {
  return {
    wiki: { url: wikiUrl, scriptPath: '/w' },
    salt: SALT,
    accounts: STUB_ACCOUNTS,
    apiKeys: [
      {
        id: 'narrow',
        key: NARROW_KEY,
        account: 'reader',
        allowFrom: ['127.0.0.0/8'],
        actionModules: ['opensearch', 'query+search'],
        restRoutes: ['GET /v1/search/page', 'GET /v1/page/{title}'],
      },
      {
        id: 'issuer',
        key: ISSUER_KEY,
        account: 'reader',
        allowFrom: ['127.0.0.1'],
        issueAppTokens: true,
      },
      { id: 'far', key: FAR_KEY, account: 'reader', allowFrom: ['10.0.0.0/8'] },
    ],
    appTokens: { account: 'admin', ttlSeconds: 2 },
  };
}

/** A stub wiki and a gateway in front of it with three keys, started on port 0. */
export async function startWorld(extra: Record<string, unknown> = {}): Promise<World> {
  const wiki = await startStubWiki(STUB_PASSWORDS);
  const gw = await startGateway({ ...worldConfig(wiki.url), ...extra });
  return { wiki, gw };
}

export const TOKEN_KEY = 'token-key-0123456789abcdef0';
export const PLAIN_KEY = 'plain-key-0123456789abcdef0';

/**
 * A gateway for the token tests in front of a stub wiki: an issuer key, a key
 * allowed the token routes, a key allowed nothing; `extra` overrides sections.
 */
export function startTokenGateway(
  wikiUrl: string,
  extra: Record<string, unknown> = {},
): Promise<RunningGateway> {
  const local = { account: 'reader', allowFrom: ['127.0.0.1'] };
  return startGateway({
    wiki: { url: wikiUrl, scriptPath: '/w' },
    salt: SALT,
    accounts: STUB_ACCOUNTS,
    apiKeys: [
      { id: 'issuer', key: ISSUER_KEY, ...local, issueAppTokens: true },
      {
        id: 'tokens',
        key: TOKEN_KEY,
        ...local,
        restRoutes: ['GET /mws/v1/user-token/**', 'GET /mws/v1/app-token/verify/{token}'],
      },
      { id: 'plain', key: PLAIN_KEY, ...local },
    ],
    appTokens: { account: 'admin' },
    ...extra,
  });
}

/**
 * A world for the enclosing describe block: started before its tests, stopped
 * after them. The object is filled in by beforeAll.
 */
export function useWorld(extra: Record<string, unknown> = {}): World {
  const world = {} as World;
  beforeAll(async () => {
    Object.assign(world, await startWorld(extra));
  });
  afterAll(() => stopWorld(world));
  return world;
}

export async function stopWorld(world: World | undefined): Promise<void> {
  await world?.gw.close();
  await world?.wiki.close();
}
