import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { clientAddress, peerAddress } from '../auth/client-ip';
import { readCredential, type Credential } from '../auth/credentials';
import { resolvePrincipal } from '../auth/principal';
import type { GatewayConfig } from '../config/types';
import { GatewayError, isGatewayError } from '../errors';
import { readCanonicalRequest, type CanonicalRequest } from '../policy/canonical-request';
import { decide, type Decision } from '../policy/decide';
import { assertCanonicalPath, readTarget, type RequestTarget } from '../policy/request-target';
import type { RequestLimits } from '../limits/request-limits';
import { loggablePath } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { Forwarder } from '../proxy/forwarder';
import type { TokenEndpoints } from '../tokens/endpoints';
import type { TokenStore } from '../tokens/store';
import type { AccountSession } from '../wiki/account-session';
import type { Sessions } from '../wiki/sessions';
import { passThroughHeaders, swappedHeaders } from './forward-headers';
import { sendError, type ErrorShape } from './respond';

/** `MediaWiki-API-Error` when `assertuser` names a user the wiki no longer sees. */
const SESSION_LOST_CODE = 'assertnameduserfailed';

/** The status logged for a client that left before its answer ended (nginx's 499). */
const CLIENT_CLOSED = 499;

export interface GatewayDeps {
  readonly config: () => GatewayConfig;
  readonly logger: Logger;
  readonly sessions: Sessions;
  readonly forwarder: Forwarder;
  readonly tokens: TokenStore;
  readonly metrics: Metrics;
  /** The original component's four endpoints, answered by the gateway. */
  readonly endpoints: TokenEndpoints;
  readonly limits: RequestLimits;
}

/** What one gateway-credential request was, for its one decision log line. */
interface DecisionEvent {
  reqId: string;
  keyId?: string;
  account?: string;
  client?: string;
  api: string;
  subject?: string;
  granted: boolean;
  reason: string;
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** The public listener's handler: route, judge, swap, forward. */
export function createGatewayHandler(deps: GatewayDeps): RequestHandler {
  const { logger, sessions, forwarder, tokens, metrics, limits } = deps;
  let requestCount = 0;
  const reqIdPrefix = `${process.pid.toString(36)}-`;

  return function handle(req, res) {
    const config = deps.config();
    const reqId = reqIdPrefix + (++requestCount).toString(36);
    const url = req.url ?? '/';
    const target = readTarget(url, config.wiki.scriptPath);
    const errorShape = shape(target);
    const event: DecisionEvent = { reqId, api: target.target.api, granted: false, reason: '' };

    handleRequest(req, res, config, target, event).catch((error: unknown) => {
      // A client that left while its body was read or its key checked is no fault of ours.
      const clientLeft = !isGatewayError(error) && req.socket.destroyed;
      const refusal = isGatewayError(error)
        ? error
        : new GatewayError('mwgate-internal', clientLeft ? 'client-left' : 'internal', {
            cause: error,
          });
      if (clientLeft) logger.debug({ reqId, err: error }, 'client left mid-request');
      else if (!isGatewayError(error)) logger.error({ reqId, err: error }, 'request failed');
      event.granted = false;
      event.reason = refusal.reason;
      if (res.headersSent) res.destroy();
      else sendError(res, refusal, errorShape);
    });

    const started = performance.now();
    // 'close', not 'finish': a client that hangs up before its answer ends gets a line too.
    res.once('close', () => {
      const ms = Math.round((performance.now() - started) * 100) / 100;
      const status = res.writableFinished ? res.statusCode : CLIENT_CLOSED;
      if (event.reason === '') {
        // Passed through: not a decision, an access line at the operator's level.
        const socket = req.socket.remoteAddress;
        const access = { reqId, client: socket, method: req.method, path: loggablePath(url) };
        logger[config.log.accessLevel]({ ...access, status, ms }, 'access');
        return;
      }
      const subject = event.subject === undefined ? undefined : loggablePath(event.subject);
      logger.info({ ...event, subject, status, ms }, 'gateway decision');
      metrics.decisions.inc({
        api: event.api,
        decision: event.granted ? 'granted' : 'refused',
        reason: event.reason,
        status,
      });
    });
  };

  async function handleRequest(
    req: IncomingMessage,
    res: ServerResponse,
    config: GatewayConfig,
    target: RequestTarget,
    event: DecisionEvent,
  ): Promise<void> {
    const options = { acceptBearer: config.appTokens.acceptBearer };
    const credential = readCredential(req.rawHeaders, options);
    const api = target.target;

    if (api.api === 'rest' && deps.endpoints.owns(req.method ?? 'GET', api.segments)) {
      // A wrong key here counts as a failed authentication, as on any API.
      const client = clientAddress(req, config.trustedProxies).toString();
      await limits.authenticate(client, config.limits.authFailures, () =>
        deps.endpoints.serve(req, res, api.segments, target.query, credential, event),
      );
      return;
    }
    if (credential === undefined) {
      passThrough(req, res, api.api);
      return;
    }
    await handleCredential(req, res, config, target, credential, event);
  }

  async function handleCredential(
    req: IncomingMessage,
    res: ServerResponse,
    config: GatewayConfig,
    target: RequestTarget,
    credential: Credential,
    event: DecisionEvent,
  ): Promise<void> {
    event.reason = 'refused';
    assertCanonicalPath(target.path);
    if (target.target.api === 'none') throw new GatewayError('mwgate-not-an-api', 'not-an-api');
    if (!sessions.ready) throw new GatewayError('mwgate-not-ready', 'not-ready');

    const client = clientAddress(req, config.trustedProxies);
    event.client = client.toString();
    const principal = await limits.authenticate(event.client, config.limits.authFailures, () =>
      resolvePrincipal(credential, client, config, tokens),
    );
    event.account = principal.account;
    if (principal.kind === 'api-key') event.keyId = principal.key.id;
    // An app token spends its issuing key's bucket: minting tokens is no way around the limit.
    const bucketKey = principal.kind === 'api-key' ? principal.key.id : principal.issuer;
    await limits.takeForKey(config.apiKeys.find((key) => key.id === bucketKey));

    const request = await readCanonicalRequest(req, target, config.limits);
    const session = sessions.get(principal.account);
    const decision = decide(principal, request, session.userName);
    Object.assign(event, decisionFields(decision));
    if (decision.error !== undefined) throw decision.error;

    await session.pending?.catch(() => undefined);
    sendSwapped(req, res, request, session, client.toString(), shape(target));
  }

  /**
   * Forwards a swapped request. An Action API answer saying that the service
   * session is gone is dropped: one shared login, then the request goes again,
   * once; the wiki refused the first try, so nothing ran twice or anonymously.
   */
  function sendSwapped(
    req: IncomingMessage,
    res: ServerResponse,
    request: CanonicalRequest,
    session: AccountSession,
    client: string,
    errorShape: ErrorShape,
    retry = false,
  ): void {
    const generation = session.generation;
    const mayRetry = !retry && request.call !== undefined;

    forwarder.forward({
      req,
      res,
      url: forwardUrl(request, session.userName),
      body: request.body,
      headers: swappedHeaders(req, {
        cookie: session.cookieHeader(),
        clientAddress: client,
        bodyLength: request.body.length,
      }),
      absorbCookies: (lines) => session.absorb(lines, generation),
      inspect: mayRetry ? inspectSession : undefined,
      onRetry: () => {
        metrics.sessionRetries.inc({ account: session.name });
        sessions.renew(session, generation).then(
          () => sendSwapped(req, res, request, session, client, errorShape, true),
          () => {
            if (!res.headersSent)
              sendError(res, new GatewayError('mwgate-session-lost'), errorShape);
          },
        );
      },
      onUpstream: upstreamObserver(request.target.target.api, 'gateway'),
    });
  }

  function passThrough(req: IncomingMessage, res: ServerResponse, api: string): void {
    const socket = peerAddress(req.socket);
    const headers = passThroughHeaders(req, socket?.toString() ?? 'unknown');
    forwarder.forward({ req, res, headers, onUpstream: upstreamObserver(api, 'pass-through') });
  }

  function upstreamObserver(api: string, traffic: string) {
    return (status: string, seconds: number) =>
      metrics.upstreamSeconds.observe({ api, traffic, status }, seconds);
  }
}

/** `assertuser` failed: the wiki no longer knows the service session (MediaWiki 1.39). */
function inspectSession(_status: number, headers: IncomingHttpHeaders): 'pass' | 'retry' {
  return headers['mediawiki-api-error'] === SESSION_LOST_CODE ? 'retry' : 'pass';
}

function shape(target: RequestTarget): ErrorShape {
  return target.target.api === 'action' ? 'action' : 'rest';
}

function decisionFields(decision: Decision): Partial<DecisionEvent> {
  return { granted: decision.granted, reason: decision.reason, subject: decision.subject };
}

/** The request's own path and query; Action API calls get the account's `assertuser`. */
function forwardUrl(request: CanonicalRequest, userName: string): string {
  const { path, query } = request.target;
  if (request.call === undefined || request.params.has('assertuser')) {
    return query === '' ? path : `${path}?${query}`;
  }
  // A write must never run anonymously: the wiki refuses it if the session is gone.
  const assertUser = `assertuser=${encodeURIComponent(userName)}`;
  return query === '' ? `${path}?${assertUser}` : `${path}?${query}&${assertUser}`;
}
