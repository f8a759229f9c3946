import type { KeyPolicy } from '../auth/api-keys';
import { GatewayError } from '../errors';
import { sessionModuleIn } from './action-modules';
import type { CanonicalRequest } from './canonical-request';

/** Parameters with which ApiMain answers for a browser origin, without the session. */
const CORS_PARAMS = ['origin'];

/** Who a gateway credential acts as. */
export type Principal =
  | { readonly kind: 'api-key'; readonly key: KeyPolicy; readonly account: string }
  | { readonly kind: 'app-token'; readonly account: string; readonly issuer?: string };

/** What was decided about one request, as data: logged once, counted, answered. */
export interface Decision {
  readonly granted: boolean;
  /** Stable: `module-allowed`, `route-not-allowed`, `session-module`, … */
  readonly reason: string;
  /** The modules (`query,query+search`) or the route the request asked for. */
  readonly subject: string;
  readonly error?: GatewayError;
}

/** Decides a canonical request for a principal acting as wiki user `userName`. */
export function decide(
  principal: Principal,
  request: CanonicalRequest,
  userName: string,
): Decision {
  const target = request.target.target;
  if (target.api === 'rest') return decideRest(principal, request.method, target.segments);
  return decideAction(principal, request, userName);
}

function decideAction(principal: Principal, request: CanonicalRequest, userName: string): Decision {
  const call = request.call;
  if (call === undefined) throw new Error('decideAction needs an Action API request');
  const subject = call.modules.join(',');

  if (request.params.has('callback')) return refuse(subject, 'mwgate-jsonp-refused', 'jsonp');
  if (CORS_PARAMS.some((name) => request.params.has(name))) {
    return refuse(subject, 'mwgate-cors-refused', 'cors');
  }
  if (sessionModuleIn(call) !== undefined) {
    return refuse(subject, 'mwgate-session-module', 'session-module');
  }
  const assertUser = request.params.get('assertuser');
  if (assertUser !== undefined && normalizeUserName(assertUser) !== userName) {
    return refuse(subject, 'mwgate-assertuser-mismatch', 'assertuser-mismatch');
  }

  if (principal.kind === 'app-token') return { granted: true, reason: 'app-token', subject };
  if (principal.key.actionModules.refusedModule(call) !== undefined) {
    return refuse(subject, 'service-token-not-allowed', 'module-not-allowed');
  }
  return { granted: true, reason: 'module-allowed', subject };
}

function decideRest(principal: Principal, method: string, segments: readonly string[]): Decision {
  const path = `/${segments.join('/')}`;
  if (principal.kind === 'app-token') {
    return { granted: true, reason: 'app-token', subject: `${method} ${path}` };
  }
  const route = principal.key.restRoutes.match(method, segments);
  if (route === undefined) {
    return refuse(`${method} ${path}`, 'service-token-not-allowed', 'route-not-allowed');
  }
  return { granted: true, reason: 'route-allowed', subject: route };
}

function refuse(subject: string, code: GatewayError['code'], reason: string): Decision {
  return { granted: false, reason, subject, error: new GatewayError(code, reason) };
}

/** A user name as MediaWiki compares it: underscores are spaces, the first letter upper case. */
export function normalizeUserName(name: string): string {
  const spaced = name.replace(/_/g, ' ').trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
