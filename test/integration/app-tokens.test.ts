import { decodeWrapper } from '../../src/tokens/wrapper';
import { ISSUER_KEY, NARROW_KEY, SALT, ENGINES, useWorld } from './setup';

describe.each(ENGINES)('with the %s engine', (engine) => {
  const world = useWorld({ proxy: { engine } });

  const GENERATE = '/w/rest.php/mws/v1/app-token/generate';
  const lastReceived = () => world.wiki.received[world.wiki.received.length - 1];

  async function generate(headers: Record<string, string>) {
    const res = await fetch(`${world.gw.url}${GENERATE}`, { headers });
    return { res, body: (await res.json()) as any };
  }

  describe('the app-token endpoint', () => {
    it('answers a key with issueAppTokens with the original signed wrapper', async () => {
      const { res, body } = await generate({ authorization: `ApiKey ${ISSUER_KEY}` });
      expect(res.status).toBe(200);
      const wrapper = decodeWrapper(SALT, body.value);
      expect(wrapper).toMatchObject({ verifyCallback: '/w/rest.php', valid: true });
      expect(wrapper?.token).toMatch(/^[0-9a-f]{32}$/);
    });

    it.each([
      ['a key without issueAppTokens', { authorization: `ApiKey ${NARROW_KEY}` }, 403],
      ['an anonymous caller', {} as Record<string, string>, 403],
      ['a browser with a wiki session', { cookie: 'my_wiki_session=x' }, 403],
      ['an unknown key', { authorization: 'ApiKey nope-nope-nope-nope' }, 401],
    ])('refuses %s', async (_who, headers, status) => {
      const { res, body } = await generate(headers);
      expect(res.status).toBe(status);
      expect(body.httpCode).toBe(status);
    });
  });

  describe('an AppToken request', () => {
    async function freshToken(): Promise<string> {
      const { body } = await generate({ authorization: `ApiKey ${ISSUER_KEY}` });
      return decodeWrapper(SALT, body.value)!.token;
    }

    it('runs any module as the app-token account', async () => {
      const token = await freshToken();
      const res = await fetch(`${world.gw.url}/w/api.php`, {
        method: 'POST',
        headers: {
          authorization: `AppToken ${token}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'action=edit&title=A&text=x&token=%2B%5C',
      });
      expect(res.status).toBe(200);
      expect(lastReceived().url).toBe('/w/api.php?assertuser=Service%20admin');
      expect(lastReceived().headers.cookie).toContain('Service%20admin%40gateway');
    });

    it('is still refused the session modules', async () => {
      const token = await freshToken();
      const res = await fetch(`${world.gw.url}/w/api.php?action=logout`, {
        headers: { authorization: `AppToken ${token}` },
      });
      expect(res.status).toBe(403);
    });

    it('expires after ttlSeconds', async () => {
      const token = await freshToken();
      await new Promise((resolve) => setTimeout(resolve, 2100));
      const res = await fetch(`${world.gw.url}/w/api.php?action=query`, {
        headers: { authorization: `AppToken ${token}` },
      });
      expect(res.status).toBe(401);
    });

    it('refuses the whole wrapper in place of the token', async () => {
      const { body } = await generate({ authorization: `ApiKey ${ISSUER_KEY}` });
      const res = await fetch(`${world.gw.url}/w/api.php?action=query`, {
        headers: { authorization: `AppToken ${body.value}` },
      });
      expect(res.status).toBe(401);
    });
  });
});
