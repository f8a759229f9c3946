import Redis from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { ISSUER_KEY, SALT, STUB_PASSWORDS, startTokenGateway } from './setup';
import type { RunningGateway } from '../helpers/gateway';
import { startRedis, type RedisServer } from '../helpers/redis';
import { startStubWiki, STUB_USER_COOKIE, type StubWiki } from '../helpers/stub-wiki';
import { decodeWrapper } from '../../src/tokens/wrapper';
import { REDIS_KEY_PREFIX } from '../../src/tokens/redis-store';

const REST = '/w/rest.php/mws/v1';
const alice = { cookie: `${STUB_USER_COOKIE}=Alice` };
/** How long the test waits for the gateway to reconnect after Redis is back. */
const RECONNECT_DEADLINE_MS = 15_000;

let redis: RedisServer;
let wiki: StubWiki;
let probe: Redis;
const running: RunningGateway[] = [];

beforeAll(async () => {
  redis = await startRedis();
  probe = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  probe.on('error', () => undefined);
  wiki = await startStubWiki(STUB_PASSWORDS);
});
afterAll(async () => {
  await Promise.all(running.map((gw) => gw.close()));
  probe.disconnect();
  await wiki.close();
  await redis.stop();
});

async function gateway(extra: Record<string, unknown> = {}): Promise<RunningGateway> {
  const store = { type: 'redis', url: redis.url };
  const gw = await startTokenGateway(wiki.url, { store, ...extra });
  running.push(gw);
  return gw;
}

async function get(gw: RunningGateway, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${gw.url}${path}`, { headers });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

async function userToken(gw: RunningGateway): Promise<string> {
  return JSON.parse((await get(gw, `${REST}/user-token/generate`, alice)).text).value;
}

async function appToken(gw: RunningGateway): Promise<string> {
  const answer = await get(gw, `${REST}/app-token/generate`, {
    authorization: `ApiKey ${ISSUER_KEY}`,
  });
  return decodeWrapper(SALT, JSON.parse(answer.text).value)!.token;
}

describe('two gateways sharing one Redis', () => {
  let a: RunningGateway;
  let b: RunningGateway;
  beforeAll(async () => {
    [a, b] = await Promise.all([gateway(), gateway()]);
  });

  it('verifies on one a user token generated on the other', async () => {
    const { status, text } = await get(b, `${REST}/user-token/verify/${await userToken(a)}`);
    expect(status).toBe(200);
    expect(JSON.parse(text).username).toBe('Alice');
  });

  it('takes on one an app token generated on the other', async () => {
    const token = await appToken(a);
    expect((await get(b, `${REST}/app-token/verify/${token}`)).status).toBe(200);
    const call = await get(b, '/w/api.php?action=query', { authorization: `AppToken ${token}` });
    expect(call.status).toBe(200);
  });

  it('stores tokens by digest, namespaced, with Redis own expiry', async () => {
    const token = await userToken(a);
    // The same Redis holds the rate-limit buckets; the tokens are under their own prefix.
    const keys = await probe.keys(`${REDIS_KEY_PREFIX}*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys)
      expect(key).toMatch(new RegExp(`^${REDIS_KEY_PREFIX}(user|app):[0-9a-f]{64}$`));
    expect(keys.some((key) => key.includes(token))).toBe(false);
    const ttls = await Promise.all(keys.map((key) => probe.ttl(key)));
    for (const ttl of ttls) expect(ttl).toBeGreaterThan(0);
  });

  it('forgets a token once Redis has expired it', async () => {
    const token = await userToken(a);
    for (const key of await probe.keys(`${REDIS_KEY_PREFIX}user:*`)) await probe.pexpire(key, 1);
    await sleep(20);
    expect((await get(b, `${REST}/user-token/verify/${token}`)).status).toBe(400);
  });
});

describe('single use across gateways', () => {
  it('lets exactly one of many concurrent verifies through', async () => {
    const [a, b] = await Promise.all([
      gateway({ userTokens: { singleUse: true } }),
      gateway({ userTokens: { singleUse: true } }),
    ]);
    const token = await userToken(a);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        get(i % 2 ? a : b, `${REST}/user-token/verify/${token}`),
      ),
    );
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
  });
});

describe('a Redis outage', () => {
  it('fails closed with 503, then recovers when Redis is back', async () => {
    const gw = await gateway();
    const token = await appToken(gw);
    const user = await userToken(gw);
    await redis.stop();

    const refused = [
      await get(gw, `${REST}/user-token/generate`, alice),
      await get(gw, `${REST}/user-token/verify/${user}`),
      await get(gw, `${REST}/app-token/generate`, { authorization: `ApiKey ${ISSUER_KEY}` }),
      await get(gw, `${REST}/app-token/verify/${token}`),
      await get(gw, '/w/rest.php/v1/page/X', { authorization: `AppToken ${token}` }),
    ];
    for (const answer of refused) {
      expect([answer.status, JSON.parse(answer.text).errorKey]).toEqual([
        503,
        'mwgate-store-unavailable',
      ]);
    }
    const action = await get(gw, '/w/api.php?action=query', { authorization: `AppToken ${token}` });
    expect([action.status, action.headers.get('mediawiki-api-error')]).toEqual([
      503,
      'mwgate-store-unavailable',
    ]);
    expect(JSON.parse(action.text).error.code).toBe('mwgate-store-unavailable');

    await redis.start();
    const deadline = Date.now() + RECONNECT_DEADLINE_MS;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await get(gw, `${REST}/user-token/generate`, alice)).status;
      if (status !== 200) await sleep(100);
    }
    expect(status).toBe(200);
    expect((await get(gw, `${REST}/user-token/verify/${await userToken(gw)}`)).status).toBe(200);
  });
});
