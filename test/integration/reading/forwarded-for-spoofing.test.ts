import { addressWorld, INSIDE_KEY } from '../../helpers/address-keys';
import { expectForwarded, expectRefused, send, type Outcome } from '../../helpers/reading';
import { startWorld, stopWorld, type World } from '../setup';

const OPENSEARCH = '/w/api.php?action=opensearch&search=x';
const withInsideKey = (...headers: string[]) => [`Authorization: ApiKey ${INSIDE_KEY}`, ...headers];

/** The X-Forwarded-For lines the wiki received: exactly one, written by the gateway. */
function forwardedFor(outcome: Outcome): string {
  const got = expectForwarded(outcome);
  const lines = [];
  for (let i = 0; i < got.rawHeaders.length; i += 2) {
    if (got.rawHeaders[i].toLowerCase() === 'x-forwarded-for') lines.push(got.rawHeaders[i + 1]);
  }
  expect(lines).toHaveLength(1);
  return lines[0];
}

describe('a client that names its own address, with no trusted proxy', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld(addressWorld([]));
  });
  afterAll(() => stopWorld(world));

  it.each([
    ['X-Forwarded-For: 10.1.2.3'],
    ['X-Forwarded-For: 127.0.0.1, 10.1.2.3'],
    ['X-Real-IP: 10.1.2.3'],
    ['Forwarded: for=10.1.2.3'],
    ['Client-IP: 10.1.2.3'],
    ['True-Client-IP: 10.1.2.3'],
  ])('is judged by its socket, not %p', async (header) => {
    const outcome = await send(world, { target: OPENSEARCH, headers: withInsideKey(header) });
    expectRefused(outcome, 403, 'mwgate-address-not-allowed');
  });
});

describe('a client behind trusted proxies', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld(addressWorld(['127.0.0.1', '192.0.2.0/24']));
  });
  afterAll(() => stopWorld(world));

  it.each([
    ['10.1.2.3', '10.1.2.3'],
    ['10.1.2.3, 192.0.2.5', '10.1.2.3'],
    ['198.51.100.7, 10.1.2.3, 192.0.2.5, 192.0.2.6', '10.1.2.3'],
    ['  10.1.2.3 ,192.0.2.5', '10.1.2.3'],
  ])('reads %p right to left and the wiki receives only %p', async (xff, client) => {
    const outcome = await send(world, {
      target: OPENSEARCH,
      headers: withInsideKey(`X-Forwarded-For: ${xff}`),
    });
    expect(forwardedFor(outcome)).toBe(client);
  });

  it.each([
    [['X-Forwarded-For: 10.1.2.3, 198.51.100.7']],
    [['X-Forwarded-For: 10.1.2.3', 'X-Forwarded-For: 198.51.100.7']],
    [['X-Forwarded-For: 198.51.100.7, 192.0.2.5']],
  ])('stops at the first untrusted hop: %j', async (headers) => {
    const outcome = await send(world, { target: OPENSEARCH, headers: withInsideKey(...headers) });
    expectRefused(outcome, 403, 'mwgate-address-not-allowed');
  });

  it.each([['10.1.2.3, bogus'], ['10.1.2.3, 192.0.2.5:8080'], ['10.1.2.3, 192.0.2.5, ']])(
    'refuses a malformed hop the walk reaches, in %p',
    async (xff) => {
      const outcome = await send(world, {
        target: OPENSEARCH,
        headers: withInsideKey(`X-Forwarded-For: ${xff}`),
      });
      expectRefused(outcome, 400, 'mwgate-ambiguous-request');
    },
  );

  it('takes the socket itself when a trusted proxy sends no X-Forwarded-For', async () => {
    const outcome = await send(world, { target: OPENSEARCH, headers: withInsideKey() });
    expectRefused(outcome, 403, 'mwgate-address-not-allowed');
  });
});
