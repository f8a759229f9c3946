import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { clientAddress, peerAddress } from '../auth/client-ip';
import { readCredential, type Credential } from '../auth/credentials';
import { resolvePrincipal } from '../auth/principal';
import type { GatewayConfig } from '../config/types';
import { GatewayError, isGatewayError } from '../errors';
import { readCanonicalRequest, type CanonicalRequest } from '../policy/canonical-request';
import { decide, type Decision } from '../policy/decide';
import { assertCanonicalPath, readTarget, type RequestTarget } from '../policy/request-target';
import { loggablePath } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { Forwarder } from '../proxy/forwarder';
import { generateAppToken, isAppTokenGenerate } from '../tokens/app-token-endpoint';
import type { TokenStore } from '../tokens/store';
import type { Sessions } from '../wiki/sessions';
import { passThroughHeaders, swappedHeaders } from './forward-headers';
import { sendError, sendJson, type ErrorShape } from './respond';

export interface GatewayDeps {
  readonly config: () => GatewayConfig;
  readonly logger: Logger;
  readonly sessions: Sessions;
  readonly forwarder: Forwarder;
  readonly tokens: TokenStore;
  readonly metrics: Metrics;
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
  const { logger, sessions, forwarder, tokens, metrics } = deps;
  let requestCount = 0;
  const reqIdPrefix = `${process.pid.toString(36)}-`;

  return function handle(req, res) {
    const config = deps.config();
    const reqId = reqIdPrefix + (++requestCount).toString(36);
    const url = req.url ?? '/';
    const target = readTarget(url, config.wiki.scriptPath);
    const shape: ErrorShape = target.target.api === 'action' ? 'action' : 'rest';
    const event: DecisionEvent = { reqId, api: target.target.api, granted: false, reason: '' };

    handleRequest(req, res, config, target, event).catch((error: unknown) => {
      const refusal = isGatewayError(error)
        ? error
        : new GatewayError('mwgate-internal', 'internal', { cause: error });
      if (!isGatewayError(error)) logger.error({ reqId, err: error }, 'request failed');
      event.granted = false;
      event.reason = refusal.reason;
      if (res.headersSent) res.destroy();
      else sendError(res, refusal, shape);
    });

    const started = performance.now();
    // TODO(#6): a client that hangs up before the answer ends gets no 'finish', so no line.
    res.on('finish', () => {
      const ms = Math.round((performance.now() - started) * 100) / 100;
      if (event.reason === '') {
        // Passed through: not a decision, an access line at the operator's level.
        const socket = req.socket.remoteAddress;
        const access = { reqId, client: socket, method: req.method, path: loggablePath(url) };
        logger[config.log.accessLevel]({ ...access, status: res.statusCode, ms }, 'access');
        return;
      }
      const subject = event.subject === undefined ? undefined : loggablePath(event.subject);
      logger.info({ ...event, subject, status: res.statusCode, ms }, 'gateway decision');
      metrics.decisions.inc({
        api: event.api,
        decision: event.granted ? 'granted' : 'refused',
        reason: event.reason,
        status: res.statusCode,
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

    if (api.api === 'rest' && isAppTokenGenerate(api.segments)) {
      const client = clientAddress(req, config.trustedProxies);
      event.client = client.toString();
      event.reason = 'app-token-refused';
      const grant = await generateAppToken(credential, client, config, tokens);
      Object.assign(event, { keyId: grant.keyId, account: grant.account, granted: true });
      event.reason = 'app-token-issued';
      sendJson(res, 200, grant.body);
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
    const principal = await resolvePrincipal(credential, client, config, tokens);
    event.account = principal.account;
    if (principal.kind === 'api-key') event.keyId = principal.key.id;

    const request = await readCanonicalRequest(req, target, config.limits);
    const session = sessions.get(principal.account);
    const decision = decide(principal, request, session.userName);
    Object.assign(event, decisionFields(decision));
    if (decision.error !== undefined) throw decision.error;

    forwarder.forward({
      req,
      res,
      url: forwardUrl(request, session.userName),
      body: request.body,
      headers: swappedHeaders(req, {
        cookie: session.cookieHeader(),
        clientAddress: client.toString(),
        bodyLength: request.body.length,
      }),
      absorbCookies: (lines) => session.absorb(lines),
      onUpstream: upstreamObserver(target.target.api, 'gateway'),
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
