import { expectForwarded, expectRefused, send } from '../../helpers/reading';
import { startWorld, stopWorld, type World } from '../setup';

let world: World;
beforeAll(async () => {
  world = await startWorld({ limits: { maxParams: 50 } });
});
afterAll(() => stopWorld(world));

const filler = (count: number, separator = '&') =>
  Array.from({ length: count }, (_, i) => `f${i}=1`).join(separator);

// PHP drops whatever comes after max_input_vars silently; the gateway refuses
// well before, counting as PHP counts.
describe('more parameters than limits.maxParams', () => {
  it('refuses 1000 fillers and an edit after action=opensearch', async () => {
    const target = `/w/api.php?action=opensearch&search=x&${filler(1000)}&action=edit&title=A`;
    expectRefused(await send(world, { target }), 400, 'mwgate-ambiguous-request');
  });

  it('refuses one parameter over the limit', async () => {
    const target = `/w/api.php?action=opensearch&search=x&${filler(49)}`;
    expectRefused(await send(world, { target }), 400, 'mwgate-ambiguous-request');
  });

  it('grants exactly the limit', async () => {
    const target = `/w/api.php?action=opensearch&search=x&${filler(48)}`;
    expectForwarded(await send(world, { target }));
  });

  it('grants empty query pieces, which PHP does not count', async () => {
    const target = `/w/api.php?action=opensearch&search=x&${filler(48, '&&')}`;
    expectForwarded(await send(world, { target }));
  });

  it('refuses empty body pieces, which PHP counts', async () => {
    const outcome = await send(world, {
      method: 'POST',
      target: '/w/api.php',
      headers: ['Content-Type: application/x-www-form-urlencoded'],
      body: `action=opensearch&search=x${'&'.repeat(60)}`,
    });
    expectRefused(outcome, 400, 'mwgate-ambiguous-request');
  });

  it('refuses a multipart body with more parts than the limit', async () => {
    const parts = Array.from(
      { length: 51 },
      (_, i) => `--XyZ\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\n1\r\n`,
    );
    const outcome = await send(world, {
      method: 'POST',
      target: '/w/api.php?action=opensearch',
      headers: ['Content-Type: multipart/form-data; boundary=XyZ'],
      body: `${parts.join('')}--XyZ--\r\n`,
    });
    expectRefused(outcome, 400, 'mwgate-ambiguous-request');
  });

  it('refuses a body over limits.maxBodyBytes with 413', async () => {
    const outcome = await send(world, {
      method: 'POST',
      target: '/w/api.php?action=opensearch',
      headers: ['Content-Type: application/x-www-form-urlencoded'],
      body: `search=${'x'.repeat(1024 * 1024 + 1)}`,
    });
    expectRefused(outcome, 413, 'mwgate-body-too-large');
  });
});
