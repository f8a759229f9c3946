import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the faulty wiki answers a request whose path ends in `/fault/<name>`. */
export type Fault =
  'ok' | 'slow-headers' | 'slow-body' | 'reset-mid-body' | 'garbage' | 'hang-up' | 'slow-stream';

export interface FaultyWiki {
  readonly url: string;
  readonly port: number;
  /** Requests whose upstream side ended before the answer was complete. */
  readonly aborted: string[];
  /** Requests that arrived, by path. */
  readonly arrived: string[];
  stop(): Promise<void>;
  /** Listens again on the same port: the wiki is back. */
  start(): Promise<void>;
}

const STALL_MS = 60_000;

/**
 * A wiki that logs service accounts in (any password) and misbehaves on
 * demand: the last path segment after `/fault/` names the fault.
 */
export async function startFaultyWiki(): Promise<FaultyWiki> {
  const aborted: string[] = [];
  const arrived: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let server: Server | undefined;
  let port = 0;

  function stall(fn: () => void): void {
    const timer = setTimeout(fn, STALL_MS);
    timers.add(timer);
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    arrived.push(url);
    res.on('close', () => {
      if (!res.writableFinished) aborted.push(url);
    });
    req.resume();
    if (url.includes('type=login') || url.includes('meta=tokens')) {
      return json(res, { query: { tokens: { logintoken: 'LT+\\' } } });
    }
    if (req.method === 'POST' && url.endsWith('/api.php')) {
      res.setHeader('set-cookie', 'my_wiki_BPsession=ok; path=/');
      return json(res, { login: { result: 'Success' } });
    }
    const fault = (/\/fault\/([a-z-]+)/.exec(url)?.[1] ?? 'ok') as Fault;
    FAULTS[fault](req, res, stall);
  }

  async function start(): Promise<void> {
    server = createServer(handle);
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  }

  async function stop(): Promise<void> {
    for (const timer of timers) clearTimeout(timer);
    const running = server;
    server = undefined;
    if (running === undefined) return;
    await new Promise<void>((resolve) => {
      running.close(() => resolve());
      running.closeAllConnections();
    });
  }

  await start();
  return { url: `http://127.0.0.1:${port}`, port, aborted, arrived, stop, start };
}

type Stall = (fn: () => void) => void;

const FAULTS: Record<Fault, (req: IncomingMessage, res: ServerResponse, stall: Stall) => void> = {
  ok: (_req, res) => json(res, { ok: true }),
  'slow-headers': (_req, res, stall) => stall(() => json(res, { late: true })),
  'slow-body': (_req, res, stall) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
    res.write('{"partial":');
    stall(() => res.end());
  },
  'slow-stream': (_req, res, stall) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('first chunk\n');
    stall(() => res.end('never\n'));
  },
  'reset-mid-body': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
    res.write('{"partial":', () => res.socket?.destroy());
  },
  garbage: (req) => {
    req.socket.end('THIS IS NOT HTTP\r\n\r\n');
  },
  'hang-up': (req) => {
    req.socket.destroy();
  },
};

function json(res: ServerResponse, body: unknown): void {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}
