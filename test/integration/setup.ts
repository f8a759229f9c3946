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

/** A stub wiki and a gateway in front of it with three keys, started on port 0. */
export async function startWorld(extra: Record<string, unknown> = {}): Promise<World> {
  const wiki = await startStubWiki({
    'Service reader@gateway': 'reader-pass',
    'Service admin@gateway': 'admin-pass',
  });
  const gw = await startGateway({
    wiki: { url: wiki.url, scriptPath: '/w' },
    salt: SALT,
    accounts: {
      reader: { username: 'Service reader@gateway', password: 'reader-pass' },
      admin: { username: 'Service admin@gateway', password: 'admin-pass' },
    },
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
    ...extra,
  });
  return { wiki, gw };
}

export async function stopWorld(world: World | undefined): Promise<void> {
  await world?.gw.close();
  await world?.wiki.close();
}
