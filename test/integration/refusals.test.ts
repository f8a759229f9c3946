import { rawRequest } from '../helpers/raw-http';
import { FAR_KEY, NARROW_KEY, ENGINES, useWorld } from './setup';

describe.each(ENGINES)('with the %s engine', (engine) => {
  const world = useWorld({ proxy: { engine } });

  const withKey = (key: string) => ({ authorization: `ApiKey ${key}` });

  async function call(path: string, headers: Record<string, string>, init: RequestInit = {}) {
    const before = world.wiki.received.length;
    const res = await fetch(`${world.gw.url}${path}`, { ...init, headers });
    const body = (await res.json()) as any;
    return { res, body, forwarded: world.wiki.received.length - before };
  }

  describe('Action API refusals', () => {
    it.each([
      ['/w/api.php?action=edit&title=A&text=x', NARROW_KEY, 403, 'service-token-not-allowed'],
      ['/w/api.php?action=query&list=allusers', NARROW_KEY, 403, 'service-token-not-allowed'],
      ['/w/api.php?action=query&meta=tokens', NARROW_KEY, 403, 'service-token-not-allowed'],
      ['/w/api.php?action=login&lgname=x', NARROW_KEY, 403, 'mwgate-session-module'],
      ['/w/api.php?action=query&meta=tokens&type=login', NARROW_KEY, 403, 'mwgate-session-module'],
      [
        '/w/api.php?action=opensearch&assertuser=Admin',
        NARROW_KEY,
        403,
        'mwgate-assertuser-mismatch',
      ],
      ['/w/api.php?action=opensearch&callback=f', NARROW_KEY, 400, 'mwgate-jsonp-refused'],
      ['/w/api.php?action=opensearch&origin=*', NARROW_KEY, 400, 'mwgate-cors-refused'],
      ['/w/api.php?action=opensearch&action=edit', NARROW_KEY, 400, 'mwgate-ambiguous-request'],
      ['/w/api.php?action=opensearch', 'not-a-key-at-all-0000', 401, 'mwgate-invalid-credential'],
      ['/w/api.php?action=opensearch', FAR_KEY, 403, 'mwgate-address-not-allowed'],
    ])('%s with key %s: %i %s', async (path, key, status, code) => {
      const { res, body, forwarded } = await call(path, withKey(key));
      expect(res.status).toBe(status);
      expect(res.headers.get('mediawiki-api-error')).toBe(code);
      expect(body).toEqual({ error: { code, info: expect.any(String) } });
      expect(forwarded).toBe(0);
    });

    it('refuses an unknown app token with the same 401 as an unknown key', async () => {
      const { res, body } = await call('/w/api.php?action=query', {
        authorization: 'AppToken 0123456789abcdef0123456789abcdef',
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('ApiKey');
      expect(body.error.code).toBe('mwgate-invalid-credential');
    });
  });

  describe('REST refusals', () => {
    it.each([
      ['/w/rest.php/v1/page/Main_Page/history', 'service-token-not-allowed', 403],
      ['/w/rest.php/v1/search/pagex?q=x', 'service-token-not-allowed', 403],
      ['/w/rest.php/v1/page/Main_Page/history?x=/v1/search/page', 'service-token-not-allowed', 403],
      ['/w/index.php?title=Main_Page', 'mwgate-not-an-api', 403],
      ['/w/api.php/extra', 'mwgate-not-an-api', 403],
    ])('%s: %s', async (path, code, status) => {
      const { res, body, forwarded } = await call(path, withKey(NARROW_KEY));
      expect(res.status).toBe(status);
      expect(body).toMatchObject({ httpCode: status, errorKey: code, message: expect.any(String) });
      expect(forwarded).toBe(0);
    });

    it('grants a route the key allows', async () => {
      const { res, forwarded } = await call('/w/rest.php/v1/page/Foo%2FBar', withKey(NARROW_KEY));
      expect(res.status).toBe(200);
      expect(forwarded).toBe(1);
    });
  });

  describe('requests fetch would normalise away', () => {
    const send = (head: string) =>
      rawRequest(world.gw.url, `${head}\r\nHost: wiki\r\nConnection: close\r\n\r\n`);

    it.each([
      `GET /w/rest.php/v1/search/../page/Main_Page/history HTTP/1.1\r\nAuthorization: ApiKey ${NARROW_KEY}`,
      `GET /w/rest.php//v1/search/page?q=x HTTP/1.1\r\nAuthorization: ApiKey ${NARROW_KEY}`,
      `GET /w//api.php?action=opensearch HTTP/1.1\r\nAuthorization: ApiKey ${NARROW_KEY}`,
      `GET /w/x/../api.php?action=opensearch HTTP/1.1\r\nAuthorization: ApiKey ${NARROW_KEY}`,
      `GET /w/api.php?action=opensearch HTTP/1.1\r\nAuthorization: ApiKey ${NARROW_KEY}\r\nAuthorization: Bearer x`,
      `GET /w/api.php?action=opensearch HTTP/1.1\r\nAuthorization: ApiKey ${NARROW_KEY}\r\nX_Forwarded_For: 10.0.0.1`,
    ])('refuses %p with 400', async (head) => {
      const before = world.wiki.received.length;
      const res = await send(head);
      expect(res.status).toBe(400);
      expect(world.wiki.received.length).toBe(before);
    });

    it('does not let X-Forwarded-For from an untrusted socket choose the address', async () => {
      const res = await send(
        `GET /w/api.php?action=opensearch HTTP/1.1\r\nAuthorization: ApiKey ${FAR_KEY}\r\nX-Forwarded-For: 10.1.2.3`,
      );
      expect(res.status).toBe(403);
    });
  });
});
