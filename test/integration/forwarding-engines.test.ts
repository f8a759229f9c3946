import {
  Agent,
  createServer,
  request,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { passThroughHeaders } from '../../src/http/forward-headers';
import { sendError } from '../../src/http/respond';
import { createForwarder, ENGINES, type Engine } from '../../src/proxy/create-forwarder';
import type { Forward, Forwarder } from '../../src/proxy/forwarder';
import { rawRequest } from '../helpers/raw-http';
import { startStubWiki, type StubWiki } from '../helpers/stub-wiki';

/** A bare proxy over one engine: every request forwarded with `extra` mixed in. */
interface Proxy {
  readonly url: string;
  extra: (req: IncomingMessage, res: ServerResponse) => Partial<Forward>;
  close(): Promise<void>;
}

async function startProxy(engine: Engine, target: string, timeoutMs = 5000): Promise<Proxy> {
  const forwarder: Forwarder = createForwarder(engine, {
    target,
    timeoutMs,
    onError: (error, _req, res) => sendError(res, error, 'action'),
  });
  const proxy = {
    extra: (() => ({})) as Proxy['extra'],
  };
  const server = createServer((req, res) => {
    const headers = passThroughHeaders(req, '127.0.0.1');
    forwarder.forward({ req, res, headers, ...proxy.extra(req, res) });
  });
  const url = await listen(server);
  return Object.assign(proxy, {
    url,
    close: async () => {
      await closeAll(server);
      forwarder.close();
    },
  });
}

/** A wiki that takes requests and never answers; it counts the ones whose socket closed. */
async function startHangingWiki() {
  const state = { received: 0, closed: 0 };
  const server = createServer((req) => {
    state.received++;
    req.socket.once('close', () => state.closed++);
  });
  const url = await listen(server);
  return Object.assign(state, { url, close: () => closeAll(server) });
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    });
  });
}

function closeAll(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe.each(ENGINES)('the %s engine', (engine) => {
  let wiki: StubWiki;
  let proxy: Proxy;
  beforeAll(async () => {
    wiki = await startStubWiki({});
    proxy = await startProxy(engine, wiki.url);
  });
  afterAll(async () => {
    await proxy.close();
    await wiki.close();
  });
  afterEach(() => {
    proxy.extra = () => ({});
  });

  it('answers Connection: close to a client that asked for it', async () => {
    const res = await rawRequest(
      proxy.url,
      'GET /w/index.php HTTP/1.1\r\nHost: wiki\r\nConnection: close\r\n\r\n',
    );
    expect(res.status).toBe(200);
    expect(res.headers).toMatch(/\r\nconnection: close/i);
    expect(res.headers).not.toMatch(/keep-alive: /i);
  });

  it('passes Set-Cookie when nobody absorbs it, and absorbs it when asked', async () => {
    wiki.nextSetCookie = ['a=1; path=/'];
    const passed = await fetch(`${proxy.url}/w/index.php`);
    expect(passed.headers.get('set-cookie')).toBe('a=1; path=/');

    const absorbed: string[] = [];
    proxy.extra = () => ({ absorbCookies: (lines) => absorbed.push(...lines) });
    wiki.nextSetCookie = ['b=2; path=/'];
    const swapped = await fetch(`${proxy.url}/w/index.php`);
    expect(swapped.headers.get('set-cookie')).toBeNull();
    expect(absorbed).toEqual(['b=2; path=/']);
  });

  it('streams a chunked request body to the wiki', async () => {
    const res = await rawRequest(
      proxy.url,
      'POST /w/index.php HTTP/1.1\r\nHost: wiki\r\nConnection: close\r\n' +
        'Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n',
    );
    expect(res.status).toBe(200);
    expect(wiki.received[wiki.received.length - 1].body).toBe('hello world');
  });

  it('keeps the client connection open after streaming a request body', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const post = () =>
      new Promise<boolean>((resolve, reject) => {
        const req = request(`${proxy.url}/w/index.php`, { method: 'POST', agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(req.reusedSocket));
        });
        req.on('error', reject);
        req.end('wpTextbox1=hello');
      });
    expect(await post()).toBe(false);
    expect(await post()).toBe(true);
    agent.destroy();
  });

  it('answers 502 in the API error shape when the wiki refuses connections', async () => {
    const gone = await startHangingWiki();
    await gone.close();
    const refused = await startProxy(engine, gone.url);
    const res = await fetch(`${refused.url}/w/api.php`);
    expect(res.status).toBe(502);
    expect(res.headers.get('mediawiki-api-error')).toBe('mwgate-upstream-unavailable');
    await refused.close();
  });

  it('answers 504 when the wiki does not answer in time', async () => {
    const hanging = await startHangingWiki();
    const slow = await startProxy(engine, hanging.url, 300);
    const res = await fetch(`${slow.url}/w/api.php`);
    expect(res.status).toBe(504);
    expect(res.headers.get('mediawiki-api-error')).toBe('mwgate-upstream-timeout');
    await slow.close();
    await hanging.close();
  });

  it('aborts the upstream request when the client hangs up', async () => {
    const hanging = await startHangingWiki();
    const relay = await startProxy(engine, hanging.url);
    const client = new AbortController();
    const pending = fetch(`${relay.url}/w/api.php`, { signal: client.signal }).catch(() => null);
    await until(() => hanging.received === 1);

    client.abort();
    await pending;
    await until(() => hanging.closed === 1);
    expect(hanging.closed).toBe(1);
    await relay.close();
    await hanging.close();
  });
});

describe('the undici engine asked to inspect an answer', () => {
  let wiki: StubWiki;
  let proxy: Proxy;
  beforeAll(async () => {
    wiki = await startStubWiki({});
    proxy = await startProxy('undici', wiki.url);
  });
  afterAll(async () => {
    await proxy.close();
    await wiki.close();
  });

  it('hands it the status and headers, and passes the answer on', async () => {
    const seen: [number, unknown][] = [];
    proxy.extra = () => ({
      inspect: (status, headers) => {
        seen.push([status, headers['content-type']]);
        return 'pass';
      },
    });
    const res = await fetch(`${proxy.url}/w/api.php?action=query`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ echo: { method: 'GET', url: '/w/api.php?action=query' } });
    expect(seen).toEqual([[200, 'application/json']]);
  });

  it('drops an answer to retry, writes nothing, calls onRetry once, and serves the retry', async () => {
    const before = wiki.received.length;
    const retries: number[] = [];
    const forwarder = createForwarder('undici', {
      target: wiki.url,
      timeoutMs: 5000,
      onError: (error, _req, res) => sendError(res, error, 'action'),
    });
    proxy.extra = (req, res) => {
      let attempt = 0;
      const again = (): Partial<Forward> => ({
        url: `/w/api.php?attempt=${++attempt}`,
        inspect: () => (attempt === 1 ? 'retry' : 'pass'),
        onRetry: () => {
          retries.push(attempt);
          expect(res.headersSent).toBe(false);
          forwarder.forward({
            req,
            res,
            headers: passThroughHeaders(req, '127.0.0.1'),
            ...again(),
          });
        },
      });
      return again();
    };

    wiki.nextSetCookie = ['dropped=1; path=/'];
    const res = await fetch(`${proxy.url}/w/api.php`);
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await res.json()).toEqual({ echo: { method: 'GET', url: '/w/api.php?attempt=2' } });
    expect(retries).toEqual([1]);
    expect(wiki.received.length - before).toBe(2);
    forwarder.close();
  });
});
