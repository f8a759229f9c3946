import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { PassThrough } from 'node:stream';
import { Pool, type Dispatcher } from 'undici';
import type { Forward, Forwarder, ForwarderOptions } from './forwarder';
import { adaptResponseHeaders } from './response-headers';
import { upstreamError } from './upstream-error';

/**
 * Response headers that describe the wiki's connection or framing: Node
 * frames the client's answer itself (chunked or not, kept alive or not).
 */
const RESPONSE_HOP_BY_HOP = ['transfer-encoding', 'proxy-connection', 'trailer', 'upgrade', 'te'];

/** undici's timeouts, which http-proxy reports as a socket timeout: both are 504. */
const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

const MS_PER_SECOND = 1000;

/** Why an upstream request was aborted: the client hung up first. */
class ClientClosedError extends Error {
  readonly code = 'MWGATE_CLIENT_CLOSED';
}

/**
 * The undici engine: one keep-alive Pool to the wiki, each request sent with
 * `dispatch` and its answer written to the client as it arrives, with
 * backpressure. Cheaper per request than http-proxy (no ClientRequest, no
 * IncomingMessage, no pipe), same behaviour.
 */
export function createUndiciForwarder(options: ForwarderOptions): Forwarder {
  const pool = new Pool(new URL(options.target).origin, {
    connect: { timeout: options.timeoutMs },
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });

  function forward(request: Forward): void {
    const { req } = request;
    // undici destroys a stream body when done with it; destroying the client's
    // request before its 'end' would close the client's kept-alive socket.
    const headers = requestHeaders(request.headers);
    const streamed = request.body === undefined && hasBody(req.headers);
    pool.dispatch(
      {
        method: req.method ?? 'GET',
        path: request.url ?? req.url ?? '/',
        headers: headers as Record<string, string | string[] | undefined>,
        body: request.body ?? (streamed ? req.pipe(new PassThrough()) : null),
      },
      new ForwardHandler(request, options.onError),
    );
  }

  return {
    forward,
    close() {
      pool.destroy().catch(() => undefined);
    },
  };
}

/**
 * One request's way back: status and headers checked and adapted, body
 * written with backpressure, errors mapped, the upstream request aborted when
 * the client goes away.
 */
class ForwardHandler implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  private retrying = false;
  private clientGone = false;
  private done = false;
  private readonly startedMs = performance.now();

  constructor(
    private readonly request: Forward,
    private readonly answerError: ForwarderOptions['onError'],
  ) {
    request.res.once('close', this.onClientClose);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.clientGone) controller.abort(new ClientClosedError('client closed'));
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    status: number,
    headers: IncomingHttpHeaders,
    statusMessage?: string,
  ): void {
    if (status < 200) return; // 1xx: the final answer follows
    this.observe(String(status));
    const { res, inspect } = this.request;
    if (inspect !== undefined && inspect(status, headers) === 'retry') {
      this.retrying = true;
      return;
    }

    for (const name of RESPONSE_HOP_BY_HOP) delete headers[name];
    adaptResponseHeaders(headers, res, this.request.absorbCookies);
    if (statusMessage) res.writeHead(status, statusMessage, headers);
    else res.writeHead(status, headers);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.retrying || this.clientGone) return; // drained, dropped
    if (this.request.res.write(chunk)) return;
    controller.pause();
    this.request.res.once('drain', this.resume);
  }

  onResponseEnd(): void {
    this.finish();
    if (this.retrying) this.request.onRetry?.();
    else this.request.res.end();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.finish();
    const { req, res } = this.request;
    if (this.clientGone) return;
    if (this.retrying) {
      // The answer being dropped broke off: the retry goes out on another connection.
      this.request.onRetry?.();
      return;
    }
    if (res.headersSent) {
      res.destroy(error);
      return;
    }
    this.observe('error');
    const code = (error as NodeJS.ErrnoException).code ?? '';
    this.answerError(upstreamError(error, TIMEOUT_CODES.has(code)), req, res);
  }

  private observe(status: string): void {
    this.request.onUpstream?.(status, (performance.now() - this.startedMs) / MS_PER_SECOND);
  }

  private finish(): void {
    this.done = true;
    this.request.res.off('close', this.onClientClose);
  }

  private readonly resume = (): void => {
    this.controller?.resume();
  };

  private readonly onClientClose = (): void => {
    if (this.done || this.request.res.writableFinished) return;
    this.clientGone = true;
    this.controller?.abort(new ClientClosedError('client closed'));
  };
}

/**
 * The headers as undici takes them. `Expect` is Node's to answer (it already
 * sent the client `100 Continue`) and undici refuses it.
 */
function requestHeaders(headers: OutgoingHttpHeaders): OutgoingHttpHeaders {
  delete headers.expect;
  return headers;
}

/** Whether the client's request has a body to stream (RFC 9112 §6.3). */
function hasBody(headers: IncomingHttpHeaders): boolean {
  const length = headers['content-length'];
  return (length !== undefined && length !== '0') || headers['transfer-encoding'] !== undefined;
}
