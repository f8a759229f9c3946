import { execFileSync } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedis, type RedisServer } from '../helpers/redis';
import { Browser } from './browser';
import { spawnGateway, type GatewayProcess } from './gateway-process';
import { readWikiInfo, type WikiInfo, issuerKeyEntry, wikiSection } from './wiki';

const SALT = 'e2e-sålt/with+bytes';
const ISSUER_KEY = 'e2e-issuer-key-0123456789abcdef';
const INVALID = '{"message":"Invalid or expired token.","httpCode":400,"httpReason":"Bad Request"}';
const BUILD_TIMEOUT_MS = 120_000;

/**
 * A client written for the original component, knowing nothing of mwgate:
 * it asks for a token with withIssuer, decodes the wrapper, checks the
 * signature with the shared salt, and verifies the bare token at the
 * callback the wrapper names.
 */
class OriginalComponentClient {
  constructor(
    private readonly origin: string,
    private readonly salt: string,
  ) {}

  async generate(cookie: string): Promise<{ verifyCallback: string; token: string }> {
    const res = await fetch(
      `${this.origin}/w/rest.php/mws/v1/user-token/generate?withIssuer=true`,
      {
        headers: { cookie },
      },
    );
    const { value } = (await res.json()) as { value: string };
    const decoded = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
    const expected = createHmac('sha256', this.salt)
      .update(`${decoded.verifyCallback}${decoded.token}`)
      .digest('hex');
    if (!timingSafeEqual(Buffer.from(expected), Buffer.from(decoded.sig))) {
      throw new Error('issuer signature does not hold');
    }
    return { verifyCallback: decoded.verifyCallback, token: decoded.token };
  }

  async verify(verifyCallback: string, token: string): Promise<Record<string, unknown>> {
    const res = await fetch(`${this.origin}${verifyCallback}/mws/v1/user-token/verify/${token}`);
    if (res.status !== 200) throw new Error(`verify answered ${res.status}`);
    return (await res.json()) as Record<string, unknown>;
  }
}

let wiki: WikiInfo;
let redis: RedisServer;
let dir: string;
let a: GatewayProcess;
let b: GatewayProcess;
let alice: Browser;

beforeAll(async () => {
  wiki = readWikiInfo();
  // The two gateways run as an operator runs them: the built CLI.
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], {
    cwd: join(__dirname, '..', '..'),
    timeout: BUILD_TIMEOUT_MS,
  });
  redis = await startRedis();
  dir = mkdtempSync(join(tmpdir(), 'mwgate-e2e-tokens-'));
  const config = {
    listen: { host: '127.0.0.1', port: 0 },
    admin: { host: '127.0.0.1', port: 0 },
    wiki: wikiSection(wiki),
    salt: '${MWGATE_SALT}',
    accounts: { reader: wiki.reader, writer: wiki.writer },
    apiKeys: [issuerKeyEntry(ISSUER_KEY)],
    appTokens: { account: 'writer' },
    store: { type: 'redis', url: redis.url },
    // info: spawnGateway reads the port from the "gateway listening" line.
    log: { level: 'info' },
  };
  const env = { MWGATE_SALT: SALT };
  [a, b] = await Promise.all([
    spawnGateway(dir, 'a', config, env),
    spawnGateway(dir, 'b', config, env),
  ]);
  alice = new Browser(a.url);
  await alice.logIn(wiki.scriptPath, wiki.alice.username, wiki.alice.password);
}, BUILD_TIMEOUT_MS + 60_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await redis?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** What the wiki itself says about Alice's session and its own id. */
async function wikiSays(): Promise<{ groups: string[]; wikiId: string; id: number }> {
  const res = await fetch(
    `${wiki.url}${wiki.scriptPath}/api.php?action=query&meta=userinfo|siteinfo&uiprop=groups` +
      '&format=json&formatversion=2',
    { headers: { cookie: alice.cookie } },
  );
  const body = (await res.json()) as any;
  return {
    groups: body.query.userinfo.groups,
    id: body.query.userinfo.id,
    wikiId: body.query.general.wikiid,
  };
}

async function generate(gw: GatewayProcess, query = '', headers: Record<string, string> = {}) {
  const res = await fetch(`${gw.url}/w/rest.php/mws/v1/user-token/generate${query}`, {
    headers: { cookie: alice.cookie, ...headers },
  });
  return { status: res.status, text: await res.text() };
}

async function verify(gw: GatewayProcess, kind: 'user' | 'app', token: string) {
  const res = await fetch(`${gw.url}/w/rest.php/mws/v1/${kind}-token/verify/${token}`);
  return { status: res.status, text: await res.text() };
}

async function appToken(gw: GatewayProcess): Promise<string> {
  const res = await fetch(`${gw.url}/w/rest.php/mws/v1/app-token/generate`, {
    headers: { authorization: `ApiKey ${ISSUER_KEY}` },
  });
  const { value } = (await res.json()) as { value: string };
  return JSON.parse(Buffer.from(value, 'base64').toString('utf8')).token;
}

describe('user and app tokens on a real MediaWiki, two gateway processes, one Redis', () => {
  it('gives Alice a token on one gateway that a service verifies on the other', async () => {
    const { status, text } = await generate(a);
    expect(status).toBe(200);
    const token = JSON.parse(text).value;
    expect(token).toMatch(/^[0-9a-f]{32}$/);

    const truth = await wikiSays();
    const verified = await verify(b, 'user', token);
    expect(verified.status).toBe(200);
    expect(JSON.parse(verified.text)).toEqual({
      username: 'Alice',
      real_name: '',
      id: truth.id,
      wiki_id: truth.wikiId,
      lang_code: 'en',
      groups: truth.groups,
      meta: [],
    });
    expect(truth.groups).toEqual(expect.arrayContaining(['*', 'user']));
  });

  it('serves a client written for the original component unchanged', async () => {
    const client = new OriginalComponentClient(a.url, SALT);
    const { verifyCallback, token } = await client.generate(alice.cookie);
    expect(verifyCallback).toBe('/w/rest.php');
    const onOther = new OriginalComponentClient(b.url, SALT);
    expect(await onOther.verify(verifyCallback, token)).toMatchObject({
      username: 'Alice',
      wiki_id: (await wikiSays()).wikiId,
    });
  });

  it('refuses a bad withIssuer with the body MediaWiki itself writes for a bad boolean', async () => {
    // /v1/page/{title}/html has a query boolean with the same settings (`stash`).
    const mw = await fetch(
      `${wiki.url}${wiki.scriptPath}/rest.php/v1/page/Main_Page/html?stash=Maybe`,
    );
    const theirs = (await mw.text())
      .replace(/"stash"/g, '"withIssuer"')
      .replace(/\\"stash\\"/g, '\\"withIssuer\\"');
    const ours = await generate(a, '?withIssuer=Maybe');
    expect([ours.status, ours.text]).toEqual([mw.status, theirs]);
  });

  it('refuses a user token used as an AppToken', async () => {
    const token = JSON.parse((await generate(a)).text).value;
    const res = await fetch(`${b.url}/w/api.php?action=query&meta=userinfo&format=json`, {
      headers: { authorization: `AppToken ${token}` },
    });
    expect(res.status).toBe(401);
  });

  it('verifies an app token on the other gateway, and never as a user token', async () => {
    const token = await appToken(a);
    expect(await verify(b, 'app', token)).toEqual({
      status: 200,
      text: JSON.stringify({ wiki: (await wikiSays()).wikiId, app: true }),
    });
    expect(await verify(b, 'user', token)).toEqual({ status: 400, text: INVALID });
  });

  it('acts on the other gateway with an app token minted on one', async () => {
    const token = await appToken(a);
    const res = await fetch(`${b.url}/w/api.php?action=query&meta=userinfo&format=json`, {
      headers: { authorization: `AppToken ${token}` },
    });
    expect(((await res.json()) as any).query.userinfo.name).toBe('Service admin');
  });

  it('refuses an anonymous caller a user token', async () => {
    const res = await fetch(`${a.url}/w/rest.php/mws/v1/user-token/generate`);
    expect(res.status).toBe(403);
  });

  it('answers an unknown token with the original 400 body', async () => {
    expect(await verify(b, 'user', 'f'.repeat(32))).toEqual({ status: 400, text: INVALID });
  });
});
