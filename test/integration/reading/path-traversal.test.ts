import { expectForwarded, expectRefused, mintAppToken, send } from '../../helpers/reading';
import { startWorld, stopWorld, type World } from '../setup';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => stopWorld(world));

// A path that a normalising reader (PHP's server, a proxy) and rest.php's
// literal router could read differently is never canonical.
describe('a path that is not in canonical form', () => {
  it.each([
    '/w/rest.php/v1/search/../page/Main_Page/history',
    '/w/rest.php/v1/search/%2e%2e/page/Main_Page/history',
    '/w/rest.php/v1/search/%2E%2E/page/Main_Page/history',
    '/w/rest.php/v1/search/%252e%252e/page/Main_Page/history',
    '/w/rest.php/v1/search/./page',
    '/w/rest.php/v1/search/%2e/page',
    '/w/rest.php//v1/search/page?q=x',
    '/w/rest.php/v1/search/page/?q=x',
    '/w/rest.php/v1/search\\page?q=x',
    '/w/rest.php/v1/search%5Cpage?q=x',
    '/w/rest.php/v1/search%5cpage?q=x',
    '/w/rest.php/v1/search/page;x?q=x',
    '/w/rest.php/v1/search/page%3Bx?q=x',
    '/w/rest.php/v1/search/page%00?q=x',
    '/w/rest.php/v1/search/page%0A?q=x',
    '/w/rest.php/v1/search/page%7F?q=x',
    '/w/rest.php/v1/search/%70age?q=x',
    '/w//api.php?action=opensearch&search=x',
    '/w/./api.php?action=opensearch&search=x',
    '/w/x/../api.php?action=opensearch&search=x',
    '/w/%61pi.php?action=opensearch&search=x',
    '/w/api%2Ephp?action=opensearch&search=x',
    '//w/api.php?action=opensearch&search=x',
    '/w/api.php/?action=opensearch&search=x',
    '///w/api.php?action=opensearch&search=x',
    'http://wiki/w/api.php?action=opensearch&search=x',
    '/w/api.php?action=opensearch&search=x#&action=edit',
  ])('refuses %p with 400 and forwards nothing', async (target) => {
    expectRefused(await send(world, { target }), 400, 'mwgate-bad-path');
  });

  it('refuses OPTIONS * with 400', async () => {
    expectRefused(await send(world, { method: 'OPTIONS', target: '*' }), 400);
  });

  it.each([
    '/w/api.php/extra?action=opensearch&search=x',
    '/w/API.php?action=opensearch&search=x',
    '/w/index.php?title=Main_Page',
  ])('refuses %p, which is not an API to gateway credentials', async (target) => {
    expectRefused(await send(world, { target }), 403, 'mwgate-not-an-api');
  });

  // A server that decodes %2F before resolving dots runs api.php for these:
  // the key's `{title}` route, or an app token's every route, must not reach it.
  it.each([
    '/w/rest.php/v1/page/..%2F..%2F..%2Fapi.php?action=query&meta=userinfo',
    '/w/rest.php/v1/page/..%2f..%2f..%2findex.php?title=Special:BotPasswords',
    '/w/rest.php/v1/page/Foo%2F..%2F..%2F..%2Fapi.php?action=logout',
    '/w/rest.php/v1/page/%2E%2E%2F%2E%2E%2F%2E%2E%2Fapi.php',
    '/w/rest.php/v1/page/%252E%252E%252Fapi.php',
  ])('refuses the encoded-slash traversal %p to a key with a {title} route', async (target) => {
    expectRefused(await send(world, { target }), 400, 'mwgate-bad-path');
  });

  it('refuses the encoded-slash traversal to an app token, which may call any route', async () => {
    const token = await mintAppToken(world);
    const outcome = await send(world, {
      target: '/w/rest.php/x%2F..%2F..%2Fapi.php?action=query&meta=tokens&type=login',
      headers: [`Authorization: AppToken ${token}`],
    });
    expectRefused(outcome, 400, 'mwgate-bad-path');
  });

  it('keeps %2F inside a title segment as it is', async () => {
    const got = expectForwarded(await send(world, { target: '/w/rest.php/v1/page/Foo%2FBar' }));
    expect(got.url).toBe('/w/rest.php/v1/page/Foo%2FBar');
  });
});
