import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Address } from '../auth/cidr';
import { clientAddress } from '../auth/client-ip';
import type { Credential } from '../auth/credentials';
import { resolveKey, resolvePrincipal } from '../auth/principal';
import type { GatewayConfig } from '../config/types';
import { GatewayError } from '../errors';
import { sendJson } from '../http/respond';
import type { Metrics } from '../observability/metrics';
import type { Principal } from '../policy/decide';
import type { Sessions } from '../wiki/sessions';
import type { WikiClient } from '../wiki/wiki-client';
import { generateAppToken, verifyAppToken } from './app-token-endpoint';
import type { RateLimiter } from '../limits/rate-limiter';
import type { RequestLimits } from '../limits/request-limits';
import type { TokenStore } from './store';
import { generateUserToken, verifyUserToken } from './user-token-endpoints';
import { wikiIdSource } from './wiki-user';

/** The original component's routes, relative to rest.php. */
type Endpoint =
  'user-token-generate' | 'user-token-verify' | 'app-token-generate' | 'app-token-verify';

/** The original's answer to an unknown or expired token, byte for byte (no errorKey). */
export const INVALID_TOKEN_BODY = {
  message: 'Invalid or expired token.',
  httpCode: 400,
  httpReason: 'Bad Request',
} as const;

const SECONDS_PER_MINUTE = 60;
const MS_PER_SECOND = 1000;

/** What the gateway's decision log line learns from a token endpoint. */
export interface EndpointEvent {
  keyId?: string;
  account?: string;
  client?: string;
  subject?: string;
  granted: boolean;
  reason: string;
}

export interface TokenEndpointsDeps {
  /** The config in force; a reload replaces it. */
  readonly config: () => GatewayConfig;
  readonly tokens: TokenStore;
  readonly wiki: WikiClient;
  readonly sessions: Sessions;
  readonly metrics: Metrics;
  /** Shared with the per-key limits: in memory, or in Redis with the token store. */
  readonly limiter: RateLimiter;
  readonly keyLimits: RequestLimits;
}

export interface TokenEndpoints {
  /** Whether the gateway answers this REST request itself. */
  owns(method: string, segments: readonly string[]): boolean;
  /** Answers an owned request; refusals are thrown as GatewayError (REST shape). */
  serve(
    req: IncomingMessage,
    res: ServerResponse,
    segments: readonly string[],
    query: string,
    credential: Credential | undefined,
    event: EndpointEvent,
  ): Promise<void>;
}

/** The four gateway-owned endpoints of the original component, at its URLs. */
export function createTokenEndpoints(deps: TokenEndpointsDeps): TokenEndpoints {
  const { tokens, metrics, limiter } = deps;
  const wikiId = wikiIdSource(deps.wiki);

  function endpointOf(method: string, segments: readonly string[]): Endpoint | undefined {
    const config = deps.config();
    if (method !== 'GET' && method !== 'HEAD') return undefined;
    const [mws, v1, kind, action, ...rest] = segments;
    if (mws !== 'mws' || v1 !== 'v1') return undefined;
    if (kind === 'user-token' && !config.userTokens.enabled) return undefined;
    if (kind !== 'user-token' && kind !== 'app-token') return undefined;
    if (action === 'generate' && rest.length === 0) return `${kind}-generate`;
    if (action === 'verify' && rest.length === 1) return `${kind}-verify`;
    return undefined;
  }

  const serve: TokenEndpoints['serve'] = async (req, res, segments, query, credential, event) => {
    const endpoint = endpointOf(req.method ?? 'GET', segments);
    if (endpoint === undefined) throw new Error('serve() called for a route it does not own');
    const config = deps.config();
    const client = clientAddress(req, config.trustedProxies);
    Object.assign(event, { client: client.toString(), subject: endpoint, reason: 'refused' });

    if (endpoint === 'app-token-generate') {
      const issuer =
        credential?.scheme === 'ApiKey' ? resolveKey(credential.secret, client, config) : undefined;
      await limit(res, issuer === undefined ? `address:${client}` : `key:${issuer.id}`);
      // Minting spends the key's own bucket too, or tokens would get round it.
      await deps.keyLimits.takeForKey(issuer);
      const grant = await generateAppToken(credential, client, config, tokens);
      Object.assign(event, { keyId: grant.keyId, account: grant.account });
      return answer(res, event, 200, grant.body, 'app-token-issued');
    }

    if (endpoint === 'user-token-generate') {
      const principal = await checkedPrincipal(credential, client, segments);
      Object.assign(event, { keyId: keyIdOf(principal), account: principal?.account });
      await limit(res, callerOf(principal, client));
      const cookie = req.headers.cookie ?? '';
      const result = await generateUserToken(
        { account: principal?.account, client, cookie },
        query,
        config,
        deps,
      );
      return answer(res, event, result.status, result.body, result.reason);
    }

    if (config.tokenEndpoints.verifyRequiresKey) {
      if (credential === undefined) {
        throw new GatewayError('mwgate-token-verify-needs-key', 'verify-without-key');
      }
      const principal = await checkedPrincipal(credential, client, segments);
      Object.assign(event, { keyId: keyIdOf(principal), account: principal?.account });
    }
    const token = segments[segments.length - 1];
    const body =
      endpoint === 'user-token-verify'
        ? await verifyUserToken(token, config, tokens)
        : await verifyAppToken(token, tokens, wikiId, config);
    if (body === undefined) return answer(res, event, 400, INVALID_TOKEN_BODY, 'token-invalid');
    return answer(res, event, 200, body, 'token-verified');
  };

  /**
   * The principal of a credential sent to an owned route: a key must list the
   * route in its `restRoutes` (as for any REST route); an app token may call any.
   */
  async function checkedPrincipal(
    credential: Credential | undefined,
    client: Address,
    segments: readonly string[],
  ): Promise<Principal | undefined> {
    if (credential === undefined) return undefined;
    const principal = await resolvePrincipal(credential, client, deps.config(), tokens);
    if (
      principal.kind === 'api-key' &&
      principal.key.restRoutes.match('GET', segments) === undefined
    ) {
      throw new GatewayError('service-token-not-allowed', 'route-not-allowed');
    }
    return principal;
  }

  /** Takes one from the caller's bucket, or refuses with 429 and `Retry-After`. */
  async function limit(res: ServerResponse, caller: string): Promise<void> {
    const { generatePerMinute, generateBurst } = deps.config().tokenEndpoints;
    const rate = { perSecond: generatePerMinute / SECONDS_PER_MINUTE, burst: generateBurst };
    const { allowed, retryAfterMs } = await limiter.take(`generate:${caller}`, rate);
    if (allowed) return;
    metrics.tokenRateLimited.inc();
    res.setHeader('retry-after', String(Math.max(1, Math.ceil(retryAfterMs / MS_PER_SECOND))));
    throw new GatewayError('mwgate-rate-limited', 'rate-limited');
  }

  return { owns: (method, segments) => endpointOf(method, segments) !== undefined, serve };
}

/** One bucket per key, per app-token account, else per client address. */
function callerOf(principal: Principal | undefined, client: Address): string {
  if (principal === undefined) return `address:${client}`;
  return principal.kind === 'api-key' ? `key:${principal.key.id}` : `account:${principal.account}`;
}

function keyIdOf(principal: Principal | undefined): string | undefined {
  return principal?.kind === 'api-key' ? principal.key.id : undefined;
}

function answer(
  res: ServerResponse,
  event: EndpointEvent,
  status: number,
  body: unknown,
  reason: string,
): void {
  event.granted = status === 200;
  event.reason = reason;
  sendJson(res, status, body);
}
