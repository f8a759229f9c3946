import { expectRefused, send } from '../../helpers/reading';
import { startWorld, stopWorld, type World } from '../setup';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => stopWorld(world));

// PHP drops leading spaces, turns space and `.` into `_`, ends a name at NUL and
// reads brackets as arrays: each of these names means something else to PHP.
describe('a parameter name PHP would rewrite', () => {
  it.each([
    '/w/api.php?action=opensearch&search=x&%20action=delete&title=A',
    '/w/api.php?action=opensearch&search=x&+action=delete&title=A',
    '/w/api.php?action=opensearch&search=x&act%00ion=query&meta=tokens',
    '/w/api.php?search=x&action%00x=opensearch',
    '/w/api.php?action=opensearch&search=x&act.ion=query',
    '/w/api.php?action=opensearch&search=x&act%20ion=query',
    '/w/api.php?action=opensearch&search=x&action.=query',
    '/w/api.php?action[]=opensearch&search=x',
    '/w/api.php?action=query&list[x]=search&srsearch=x',
    '/w/api.php?action=opensearch&search=x&action[=query',
  ])('refuses %p with 400 and forwards nothing', async (target) => {
    expectRefused(await send(world, { target }), 400, 'mwgate-ambiguous-request');
  });

  it('refuses a rewritten name in an urlencoded body', async () => {
    const outcome = await send(world, {
      method: 'POST',
      target: '/w/api.php?search=x',
      headers: ['Content-Type: application/x-www-form-urlencoded'],
      body: 'action=opensearch&%20action=edit',
    });
    expectRefused(outcome, 400, 'mwgate-ambiguous-request');
  });
});
