import { expectForwarded, expectRefused, send } from '../../helpers/reading';
import { startWorld, stopWorld, type World } from '../setup';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => stopWorld(world));

// PHP reads the body of a POST with either form type, in any case and with
// any parameters, and the body wins over the query.
describe('a parameter in both query and body', () => {
  it.each([
    'application/x-www-form-urlencoded',
    'APPLICATION/X-WWW-FORM-URLENCODED',
    'application/x-www-form-urlencoded; charset=UTF-8',
    'application/x-www-form-urlencoded;charset=x',
    'application/x-www-form-urlencoded,text/plain',
    'application/x-www-form-urlencoded x',
  ])('refuses a body read as form data (%s) with 400', async (type) => {
    const outcome = await send(world, {
      method: 'POST',
      target: '/w/api.php?action=opensearch&search=x',
      headers: [`Content-Type: ${type}`],
      body: 'action=edit&title=A',
    });
    expectRefused(outcome, 400, 'mwgate-ambiguous-request');
  });

  // PHP ignores these bodies, so does the gateway: the query's opensearch runs.
  it.each([
    ['POST', 'text/plain'],
    ['POST', 'application/json'],
    ['POST', 'application/x-www-form-urlencoded\tx'],
    ['PUT', 'application/x-www-form-urlencoded'],
  ])('forwards %s with %p, whose body PHP ignores, byte for byte', async (method, type) => {
    const body = 'action=edit&title=A';
    const outcome = await send(world, {
      method,
      target: '/w/api.php?action=opensearch&search=x',
      headers: [`Content-Type: ${type}`],
      body,
    });
    const got = expectForwarded(outcome);
    expect(got.body).toBe(body);
  });

  it('refuses two Content-Type headers', async () => {
    const outcome = await send(world, {
      method: 'POST',
      target: '/w/api.php?action=opensearch&search=x',
      headers: ['Content-Type: text/plain', 'Content-Type: application/x-www-form-urlencoded'],
      body: 'action=edit',
    });
    expectRefused(outcome, 400, 'mwgate-ambiguous-request');
  });
});
