import { ENGINES, useWorld } from './setup';

describe.each(ENGINES)('with the %s engine', (engine) => {
  const world = useWorld({ proxy: { engine } });

  const lastReceived = () => world.wiki.received[world.wiki.received.length - 1];

  describe('a request without a gateway credential', () => {
    it.each([
      ['/w/index.php?title=Main_Page'],
      ['/w/load.php?modules=startup'],
      ['/w/api.php?action=query&meta=userinfo'],
      ['/w/rest.php/v1/page/Main_Page'],
      ['/wiki/Main_Page'],
    ])('passes %p through with the browser cookies', async (url) => {
      const res = await fetch(`${world.gw.url}${url}`, {
        headers: { cookie: 'my_wiki_session=browser' },
      });
      expect(res.status).toBe(200);
      expect(lastReceived().url).toBe(url);
      expect(lastReceived().headers.cookie).toBe('my_wiki_session=browser');
    });

    it('passes another Authorization scheme through untouched', async () => {
      await fetch(`${world.gw.url}/w/api.php?action=query`, {
        headers: { authorization: 'Bearer oauth-token' },
      });
      expect(lastReceived().headers.authorization).toBe('Bearer oauth-token');
    });

    it('passes the wiki Set-Cookie to the browser', async () => {
      world.wiki.nextSetCookie = ['my_wiki_session=new; path=/'];
      const res = await fetch(`${world.gw.url}/w/index.php`);
      expect(res.headers.get('set-cookie')).toBe('my_wiki_session=new; path=/');
    });

    it('appends the socket address to X-Forwarded-For', async () => {
      await fetch(`${world.gw.url}/w/index.php`, { headers: { 'x-forwarded-for': '10.1.1.1' } });
      expect(lastReceived().headers['x-forwarded-for']).toBe('10.1.1.1, 127.0.0.1');
    });

    it('streams a POST body unchanged', async () => {
      await fetch(`${world.gw.url}/w/index.php?title=X&action=submit`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'wpTextbox1=hello&wpSave=1',
      });
      expect(lastReceived().body).toBe('wpTextbox1=hello&wpSave=1');
    });
  });
});
