import { expectForwarded, expectRefused, send } from '../../helpers/reading';
import { startWorld, stopWorld, type World } from '../setup';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => stopWorld(world));

// K allows query+search only: every other submodule, however it is named, is refused.
describe('query submodules beyond the one allowed', () => {
  it.each([
    '/w/api.php?action=query&list=search&srsearch=x&generator=allpages&prop=revisions',
    '/w/api.php?action=query&list=%1Fsearch%1Fallusers&srsearch=x',
    '/w/api.php?action=query&list=search|allusers&srsearch=x',
    '/w/api.php?action=query&list=search%7Callusers&srsearch=x',
    '/w/api.php?action=query&generator=allpages',
    '/w/api.php?action=query&list=search&srsearch=x&meta=tokens',
    '/w/api.php?action=query&list=search&srsearch=x&export=1',
    '/w/api.php?action=query&prop=revisions&titles=Main_Page',
  ])('refuses %p with 403 and forwards nothing', async (target) => {
    expectRefused(await send(world, { target }), 403, 'service-token-not-allowed');
  });

  it.each([
    '/w/api.php?action=query&list=search%E2%80%8B&srsearch=x',
    '/w/api.php?action=opensearch%C2%A0&search=x',
    '/w/api.php?action=query&list=%E2%84%AAsearch&srsearch=x',
  ])('refuses a module value that is not ASCII, %p, with 400', async (target) => {
    expectRefused(await send(world, { target }), 400, 'mwgate-ambiguous-request');
  });

  it.each([
    '/w/api.php?action=query&list=search&srsearch=x',
    '/w/api.php?action=query&list=%1Fsearch&srsearch=x',
    '/w/api.php?action=query&generator=search&gsrsearch=x',
  ])('grants %p', async (target) => {
    expectForwarded(await send(world, { target }));
  });
});
