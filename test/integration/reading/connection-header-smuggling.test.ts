import { expectForwarded, expectRefused, mintAppToken, send } from '../../helpers/reading';
import { STUB_SESSION_COOKIE } from '../../helpers/stub-wiki';
import { startWorld, stopWorld, type World } from '../setup';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => stopWorld(world));

const SERVICE_COOKIE = new RegExp(`^my_wiki_session=s\\d+; ${STUB_SESSION_COOKIE}=Service%20`);

// Hop-by-hop removal must not remove what the gateway adds, and nothing the
// client sends may stand beside or in place of it.
describe('headers that would smuggle or shadow the gateway own', () => {
  it('keeps the service cookie when an AppToken client lists Cookie in Connection', async () => {
    const token = await mintAppToken(world);
    const got = expectForwarded(
      await send(world, {
        target: '/w/api.php?action=query&meta=userinfo',
        headers: [
          `Authorization: AppToken ${token}`,
          'Connection: close, Cookie',
          'Cookie: my_wiki_session=chosen-by-client',
        ],
      }),
    );
    expect(got.headers.cookie).toMatch(SERVICE_COOKIE);
    expect(got.headers.cookie).not.toContain('chosen-by-client');
    expect(got.rawHeaders.filter((name) => name.toLowerCase() === 'cookie')).toHaveLength(1);
  });

  it.each([
    ['X-Forwarded-For'],
    ['Content-Length'],
    ['Cookie, X-Forwarded-For'],
    ['keep-alive, X-Forwarded-For, Cookie'],
  ])('keeps the gateway headers when Connection names %p', async (listed) => {
    const got = expectForwarded(
      await send(world, {
        target: '/w/api.php?action=opensearch&search=x',
        headers: [`Connection: ${listed}`, 'X-Forwarded-For: 10.9.9.9', 'Cookie: a=b'],
      }),
    );
    expect(got.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(got.headers.cookie).toMatch(SERVICE_COOKIE);
    expect(got.url).toContain('assertuser=Service%20reader');
  });

  it('drops a header the client names in Connection', async () => {
    const got = expectForwarded(
      await send(world, {
        target: '/w/api.php?action=opensearch&search=x',
        headers: ['Connection: X-Secret', 'X-Secret: 1', 'X-Kept: 1'],
      }),
    );
    expect(got.headers['x-secret']).toBeUndefined();
    expect(got.headers['x-kept']).toBe('1');
  });

  it('removes method-override and URL-rewrite headers', async () => {
    const got = expectForwarded(
      await send(world, {
        target: '/w/api.php?action=opensearch&search=x',
        headers: [
          'X-HTTP-Method-Override: POST',
          'X-HTTP-Method: DELETE',
          'X-Method-Override: PUT',
          'X-Original-URL: /w/api.php?action=edit',
          'X-Rewrite-URL: /w/api.php?action=edit',
          'Forwarded: for=10.9.9.9',
          'X-Real-IP: 10.9.9.9',
        ],
      }),
    );
    for (const name of [
      'x-http-method-override',
      'x-http-method',
      'x-method-override',
      'x-original-url',
      'x-rewrite-url',
      'forwarded',
      'x-real-ip',
    ]) {
      expect(got.headers[name]).toBeUndefined();
    }
  });

  it.each([['X_Forwarded_For: 10.1.2.3'], ['Cookie_: x'], ['X-Forwarded_For: 10.1.2.3']])(
    'refuses the underscore header %p, which PHP would read as a dashed one',
    async (line) => {
      const outcome = await send(world, {
        target: '/w/api.php?action=opensearch&search=x',
        headers: [line],
      });
      expectRefused(outcome, 400, 'mwgate-ambiguous-request');
    },
  );
});
