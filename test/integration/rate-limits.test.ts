import { startRedis, type RedisServer } from '../helpers/redis';
import { decodeWrapper } from '../../src/tokens/wrapper';
import { ISSUER_KEY, NARROW_KEY, SALT, startWorld, stopWorld, type World } from './setup';

const LIMITED = [
  {
    id: 'limited',
    key: NARROW_KEY,
    account: 'reader',
    allowFrom: ['127.0.0.0/8'],
    actionModules: ['opensearch'],
    rateLimit: { perSecond: 0.5, burst: 3 },
  },
  {
    id: 'minter',
    key: ISSUER_KEY,
    account: 'reader',
    allowFrom: ['127.0.0.0/8'],
    issueAppTokens: true,
    rateLimit: { perSecond: 0.5, burst: 3 },
  },
];

function call(world: World, key = NARROW_KEY) {
  return fetch(`${world.gw.url}/w/api.php?action=opensearch&search=x`, {
    headers: { authorization: `ApiKey ${key}` },
  });
}

async function statuses(world: World, n: number, key?: string): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await call(world, key)).status);
  return out;
}

describe.each(['memory', 'redis'])('limits with the %s store', (storeType) => {
  let redis: RedisServer | undefined;
  const worlds: World[] = [];

  async function world(): Promise<World> {
    const store = redis ? { type: 'redis', url: redis.url } : { type: 'memory' };
    const started = await startWorld({
      apiKeys: LIMITED,
      store,
      limits: { authFailures: { perSecond: 0.1, burst: 2 } },
    });
    worlds.push(started);
    return started;
  }

  beforeEach(async () => {
    if (storeType === 'redis') redis = await startRedis();
  });
  afterEach(async () => {
    for (const w of worlds.splice(0)) await stopWorld(w);
    await redis?.stop();
    redis = undefined;
  });

  it('answers 429 with Retry-After in the API shape once the bucket is empty', async () => {
    const w = await world();
    expect(await statuses(w, 3)).toEqual([200, 200, 200]);

    const res = await call(w);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBe(2);
    expect(res.headers.get('mediawiki-api-error')).toBe('mwgate-rate-limited');
    const metrics = await (await fetch(`${w.gw.adminUrl}/metrics`)).text();
    expect(metrics).toContain('mwgate_rate_limited_total{kind="key",key="limited"} 1');
  });

  it('throttles failed authentications per client address, even for a right key then', async () => {
    const w = await world();
    expect(await statuses(w, 3, 'wrong-key-0123456789abcdef')).toEqual([401, 401, 429]);

    const res = await call(w);
    expect(res.status).toBe(429);
    expect(res.headers.get('mediawiki-api-error')).toBe('mwgate-auth-throttled');
  });

  it('counts wrong keys at the app-token endpoint as failed authentications', async () => {
    const w = await world();
    const generate = () =>
      fetch(`${w.gw.url}/w/rest.php/mws/v1/app-token/generate`, {
        headers: { authorization: 'ApiKey wrong-key-0123456789abcdef' },
      }).then((res) => res.status);
    expect([await generate(), await generate(), await generate()]).toEqual([401, 401, 429]);
  });

  it("spends the issuing key's bucket on app-token minting and calls", async () => {
    const w = await world();
    const minted = await fetch(`${w.gw.url}/w/rest.php/mws/v1/app-token/generate`, {
      headers: { authorization: `ApiKey ${ISSUER_KEY}` },
    });
    const { value } = (await minted.json()) as { value: string };
    const token = decodeWrapper(SALT, value)!.token;
    const viaToken = () =>
      fetch(`${w.gw.url}/w/api.php?action=query&meta=userinfo`, {
        headers: { authorization: `AppToken ${token}` },
      }).then((res) => res.status);

    expect([minted.status, await viaToken(), await viaToken(), await viaToken()]).toEqual([
      200, 200, 200, 429,
    ]);
  });

  if (storeType === 'redis') {
    it('shares one bucket between two gateways', async () => {
      const [a, b] = [await world(), await world()];
      expect([...(await statuses(a, 2)), ...(await statuses(b, 2))]).toEqual([200, 200, 200, 429]);
    });

    it('lets requests through while Redis is down', async () => {
      const w = await world();
      await redis!.stop();
      expect(await statuses(w, 5)).toEqual([200, 200, 200, 200, 200]);
    });
  }
});
