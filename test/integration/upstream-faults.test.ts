import { request } from 'node:http';
import { startGateway, type RunningGateway } from '../helpers/gateway';
import { startFaultyWiki, type FaultyWiki } from '../helpers/faulty-wiki';

const KEY = 'fault-key-0123456789abcdef';
/** Short, so that the slow faults end quickly; the wiki stalls for a minute. */
const WIKI_TIMEOUT_SECONDS = 0.3;

let wiki: FaultyWiki;
let gw: RunningGateway;
const crashes: unknown[] = [];
const onCrash = (error: unknown) => crashes.push(error);

beforeAll(async () => {
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  wiki = await startFaultyWiki();
  gw = await startGateway({
    wiki: { url: wiki.url, scriptPath: '/w', timeoutSeconds: WIKI_TIMEOUT_SECONDS },
    accounts: { reader: { username: 'Service reader@gateway', password: 'any' } },
    apiKeys: [
      {
        id: 'k',
        key: KEY,
        account: 'reader',
        allowFrom: ['127.0.0.1'],
        restRoutes: ['GET /v1/**'],
        actionModules: ['query'],
      },
    ],
  });
});
afterAll(async () => {
  await gw?.close();
  await wiki?.stop();
  process.off('uncaughtException', onCrash);
  process.off('unhandledRejection', onCrash);
});
afterEach(() => expect(crashes).toEqual([]));

/** GET through the gateway; the body as far as it came, and whether it was cut. */
function get(path: string, authorization?: string) {
  return new Promise<{
    status: number;
    headers: Record<string, unknown>;
    body: string;
    cut: boolean;
  }>((resolve, reject) => {
    const headers = authorization ? { authorization } : {};
    const req = request(`${gw.url}${path}`, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('error', () => undefined);
      res.on('close', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, cut: !res.complete }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const REST = '/w/rest.php/v1/fault/';
const ACTION = '/w/api.php?action=query&x=/fault/';

describe('a wiki that misbehaves', () => {
  it.each([
    ['slow to answer, REST', `${REST}slow-headers`, 504, 'mwgate-upstream-timeout', 'rest'],
    [
      'slow to answer, Action API',
      `${ACTION}slow-headers`,
      504,
      'mwgate-upstream-timeout',
      'action',
    ],
    ['answering garbage', `${REST}garbage`, 502, 'mwgate-upstream-unavailable', 'rest'],
    [
      'hanging up before answering',
      `${ACTION}hang-up`,
      502,
      'mwgate-upstream-unavailable',
      'action',
    ],
  ])(
    'answers a wiki %s with 502 or 504 in the API shape',
    async (_name, path, status, code, shape) => {
      for (const authorization of [undefined, `ApiKey ${KEY}`]) {
        const res = await get(path, authorization);
        expect(res.status).toBe(status);
        if (shape === 'action') {
          expect(res.headers['mediawiki-api-error']).toBe(code);
          expect(JSON.parse(res.body).error.code).toBe(code);
        } else {
          expect(JSON.parse(res.body)).toMatchObject({ httpCode: status, errorKey: code });
        }
      }
      const logged = gw.logs.filter((line) => line.msg === 'upstream failed').at(-1);
      expect(logged?.err).toEqual(expect.objectContaining({ message: expect.any(String) }));
    },
  );

  it.each([
    ['resets mid-body', `${REST}reset-mid-body`],
    ['stalls mid-body', `${REST}slow-body`],
  ])('cuts the client answer when the wiki %s', async (_name, path) => {
    const res = await get(path, `ApiKey ${KEY}`);
    expect(res.status).toBe(200);
    expect(res.cut).toBe(true);
    expect(res.body).toBe('{"partial":');
  });

  it('answers 502 while the wiki is down and serves again once it is back', async () => {
    await wiki.stop();
    const down = await get(`${REST}ok`, `ApiKey ${KEY}`);
    expect(down.status).toBe(502);
    expect(JSON.parse(down.body).errorKey).toBe('mwgate-upstream-unavailable');

    await wiki.start();
    const back = await get(`${REST}ok`, `ApiKey ${KEY}`);
    expect(back.status).toBe(200);
    expect(JSON.parse(back.body)).toEqual({ ok: true });
  });
});
