import { rawRequest } from '../helpers/raw-http';
import { NARROW_KEY, ENGINES, useWorld } from './setup';

describe.each(ENGINES)('with the %s engine', (engine) => {
  const world = useWorld({ proxy: { engine } });

  const lastReceived = () => world.wiki.received[world.wiki.received.length - 1];

  describe('a granted ApiKey request', () => {
    it('reaches the wiki with the service session and none of the client identity', async () => {
      const res = await fetch(`${world.gw.url}/w/api.php?action=opensearch&search=x`, {
        headers: {
          authorization: `ApiKey ${NARROW_KEY}`,
          cookie: 'my_wiki_session=chosen-by-client',
          'x-forwarded-for': '10.9.9.9',
          forwarded: 'for=10.9.9.9',
          'x-real-ip': '10.9.9.9',
          'x-http-method-override': 'POST',
          'x-original-url': '/w/index.php',
          'treat-as-untrusted': '1',
          'fastly-client-ip': '10.9.9.9',
        },
      });
      expect(res.status).toBe(200);

      const got = lastReceived();
      expect(got.headers.authorization).toBeUndefined();
      expect(got.headers.cookie).toMatch(
        /^my_wiki_session=s\d; my_wiki_BPsession=Service%20reader%40gateway-\d$/,
      );
      expect(got.headers['x-forwarded-for']).toBe('127.0.0.1');
      expect(got.headers.forwarded).toBeUndefined();
      expect(got.headers['x-real-ip']).toBeUndefined();
      expect(got.headers['x-http-method-override']).toBeUndefined();
      expect(got.headers['x-original-url']).toBeUndefined();
      expect(got.headers['treat-as-untrusted']).toBeUndefined();
      expect(got.headers['fastly-client-ip']).toBeUndefined();
    });

    it('carries assertuser naming the account', async () => {
      await fetch(`${world.gw.url}/w/api.php?action=opensearch&search=x`, {
        headers: { authorization: `ApiKey ${NARROW_KEY}` },
      });
      expect(lastReceived().url).toBe(
        '/w/api.php?action=opensearch&search=x&assertuser=Service%20reader',
      );
    });

    it('keeps a client assertuser that names the account', async () => {
      const url = '/w/api.php?action=opensearch&search=x&assertuser=Service_reader';
      await fetch(`${world.gw.url}${url}`, { headers: { authorization: `ApiKey ${NARROW_KEY}` } });
      expect(lastReceived().url).toBe(url);
    });

    it('keeps the session cookie out of the client answer and in the jar', async () => {
      world.wiki.nextSetCookie = ['my_wiki_session=rotated; path=/; HttpOnly'];
      const res = await fetch(`${world.gw.url}/w/api.php?action=opensearch&search=x`, {
        headers: { authorization: `ApiKey ${NARROW_KEY}` },
      });
      expect(res.headers.get('set-cookie')).toBeNull();

      await fetch(`${world.gw.url}/w/api.php?action=opensearch&search=y`, {
        headers: { authorization: `ApiKey ${NARROW_KEY}` },
      });
      expect(lastReceived().headers.cookie).toContain('my_wiki_session=rotated');
    });

    it('drops headers the client names in Connection, then adds the service cookie', async () => {
      const res = await rawRequest(
        world.gw.url,
        'GET /w/api.php?action=opensearch&search=x HTTP/1.1\r\nHost: wiki\r\n' +
          `Authorization: ApiKey ${NARROW_KEY}\r\nConnection: close, Cookie, X-Keep\r\n` +
          'Cookie: my_wiki_session=chosen-by-client\r\nX-Keep: 1\r\n\r\n',
      );
      expect(res.status).toBe(200);
      expect(lastReceived().headers.cookie).toContain('my_wiki_BPsession=');
      expect(lastReceived().headers.cookie).not.toContain('chosen-by-client');
      expect(lastReceived().headers['x-keep']).toBeUndefined();
    });

    it('forwards a POST body byte for byte', async () => {
      const body = 'action=query&list=search&srsearch=caf%C3%A9';
      await fetch(`${world.gw.url}/w/api.php`, {
        method: 'POST',
        headers: {
          authorization: `ApiKey ${NARROW_KEY}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body,
      });
      expect(lastReceived().body).toBe(body);
      expect(lastReceived().headers['content-length']).toBe(String(body.length));
    });
  });
});
