import { expectForwarded, expectRefused, send } from '../../helpers/reading';
import { startWorld, stopWorld, type World } from '../setup';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => stopWorld(world));

// Routes match raw segments, whole and case-sensitively, never the query.
describe('a REST path that only looks like an allowed route', () => {
  it.each([
    '/w/rest.php/v1/search/pagex?q=x',
    '/w/rest.php/v1/search/page/x?q=x',
    '/w/rest.php/v1/search?q=x',
    '/w/rest.php/V1/search/page?q=x',
    '/w/rest.php/v1/Search/page?q=x',
    '/w/rest.php/v1/page/Main_Page/history?x=/v1/search/page',
    '/w/rest.php/v1/page/Main_Page/history?/v1/search/page',
    '/w/rest.php/v1/search%2Fpage?q=x',
  ])('refuses %p with 403 and forwards nothing', async (target) => {
    expectRefused(await send(world, { target }), 403, 'service-token-not-allowed');
  });

  it.each([['POST'], ['PUT'], ['DELETE']])('refuses %s on a GET route', async (method) => {
    const outcome = await send(world, { method, target: '/w/rest.php/v1/search/page?q=x' });
    expectRefused(outcome, 403, 'service-token-not-allowed');
  });

  it.each([['GET'], ['HEAD']])('grants %s /v1/search/page', async (method) => {
    const outcome = await send(world, { method, target: '/w/rest.php/v1/search/page?q=x' });
    expect(outcome.received).toHaveLength(1);
    expect(outcome.received[0].url).toBe('/w/rest.php/v1/search/page?q=x');
  });

  it('grants a {title} route with a title holding an encoded slash', async () => {
    expectForwarded(await send(world, { target: '/w/rest.php/v1/page/A%2FB%2F...%2FC' }));
  });

  it('refuses a {title} that an encoded slash turns into a dot segment', async () => {
    expectRefused(await send(world, { target: '/w/rest.php/v1/page/A%2F..%2FB' }), 400);
  });
});
