import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the stub wiki received: the integration tests assert on it. */
export interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawHeaders: readonly string[];
  readonly body: string;
}

export interface StubWiki {
  readonly url: string;
  readonly received: Received[];
  /** Bot passwords the stub accepts, by `Name@appid`. */
  readonly passwords: Map<string, string>;
  /** Set-Cookie lines to add to the next non-login answer. */
  nextSetCookie: string[];
  close(): Promise<void>;
}

export const STUB_SESSION_COOKIE = 'my_wiki_BPsession';
/** A query parameter that makes the stub wait so many milliseconds before answering. */
export const STUB_DELAY_PARAM = 'stubDelayMs';

/**
 * A wiki that logs bot passwords in the way MediaWiki does (login token, then
 * action=login) and answers every other request with what it received.
 */
export async function startStubWiki(passwords: Record<string, string>): Promise<StubWiki> {
  const received: Received[] = [];
  const stub = {
    received,
    passwords: new Map(Object.entries(passwords)),
    nextSetCookie: [] as string[],
  };
  let sessions = 0;

  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('latin1');
    const url = new URL(req.url ?? '/', 'http://stub');
    const params = new URLSearchParams(req.method === 'POST' ? body : url.search);

    if (params.get('meta') === 'tokens' && params.get('type') === 'login') {
      res.setHeader('set-cookie', 'my_wiki_session=pre; path=/; HttpOnly');
      return json(res, { query: { tokens: { logintoken: 'LT+\\' } } });
    }
    if (params.get('action') === 'login') {
      const name = params.get('lgname') ?? '';
      if (stub.passwords.get(name) !== params.get('lgpassword')) {
        return json(res, { login: { result: 'Failed', reason: 'Incorrect password' } });
      }
      sessions++;
      res.setHeader('set-cookie', [
        `my_wiki_session=s${sessions}; path=/; HttpOnly`,
        `${STUB_SESSION_COOKIE}=${encodeURIComponent(name)}-${sessions}; path=/; HttpOnly`,
      ]);
      return json(res, { login: { result: 'Success', lgusername: name.split('@')[0] } });
    }

    received.push({
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      rawHeaders: req.rawHeaders,
      body,
    });
    // A slow wiki, on request: `stubDelayMs=N` in the query.
    const delayMs = Number(url.searchParams.get(STUB_DELAY_PARAM) ?? 0);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs).unref());

    if (stub.nextSetCookie.length > 0) {
      res.setHeader('set-cookie', stub.nextSetCookie);
      stub.nextSetCookie = [];
    }
    return json(res, { echo: { method: req.method, url: req.url } });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(stub, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}

function json(res: import('node:http').ServerResponse, body: unknown): void {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}
