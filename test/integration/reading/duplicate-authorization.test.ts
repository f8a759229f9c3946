import { expectRefused, send } from '../../helpers/reading';
import { NARROW_KEY, startWorld, stopWorld, type World } from '../setup';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => stopWorld(world));

// Node keeps the first of two Authorization lines, PHP may keep another.
describe('more than one credential', () => {
  it.each([
    [[`Authorization: ApiKey ${NARROW_KEY}`, 'Authorization: Bearer x']],
    [['Authorization: Bearer x', `Authorization: ApiKey ${NARROW_KEY}`]],
    [[`Authorization: ApiKey ${NARROW_KEY}`, `authorization: ApiKey ${NARROW_KEY}`]],
    [[`Authorization: ApiKey ${NARROW_KEY}, Bearer x`]],
    [[`Authorization: Bearer x, ApiKey ${NARROW_KEY}`]],
    [[`Authorization: ApiKey ${NARROW_KEY},ApiKey other`]],
  ])('refuses %j with 400 and forwards nothing', async (headers) => {
    const outcome = await send(world, {
      target: '/w/api.php?action=opensearch&search=x',
      headers,
    });
    expectRefused(outcome, 400);
  });
});
