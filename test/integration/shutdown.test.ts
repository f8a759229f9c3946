import { request } from 'node:http';
import { spawnGateway, type ChildGateway } from '../helpers/child-gateway';
import { startStubWiki, STUB_DELAY_PARAM, type StubWiki } from '../helpers/stub-wiki';

const READER_PASSWORD = 'reader-pass-0123456789';
const KEY = 'shutdown-key-0123456789abcdef';

let wiki: StubWiki;
let gw: ChildGateway | undefined;

beforeEach(async () => {
  wiki = await startStubWiki({ 'Service reader@gateway': READER_PASSWORD });
});
afterEach(async () => {
  await gw?.stop();
  await wiki.close();
});

function start(drainSeconds: number): Promise<ChildGateway> {
  return spawnGateway({
    wiki: { url: wiki.url },
    accounts: { reader: { username: 'Service reader@gateway', password: READER_PASSWORD } },
    apiKeys: [
      { id: 'k', key: KEY, account: 'reader', allowFrom: ['127.0.0.1'], actionModules: ['query'] },
    ],
    shutdown: { drainSeconds },
  });
}

/** A request the stub wiki answers after `delayMs`; resolves with the status or the error. */
function slowRequest(url: string, delayMs: number, authorization?: string) {
  return new Promise<number | string>((resolve) => {
    const target = `${url}/w/api.php?action=query&${STUB_DELAY_PARAM}=${delayMs}`;
    const headers = authorization ? { authorization } : {};
    const req = request(target, { headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', (error) => resolve(error.message));
    });
    req.on('error', (error) => resolve((error as NodeJS.ErrnoException).code ?? error.message));
    req.end();
  });
}

const receivedCount = (part: string) => wiki.received.filter((r) => r.url.includes(part)).length;

describe('SIGTERM', () => {
  it('lets a slow request in flight finish, refuses new ones, logs out nothing, exits 0', async () => {
    gw = await start(10);
    const passing = slowRequest(gw.url, 1500);
    const swapped = slowRequest(gw.url, 1500, `ApiKey ${KEY}`);
    while (receivedCount(STUB_DELAY_PARAM) < 2) await new Promise((r) => setTimeout(r, 20));

    gw.process.kill('SIGTERM');
    await gw.waitForLog((line) => line.msg === 'shutting down');
    expect(await fetch(`${gw.adminUrl}/readyz`).then((res) => res.status)).toBe(503);
    expect(await slowRequest(gw.url, 0)).toBe('ECONNREFUSED');

    expect(await passing).toBe(200);
    expect(await swapped).toBe(200);
    expect(await gw.exited).toEqual({ code: 0, signal: null });
    expect(gw.logs().find((line) => line.msg === 'shutdown complete')).toMatchObject({
      abandoned: 0,
    });
    const all = wiki.received.map((r) => `${r.url} ${r.body}`).join('\n');
    expect(all).not.toMatch(/action=logout/);
  });

  it('gives up on requests still running after shutdown.drainSeconds and exits 0', async () => {
    gw = await start(0.3);
    const stuck = slowRequest(gw.url, 5000);
    while (receivedCount(STUB_DELAY_PARAM) < 1) await new Promise((r) => setTimeout(r, 20));

    gw.process.kill('SIGTERM');
    expect(await gw.exited).toEqual({ code: 0, signal: null });
    expect(gw.logs().find((line) => line.msg === 'shutdown complete')).toMatchObject({
      abandoned: 1,
    });
    expect(await stuck).not.toBe(200);
  });

  it('exits 0 at once when nothing is in flight', async () => {
    gw = await start(10);
    gw.process.kill('SIGINT');
    expect(await gw.exited).toEqual({ code: 0, signal: null });
  });
});
