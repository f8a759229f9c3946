import { expectRefused, send } from '../../helpers/reading';
import { startWorld, stopWorld, type World } from '../setup';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => stopWorld(world));

// PHP keeps the last of a repeated name; a reader that kept the first would grant `edit`.
describe('a repeated parameter', () => {
  it.each([
    '/w/api.php?action=opensearch&search=x&action=edit&title=A&text=x',
    '/w/api.php?action=opensearch&search=x&action=opensearch',
    '/w/api.php?action=query&list=search&srsearch=x&list=allusers',
    '/w/api.php?action=opensearch&search=x&format=json&format=xml',
    '/w/api.php?action=opensearch&search=x&%61ction=edit',
    '/w/api.php?action=opensearch&search=x&action%00x=edit',
  ])('refuses %p with 400 and forwards nothing', async (target) => {
    expectRefused(await send(world, { target }), 400, 'mwgate-ambiguous-request');
  });

  it('refuses a name repeated inside an urlencoded body', async () => {
    const outcome = await send(world, {
      method: 'POST',
      target: '/w/api.php',
      headers: ['Content-Type: application/x-www-form-urlencoded'],
      body: 'action=opensearch&search=x&action=edit',
    });
    expectRefused(outcome, 400, 'mwgate-ambiguous-request');
  });
});
