import { addressWorld, INSIDE_KEY, LOOPBACK_KEY } from '../../helpers/address-keys';
import { expectForwarded, expectRefused, send } from '../../helpers/reading';
import { startWorld, stopWorld, type World } from '../setup';

const OPENSEARCH = '/w/api.php?action=opensearch&search=x';

// ::ffff:a.b.c.d is the IPv4 address a.b.c.d; ::1 is not 127.0.0.1.
describe('IPv4-mapped IPv6 addresses', () => {
  let world: World;
  let v6Url: string;
  beforeAll(async () => {
    // Dual stack: an IPv4 client's socket address reads ::ffff:127.0.0.1.
    world = await startWorld(addressWorld(['127.0.0.1'], { listen: { host: '::', port: 0 } }));
    v6Url = world.gw.url.replace('127.0.0.1', '[::1]');
  });
  afterAll(() => stopWorld(world));

  it('grants a key allowed 10.0.0.0/8 to ::ffff:10.1.2.3 and sends the IPv4 form', async () => {
    const got = expectForwarded(
      await send(world, {
        target: OPENSEARCH,
        headers: [`Authorization: ApiKey ${INSIDE_KEY}`, 'X-Forwarded-For: ::ffff:10.1.2.3'],
      }),
    );
    expect(got.headers['x-forwarded-for']).toBe('10.1.2.3');
  });

  it('trusts the proxy 127.0.0.1 on a socket that reads ::ffff:127.0.0.1', async () => {
    const outcome = await send(world, {
      target: OPENSEARCH,
      headers: [`Authorization: ApiKey ${INSIDE_KEY}`, 'X-Forwarded-For: 10.1.2.3'],
    });
    expect(expectForwarded(outcome).headers['x-forwarded-for']).toBe('10.1.2.3');
  });

  it('grants a key allowed 127.0.0.1/32 over IPv4 on a dual-stack socket', async () => {
    const outcome = await send(world, {
      target: OPENSEARCH,
      headers: [`Authorization: ApiKey ${LOOPBACK_KEY}`],
    });
    expect(expectForwarded(outcome).headers['x-forwarded-for']).toBe('127.0.0.1');
  });

  it('refuses a key allowed 127.0.0.1/32 reached from ::1', async () => {
    const outcome = await send(
      world,
      { target: OPENSEARCH, headers: [`Authorization: ApiKey ${LOOPBACK_KEY}`] },
      v6Url,
    );
    expectRefused(outcome, 403, 'mwgate-address-not-allowed');
  });

  it('refuses ::ffff:10.1.2.3 in X-Forwarded-For from a socket that is not trusted', async () => {
    const outcome = await send(
      world,
      {
        target: OPENSEARCH,
        headers: [`Authorization: ApiKey ${INSIDE_KEY}`, 'X-Forwarded-For: ::ffff:10.1.2.3'],
      },
      v6Url,
    );
    expectRefused(outcome, 403, 'mwgate-address-not-allowed');
  });
});
