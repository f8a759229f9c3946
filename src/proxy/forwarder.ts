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
  /**
   * Judges the wiki's status and headers before anything reaches the client.
   * On 'retry' the answer is drained and dropped, nothing is written to `res`,
   * and `onRetry` is called once: the caller forwards the request again.
   */
  readonly inspect?: (status: number, headers: IncomingHttpHeaders) => 'pass' | 'retry';
  readonly onRetry?: () => void;
  /** Told how the wiki answered (its status, or `error`) and after how many seconds. */
  readonly onUpstream?: (status: string, seconds: number) => void;
}

export interface ForwarderOptions {
  readonly target: string;
  readonly timeoutMs: number;
  /** Answers a request that could not be forwarded (headers not yet sent). */
  readonly onError: (error: GatewayError, req: IncomingMessage, res: ServerResponse) => void;
}

interface InFlight {
  readonly request: Forward;
  readonly startedMs: number;
  timedOut: boolean;
  /** The answer was dropped for a retry: this attempt no longer speaks to the client. */
  retried: boolean;
}

const MS_PER_SECOND = 1000;

function observe(state: InFlight | undefined, status: string): void {
  state?.request.onUpstream?.(status, (performance.now() - state.startedMs) / MS_PER_SECOND);
}

/** Keep-alive connections to the wiki, reused across requests. */
const MAX_FREE_SOCKETS = 64;

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

  proxy.on('proxyReq', (proxyReq, req, res) => {
    const state = inFlight.get(req);
    proxyReq.on('timeout', () => {
      if (state) state.timedOut = true;
    });
    // A client gone before its answer is complete: stop the wiki's work too.
    // http-proxy alone notices only a client that leaves mid-request.
    if (res.destroyed) proxyReq.destroy();
    res.once('close', () => {
      if (!res.writableFinished) proxyReq.destroy();
    });
  });

  proxy.on('proxyRes', (proxyRes, req, res) => {
    const state = inFlight.get(req);
    observe(state, String(proxyRes.statusCode));
    const { inspect, onRetry, absorbCookies } = state?.request ?? {};
    if (state !== undefined && inspect?.(proxyRes.statusCode ?? 0, proxyRes.headers) === 'retry') {
      state.retried = true;
      proxyRes.resume();
      onRetry?.();
      return;
    }

    // A wiki that hangs up mid-body: the client must see a cut answer, not a
    // short one that looks complete, nor wait for its own timeout.
    proxyRes.once('close', () => {
      if (!proxyRes.complete) res.destroy();
    });

    adaptResponseHeaders(proxyRes.headers, res, absorbCookies);
    if (inspect !== undefined) writeAnswer(proxyRes, req, res);
  });

  // http-proxy emits 'error' with no listener as an uncaught exception.
  proxy.on('error', () => undefined);

  function forward(request: Forward): void {
    const { req, res } = request;
    const state: InFlight = {
      request,
      startedMs: performance.now(),
      timedOut: false,
      retried: false,
    };
    inFlight.set(req, state);

    req.headers = request.headers as IncomingMessage['headers'];
    if (request.url !== undefined) req.url = request.url;
    const buffer = request.body === undefined ? undefined : Readable.from([request.body]);
    // An inspected answer may be dropped: then http-proxy must not write it.
    const selfHandleResponse = request.inspect !== undefined;

    proxy.web(req, res, { buffer, selfHandleResponse }, (error) => {
      if (state.retried) return;
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

/** Writes a passed answer, as http-proxy would have, when the forwarder kept the pen. */
function writeAnswer(proxyRes: IncomingMessage, req: IncomingMessage, res: ServerResponse): void {
  if (res.destroyed) {
    proxyRes.resume();
    return;
  }
  // An HTTP/1.0 client cannot read chunks: Node ends the answer by closing instead.
  if (req.httpVersion === '1.0') delete proxyRes.headers['transfer-encoding'];
  for (const [name, value] of Object.entries(proxyRes.headers)) {
    if (value !== undefined) res.setHeader(name, value);
  }
  res.writeHead(proxyRes.statusCode ?? 502, proxyRes.statusMessage);
  proxyRes.pipe(res);
}
