import type { RunningGateway } from '../helpers/gateway';
import { startStubWiki, type StubWiki } from '../helpers/stub-wiki';
import { STUB_PASSWORDS, TOKEN_KEY, startTokenGateway } from './setup';

let wiki: StubWiki;
let gw: RunningGateway;
beforeEach(async () => {
  wiki = await startStubWiki(STUB_PASSWORDS);
});
afterEach(async () => {
  await gw?.close();
  await wiki.close();
});

async function generateAndVerify(): Promise<{ status: number; user?: any }> {
  const res = await fetch(`${gw.url}/w/rest.php/mws/v1/user-token/generate`, {
    headers: { authorization: `ApiKey ${TOKEN_KEY}` },
  });
  if (res.status !== 200) return { status: res.status };
  const { value } = (await res.json()) as { value: string };
  const verified = await fetch(`${gw.url}/w/rest.php/mws/v1/user-token/verify/${value}`);
  return { status: res.status, user: await verified.json() };
}

describe('a user token asked for with a credential after the wiki dropped the session', () => {
  it.each([false, true])(
    'names the account after one login again (allowAnonymous %p)',
    async (allowAnonymous) => {
      gw = await startTokenGateway(wiki.url, { userTokens: { allowAnonymous } });
      const loginsBefore = wiki.logins;
      wiki.killSessions();

      const { status, user } = await generateAndVerify();

      expect(status).toBe(200);
      expect(user).toMatchObject({ username: 'Service reader', meta: [] });
      expect(wiki.logins).toBe(loginsBefore + 1);
    },
  );
});
