import { startGateway, type RunningGateway } from '../helpers/gateway';
import { decodeWrapper } from '../../src/tokens/wrapper';
import { readWikiInfo, type WikiInfo, issuerKeyEntry, wikiSection } from './wiki';

const NARROW_KEY = 'e2e-narrow-key-0123456789abcdef';
const ISSUER_KEY = 'e2e-issuer-key-0123456789abcdef';
const SALT = 'e2e-salt';

let wiki: WikiInfo;
let gw: RunningGateway;
/** Every answer to a swapped request, to check none carries Set-Cookie. */
const swappedAnswers: Response[] = [];

beforeAll(async () => {
  wiki = readWikiInfo();
  gw = await startGateway({
    wiki: wikiSection(wiki),
    salt: SALT,
    accounts: { reader: wiki.reader, writer: wiki.writer },
    apiKeys: [
      {
        id: 'narrow',
        key: NARROW_KEY,
        account: 'reader',
        allowFrom: ['127.0.0.1'],
        actionModules: ['opensearch', 'query+search'],
        restRoutes: ['GET /v1/search/page'],
      },
      issuerKeyEntry(ISSUER_KEY),
    ],
    appTokens: { account: 'writer' },
  });
});
afterAll(() => gw?.close());

async function viaGateway(path: string, authorization: string, init: RequestInit = {}) {
  const res = await fetch(`${gw.url}/w/${path}`, {
    ...init,
    headers: { authorization, ...(init.headers as Record<string, string>) },
  });
  swappedAnswers.push(res);
  return { res, body: (await res.json()) as any };
}

async function appToken(): Promise<string> {
  const { body } = await viaGateway('rest.php/mws/v1/app-token/generate', `ApiKey ${ISSUER_KEY}`);
  return decodeWrapper(SALT, body.value)!.token;
}

describe('mwgate in front of a real MediaWiki 1.39', () => {
  it('answers an ApiKey opensearch with the wiki results', async () => {
    const { res, body } = await viaGateway(
      'api.php?action=opensearch&search=Gateway&format=json',
      `ApiKey ${NARROW_KEY}`,
    );
    expect(res.status).toBe(200);
    expect(body[1]).toContain('Gateway test page');
  });

  it('runs list=search as the reader account', async () => {
    const { body } = await viaGateway(
      'api.php?action=query&list=search&srsearch=Gateway&format=json',
      `ApiKey ${NARROW_KEY}`,
    );
    expect(body.query.search[0].title).toBe('Gateway test page');
  });

  it('answers an allowed REST route', async () => {
    const { res, body } = await viaGateway(
      'rest.php/v1/search/page?q=Gateway',
      `ApiKey ${NARROW_KEY}`,
    );
    expect(res.status).toBe(200);
    expect(body.pages[0].title).toBe('Gateway test page');
  });

  it('refuses action=edit with the same key', async () => {
    const { res, body } = await viaGateway(
      'api.php?action=edit&title=Refused&text=x&token=%2B%5C&format=json',
      `ApiKey ${NARROW_KEY}`,
    );
    expect(res.status).toBe(403);
    expect(body.error.code).toBe('service-token-not-allowed');
  });

  it('lands an app-token edit under the wide account', async () => {
    const token = await appToken();
    const auth = `AppToken ${token}`;
    const { body: tokens } = await viaGateway('api.php?action=query&meta=tokens&format=json', auth);
    const form = new URLSearchParams({
      action: 'edit',
      title: 'Edited through mwgate',
      text: 'Written with an app token.',
      token: tokens.query.tokens.csrftoken,
      format: 'json',
    });
    const { body: edit } = await viaGateway('api.php', auth, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    expect(edit.edit?.result).toBe('Success');

    const history = await fetch(
      `${wiki.url}/w/api.php?action=query&prop=revisions&rvprop=user&format=json&formatversion=2` +
        '&titles=Edited_through_mwgate',
    ).then((res) => res.json() as Promise<any>);
    expect(history.query.pages[0].revisions[0].user).toBe('Service admin');
  });

  it('refuses an unknown token as an AppToken', async () => {
    const { res } = await viaGateway(
      'api.php?action=query&format=json',
      'AppToken 0'.padEnd(41, 'f'),
    );
    expect(res.status).toBe(401);
  });

  it('lets a browser log in and browse through it with its own cookies', async () => {
    const jar = new Map<string, string>();
    const browse = async (path: string, init: RequestInit = {}) => {
      const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
      const res = await fetch(`${gw.url}/w/${path}`, {
        ...init,
        redirect: 'manual',
        headers: { ...(init.headers as Record<string, string>), cookie },
      });
      for (const line of res.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const eq = pair.indexOf('=');
        jar.set(pair.slice(0, eq), pair.slice(eq + 1));
      }
      return res;
    };

    const tokens = (await (
      await browse('api.php?action=query&meta=tokens&type=login&format=json')
    ).json()) as any;
    const login = await browse('api.php', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        action: 'clientlogin',
        username: wiki.alice.username,
        password: wiki.alice.password,
        logintoken: tokens.query.tokens.logintoken,
        loginreturnurl: `${gw.url}/`,
        format: 'json',
      }).toString(),
    });
    expect(((await login.json()) as any).clientlogin.status).toBe('PASS');

    const who = (await (
      await browse('api.php?action=query&meta=userinfo&format=json')
    ).json()) as any;
    expect(who.query.userinfo.name).toBe('Alice');
    const page = await browse('index.php?title=Main_Page');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Alice');
  });

  it('never passed the wiki Set-Cookie to a swapped answer', () => {
    expect(swappedAnswers.length).toBeGreaterThan(5);
    for (const res of swappedAnswers) expect(res.headers.get('set-cookie')).toBeNull();
  });
});
