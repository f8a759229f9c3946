import { randomBytes } from 'node:crypto';
import { spawnGateway, type ChildGateway } from '../helpers/child-gateway';
import { decodeWrapper } from '../../src/tokens/wrapper';
import { readWikiInfo, type WikiInfo, issuerKeyEntry, wikiSection } from './wiki';

/**
 * A full run of the built gateway in front of the real wiki, as a child
 * process: keys, an app-token edit, a browser session, refusals, a reload and
 * a shutdown. Every byte it wrote is searched for every secret it was given or
 * handed out.
 */
const fresh = (label: string) => `${label}-${randomBytes(12).toString('hex')}`;
const NARROW_KEY = fresh('narrow');
const ROTATED_KEY = fresh('rotated');
const ISSUER_KEY = fresh('issuer');
const SALT = fresh('salt');
/** Secrets a cookie or token handed out during the run; shorter values could match by chance. */
const MIN_SECRET_LENGTH = 8;

let wiki: WikiInfo;
let gw: ChildGateway;
const secrets = new Set<string>([NARROW_KEY, ROTATED_KEY, ISSUER_KEY, SALT]);

function config(narrowKey: string, extra: Record<string, unknown> = {}) {
  return {
    wiki: wikiSection(wiki),
    salt: '${E2E_SALT}',
    accounts: {
      reader: { username: wiki.reader.username, password: '${E2E_READER_PASSWORD}' },
      writer: { username: wiki.writer.username, password: '${E2E_WRITER_PASSWORD}' },
    },
    apiKeys: [
      {
        id: 'narrow',
        key: narrowKey,
        account: 'reader',
        allowFrom: ['127.0.0.1'],
        actionModules: ['opensearch', 'query+search'],
      },
      issuerKeyEntry(ISSUER_KEY),
    ],
    appTokens: { account: 'writer' },
    log: { level: 'trace' },
    reload: { watchSeconds: 0 },
    ...extra,
  };
}

beforeAll(async () => {
  wiki = readWikiInfo();
  for (const account of [wiki.reader, wiki.writer, wiki.alice]) secrets.add(account.password);
  gw = await spawnGateway(config(NARROW_KEY), {
    E2E_SALT: SALT,
    E2E_READER_PASSWORD: wiki.reader.password,
    E2E_WRITER_PASSWORD: wiki.writer.password,
  });
});
afterAll(() => gw?.stop());

async function call(path: string, init: RequestInit & { auth?: string; cookie?: string } = {}) {
  const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
  if (init.auth) headers.authorization = init.auth;
  if (init.cookie) headers.cookie = init.cookie;
  const res = await fetch(`${gw.url}${wiki.scriptPath}/${path}`, {
    ...init,
    headers,
    redirect: 'manual',
  });
  return { res, text: await res.text() };
}

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ ...fields, format: 'json' }).toString(),
});

describe('a full run of the gateway process', () => {
  it('serves keys, refusals and an unknown key', async () => {
    const search = 'api.php?action=opensearch&search=Gateway&format=json';
    expect((await call(search, { auth: `ApiKey ${NARROW_KEY}` })).res.status).toBe(200);
    const edit = 'api.php?action=edit&title=X&text=y&format=json';
    expect((await call(edit, { auth: `ApiKey ${NARROW_KEY}` })).res.status).toBe(403);
    const login = `api.php?action=login&lgname=x&lgpassword=${wiki.alice.password}&format=json`;
    expect((await call(login, { auth: `ApiKey ${NARROW_KEY}` })).res.status).toBe(403);
    expect((await call(search, { auth: `ApiKey ${fresh('unknown')}` })).res.status).toBe(401);
    // Passed through: the wiki refuses a password in the query; the access line must not keep it.
    expect((await call(login)).res.status).toBe(200);
  });

  it('edits with an app token', async () => {
    const generate = 'rest.php/mws/v1/app-token/generate';
    const { text: wrapper } = await call(generate, { auth: `ApiKey ${ISSUER_KEY}` });
    const value = JSON.parse(wrapper).value as string;
    const token = decodeWrapper(SALT, value)!.token;
    secrets.add(value).add(token);

    const auth = `AppToken ${token}`;
    const { text } = await call('api.php?action=query&meta=tokens&format=json', { auth });
    const csrf = JSON.parse(text).query.tokens.csrftoken as string;
    secrets.add(csrf.slice(0, csrf.indexOf('+')));
    const fields = { action: 'edit', title: 'Logged run', text: 'x', token: csrf };
    const edit = await call('api.php', { auth, ...form(fields) });
    expect(JSON.parse(edit.text).edit.result).toBe('Success');
  });

  it('lets a browser log in with its password and keep its cookies', async () => {
    const jar = new Map<string, string>();
    const cookie = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const browse = async (path: string, init: RequestInit = {}) => {
      const answer = await call(path, { ...init, cookie: cookie() });
      for (const line of answer.res.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
        jar.set(name, value);
        if (value.length >= MIN_SECRET_LENGTH) secrets.add(value);
      }
      return answer;
    };

    const tokens = await browse('api.php?action=query&meta=tokens&type=login&format=json');
    const logintoken = JSON.parse(tokens.text).query.tokens.logintoken as string;
    const login = await browse(
      'api.php',
      form({
        action: 'clientlogin',
        username: wiki.alice.username,
        password: wiki.alice.password,
        logintoken,
        loginreturnurl: `${gw.url}/`,
      }),
    );
    expect(JSON.parse(login.text).clientlogin.status).toBe('PASS');
    const who = await browse('api.php?action=query&meta=userinfo&format=json');
    expect(JSON.parse(who.text).query.userinfo.name).toBe('Alice');
    expect(jar.size).toBeGreaterThan(0);
  });

  it('reloads a rotated key on SIGHUP and refuses a broken file', async () => {
    gw.writeConfig(config(ROTATED_KEY));
    gw.process.kill('SIGHUP');
    await gw.waitForLog((line) => line.msg === 'config reloaded');
    const search = 'api.php?action=opensearch&search=Gateway&format=json';
    expect((await call(search, { auth: `ApiKey ${ROTATED_KEY}` })).res.status).toBe(200);
    expect((await call(search, { auth: `ApiKey ${NARROW_KEY}` })).res.status).toBe(401);

    gw.writeConfig(config(ROTATED_KEY, { salt: 3 }));
    gw.process.kill('SIGHUP');
    await gw.waitForLog((line) => line.msg === 'config reload refused');
    expect((await call(search, { auth: `ApiKey ${ROTATED_KEY}` })).res.status).toBe(200);
  });

  it('shuts down on SIGTERM with exit 0', async () => {
    gw.process.kill('SIGTERM');
    expect(await gw.exited).toEqual({ code: 0, signal: null });
    expect(gw.logs().map((line) => line.msg)).toEqual(
      expect.arrayContaining([
        'gateway starting',
        'gateway listening',
        'service account logged in',
        'gateway decision',
        'access',
        'config reloaded',
        'config reload refused',
        'shutting down',
        'shutdown complete',
      ]),
    );
  });

  it('wrote none of the secrets it was given or handed out', () => {
    const output = gw.output();
    expect(gw.logs().length).toBeGreaterThan(20);
    expect(secrets.size).toBeGreaterThan(10);
    const found = [...secrets].filter((secret) => output.includes(secret));
    expect(found).toEqual([]);
    // Percent-encoded forms too: an access line or error could carry a URL.
    const encoded = [...secrets].filter((secret) => output.includes(encodeURIComponent(secret)));
    expect(encoded).toEqual([]);
  });
});
