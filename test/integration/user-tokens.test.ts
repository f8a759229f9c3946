import { ISSUER_KEY, PLAIN_KEY, SALT, STUB_PASSWORDS, TOKEN_KEY, startTokenGateway } from './setup';
import type { RunningGateway } from '../helpers/gateway';
import { startStubWiki, STUB_USER_COOKIE, STUB_WIKI_ID, type StubWiki } from '../helpers/stub-wiki';
import { decodeWrapper } from '../../src/tokens/wrapper';
import { badBoolBody } from '../../src/tokens/with-issuer';

const INVALID = '{"message":"Invalid or expired token.","httpCode":400,"httpReason":"Bad Request"}';
const REST = '/w/rest.php/mws/v1';

let wiki: StubWiki;
const running: RunningGateway[] = [];

beforeAll(async () => {
  wiki = await startStubWiki(STUB_PASSWORDS);
});
afterAll(async () => {
  await Promise.all(running.map((gw) => gw.close()));
  await wiki.close();
});

async function gateway(extra: Record<string, unknown> = {}): Promise<RunningGateway> {
  const gw = await startTokenGateway(wiki.url, extra);
  running.push(gw);
  return gw;
}

async function get(gw: RunningGateway, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${gw.url}${path}`, { headers });
  return { res, text: await res.text() };
}

const alice = { cookie: `${STUB_USER_COOKIE}=Alice` };

async function userToken(gw: RunningGateway, headers = alice): Promise<string> {
  const { text } = await get(gw, `${REST}/user-token/generate`, headers);
  return JSON.parse(text).value;
}

async function appToken(gw: RunningGateway): Promise<string> {
  const { text } = await get(gw, `${REST}/app-token/generate`, {
    authorization: `ApiKey ${ISSUER_KEY}`,
  });
  return decodeWrapper(SALT, JSON.parse(text).value)!.token;
}

describe('user tokens, as the original component served them', () => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await gateway();
  });

  it('generates a bare token for the user of the request own wiki session', async () => {
    const { res, text } = await get(gw, `${REST}/user-token/generate`, alice);
    expect(res.status).toBe(200);
    expect(text).toMatch(/^\{"value":"[0-9a-f]{32}"\}$/);
  });

  it('answers verify with the original fields, in order', async () => {
    const { res, text } = await get(gw, `${REST}/user-token/verify/${await userToken(gw)}`);
    expect(res.status).toBe(200);
    expect(text).toBe(
      `{"username":"Alice","real_name":"Alice Real","id":5,"wiki_id":"${STUB_WIKI_ID}",` +
        '"lang_code":"de","groups":["*","user","autoconfirmed"],"meta":[]}',
    );
  });

  it.each(['1', 'true', 'YES', 'on', 't'])(
    'answers withIssuer=%s with the signed wrapper',
    async (flag) => {
      const { text } = await get(gw, `${REST}/user-token/generate?withIssuer=${flag}`, alice);
      const wrapper = decodeWrapper(SALT, JSON.parse(text).value);
      expect(wrapper).toMatchObject({ verifyCallback: '/w/rest.php', valid: true });
      const verify = await get(gw, `${REST}/user-token/verify/${wrapper!.token}`);
      expect(JSON.parse(verify.text).username).toBe('Alice');
    },
  );

  it.each(['0', 'false', 'no', 'off', ''])(
    'answers withIssuer=%p with a bare token',
    async (flag) => {
      const { text } = await get(gw, `${REST}/user-token/generate?withIssuer=${flag}`, alice);
      expect(JSON.parse(text).value).toMatch(/^[0-9a-f]{32}$/);
    },
  );

  it.each([
    ['maybe', 'maybe'],
    ['2', '2'],
    ['TrUeX', 'truex'],
  ])('refuses withIssuer=%s with MediaWiki own 400 body', async (flag, value) => {
    const { res, text } = await get(gw, `${REST}/user-token/generate?withIssuer=${flag}`, alice);
    expect(res.status).toBe(400);
    expect(text).toBe(JSON.stringify(badBoolBody(value)));
  });

  it('refuses an anonymous caller', async () => {
    const { res, text } = await get(gw, `${REST}/user-token/generate`);
    expect(res.status).toBe(403);
    expect(JSON.parse(text).errorKey).toBe('mwgate-login-required');
  });

  it('refuses a cookie the wiki does not know as anonymous', async () => {
    const { res } = await get(gw, `${REST}/user-token/generate`, { cookie: 'my_wiki_session=x' });
    expect(res.status).toBe(403);
  });

  it('gives a key allowed the route a token for its account', async () => {
    const token = await userToken(gw, { authorization: `ApiKey ${TOKEN_KEY}` } as any);
    const { text } = await get(gw, `${REST}/user-token/verify/${token}`);
    expect(JSON.parse(text)).toMatchObject({ username: 'Service reader', meta: [] });
  });

  it('refuses a key not allowed the route', async () => {
    const { res, text } = await get(gw, `${REST}/user-token/generate`, {
      authorization: `ApiKey ${PLAIN_KEY}`,
    });
    expect(res.status).toBe(403);
    expect(JSON.parse(text).errorKey).toBe('service-token-not-allowed');
  });

  it('gives an app token a user token for the app-token account', async () => {
    const token = await userToken(gw, { authorization: `AppToken ${await appToken(gw)}` } as any);
    const { text } = await get(gw, `${REST}/user-token/verify/${token}`);
    expect(JSON.parse(text).username).toBe('Service admin');
  });

  it.each([
    ['an unknown token', '0123456789abcdef0123456789abcdef'],
    ['a token of the wrong format', 'not-a-token'],
    ['an upper-case token', 'ABCDEF0123456789ABCDEF0123456789'],
  ])('answers %s with the original 400 body, byte for byte', async (_what, token) => {
    const { res, text } = await get(gw, `${REST}/user-token/verify/${token}`);
    expect([res.status, text]).toEqual([400, INVALID]);
  });

  it('never takes a user token as an app token, nor the other way round', async () => {
    const user = await userToken(gw);
    const app = await appToken(gw);
    expect((await get(gw, `${REST}/app-token/verify/${user}`)).text).toBe(INVALID);
    expect((await get(gw, `${REST}/user-token/verify/${app}`)).text).toBe(INVALID);
    const asApp = await get(gw, '/w/api.php?action=query', { authorization: `AppToken ${user}` });
    expect(asApp.res.status).toBe(401);
  });

  it('never writes a token into its logs', async () => {
    const token = await userToken(gw);
    await get(gw, `${REST}/user-token/verify/${token}`);
    const wrapped = await get(gw, `${REST}/user-token/generate?withIssuer=1`, alice);
    const logs = JSON.stringify(gw.logs);
    expect(logs).toContain('token-verified');
    expect(logs).not.toContain(token);
    expect(logs).not.toContain(JSON.parse(wrapped.text).value);
  });

  it('answers app-token verify with the wiki id', async () => {
    const { res, text } = await get(gw, `${REST}/app-token/verify/${await appToken(gw)}`);
    expect([res.status, text]).toEqual([200, `{"wiki":"${STUB_WIKI_ID}","app":true}`]);
  });

  it('leaves other methods and routes under mws/v1 to the wiki', async () => {
    const before = wiki.received.length;
    await fetch(`${gw.url}${REST}/user-token/verify/a/b`);
    await fetch(`${gw.url}${REST}/user-token/generate`, { method: 'POST' });
    expect(wiki.received.length).toBe(before + 2);
  });
});

describe('user-token options', () => {
  it('names an anonymous user by address, with meta anon, when allowAnonymous', async () => {
    const gw = await gateway({ userTokens: { allowAnonymous: true } });
    const { text } = await get(gw, `${REST}/user-token/verify/${await userToken(gw, {} as any)}`);
    expect(text).toBe(
      `{"username":"127.0.0.1","real_name":"","id":0,"wiki_id":"${STUB_WIKI_ID}",` +
        '"lang_code":"en","groups":["*"],"meta":{"anon":true}}',
    );
  });

  it('lets a single-use token verify once', async () => {
    const gw = await gateway({ userTokens: { singleUse: true } });
    const token = await userToken(gw);
    expect((await get(gw, `${REST}/user-token/verify/${token}`)).res.status).toBe(200);
    expect((await get(gw, `${REST}/user-token/verify/${token}`)).text).toBe(INVALID);
  });

  it('expires a token after ttlSeconds', async () => {
    const gw = await gateway({ userTokens: { ttlSeconds: 1 } });
    const token = await userToken(gw);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await get(gw, `${REST}/user-token/verify/${token}`)).text).toBe(INVALID);
  });

  it('asks for a key allowed the route when verifyRequiresKey', async () => {
    const gw = await gateway({ tokenEndpoints: { verifyRequiresKey: true } });
    const path = `${REST}/user-token/verify/${await userToken(gw)}`;
    const open = await get(gw, path);
    expect([open.res.status, JSON.parse(open.text).errorKey]).toEqual([
      401,
      'mwgate-token-verify-needs-key',
    ]);
    expect((await get(gw, path, { authorization: `ApiKey ${PLAIN_KEY}` })).res.status).toBe(403);
    expect((await get(gw, path, { authorization: `ApiKey ${TOKEN_KEY}` })).res.status).toBe(200);
  });

  it('serves no user tokens when userTokens.enabled is false', async () => {
    const gw = await gateway({ userTokens: { enabled: false } });
    const before = wiki.received.length;
    await get(gw, `${REST}/user-token/generate`, alice);
    expect(wiki.received.length).toBe(before + 1);
  });

  it('rate-limits generation per caller with 429 and Retry-After', async () => {
    const gw = await gateway({ tokenEndpoints: { generatePerMinute: 1, generateBurst: 2 } });
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await get(gw, `${REST}/user-token/generate`, alice)).res);
    expect(statuses.map((res) => res.status)).toEqual([200, 200, 429]);
    expect(Number(statuses[2].headers.get('retry-after'))).toBeGreaterThan(0);
    const key = await get(gw, `${REST}/app-token/generate`, {
      authorization: `ApiKey ${ISSUER_KEY}`,
    });
    expect(key.res.status).toBe(200);
    const metrics = await (await fetch(`${gw.adminUrl}/metrics`)).text();
    expect(metrics).toContain('mwgate_token_generate_rate_limited_total 1');
  });

  it('counts evictions when the memory store is full', async () => {
    const gw = await gateway({ store: { type: 'memory', maxEntries: 2 } });
    for (let i = 0; i < 3; i++) await userToken(gw);
    const metrics = await (await fetch(`${gw.adminUrl}/metrics`)).text();
    expect(metrics).toContain('mwgate_token_store_evictions_total 1');
    expect(metrics).toContain('mwgate_token_store_entries 2');
  });
});
