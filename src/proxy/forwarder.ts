import {
  Agent,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import { Readable } from 'node:stream';
import httpProxy from 'http-proxy';
import type { GatewayError } from '../errors';
import { adaptResponseHeaders } from './response-headers';
import { upstreamError } from './upstream-error';

/**
 * A forwarding engine: the proxy/ folder is the only place that knows
 * http-proxy or undici. Everything else hands it a request with the headers,
 * path and body to send, and gets errors as GatewayErrors.
 */
export interface Forwarder {
  forward(forward: Forward): void;
  close(): void;
}

export interface Forward {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** The headers the wiki receives, in place of the client's. */
  readonly headers: OutgoingHttpHeaders;
  /** The path and query to send; the client's when undefined. */
  readonly url?: string;
  /** The body already read by the gateway; streamed from the client when undefined. */
  readonly body?: Buffer;
  /** Takes the response's Set-Cookie lines, which then never reach the client. */
  readonly absorbCookies?: (lines: string[]) => void;
  /** Told how the wiki answered (its status, or `error`) and after how many seconds. */
  readonly onUpstream?: (status: string, seconds: number) => void;
  /**
   * Sees the wiki's status and headers before anything reaches the client.
   * On 'retry' the engine drains and drops that answer, writes nothing to
   * `res`, and calls `onRetry` once.
   */
  readonly inspect?: (status: number, headers: IncomingHttpHeaders) => 'pass' | 'retry';
  readonly onRetry?: () => void;
}

export interface ForwarderOptions {
  readonly target: string;
  readonly timeoutMs: number;
  /** Answers a request that could not be forwarded (headers not yet sent). */
  readonly onError: (error: GatewayError, req: IncomingMessage, res: ServerResponse) => void;
}

interface InFlight {
  readonly absorbCookies?: (lines: string[]) => void;
  readonly onUpstream?: (status: string, seconds: number) => void;
  readonly startedMs: number;
  timedOut: boolean;
}

const MS_PER_SECOND = 1000;

function observe(state: InFlight | undefined, status: string): void {
  state?.onUpstream?.(status, (performance.now() - state.startedMs) / MS_PER_SECOND);
}

/** Keep-alive connections to the wiki, reused across requests. */
const MAX_FREE_SOCKETS = 64;

// TODO(#6): this engine does not call `inspect`/`onRetry` yet (the session-retry
// work adds it); until then it passes every answer on, as before.
export function createHttpProxyForwarder(options: ForwarderOptions): Forwarder {
  const agent = new Agent({ keepAlive: true, maxFreeSockets: MAX_FREE_SOCKETS });
  const proxy = httpProxy.createProxyServer({
    target: options.target,
    agent,
    xfwd: false,
    changeOrigin: false,
    proxyTimeout: options.timeoutMs,
  });
  const inFlight = new WeakMap<IncomingMessage, InFlight>();

  proxy.on('proxyReq', (proxyReq, req) => {
    const state = inFlight.get(req);
    proxyReq.on('timeout', () => {
      if (state) state.timedOut = true;
    });
  });

  proxy.on('proxyRes', (proxyRes, req, res) => {
    const state = inFlight.get(req);
    observe(state, String(proxyRes.statusCode));
    adaptResponseHeaders(proxyRes.headers, res, state?.absorbCookies);
  });

  // http-proxy emits 'error' with no listener as an uncaught exception.
  proxy.on('error', () => undefined);

  function forward(request: Forward): void {
    const { req, res } = request;
    const state: InFlight = {
      absorbCookies: request.absorbCookies,
      onUpstream: request.onUpstream,
      startedMs: performance.now(),
      timedOut: false,
    };
    inFlight.set(req, state);

    req.headers = request.headers as IncomingMessage['headers'];
    if (request.url !== undefined) req.url = request.url;
    const buffer = request.body === undefined ? undefined : Readable.from([request.body]);

    proxy.web(req, res, { buffer }, (error) => {
      if (!res.headersSent) observe(state, 'error');
      if (res.headersSent) {
        res.destroy(error);
        return;
      }
      options.onError(upstreamError(error, state.timedOut), req, res);
    });
  }

  return {
    forward,
    close() {
      proxy.close();
      agent.destroy();
    },
  };
}
