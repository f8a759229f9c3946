import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { GatewayError } from '../errors';

/** Hop-by-hop headers (RFC 9110 §7.6.1): meant for the gateway, never for the wiki. */
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
];

/**
 * What the client may not say to the wiki on a swapped request: who it is,
 * where it comes from, and how the wiki should rewrite the method or the URL.
 */
const CLIENT_IDENTITY: ReadonlySet<string> = new Set([
  'authorization',
  'cookie',
  'forwarded',
  'x-real-ip',
  'x-client-ip',
  'client-ip',
  'true-client-ip',
  'cf-connecting-ip',
  'x-cluster-client-ip',
  'x-http-method-override',
  'x-http-method',
  'x-method-override',
  'x-original-url',
  'x-original-uri',
  'x-rewrite-url',
  'x-host',
  'x-original-host',
  'fastly-client-ip',
  'x-proxyuser-ip',
  // MediaWiki drops the session of a request that says it is untrusted.
  'treat-as-untrusted',
]);
const FORWARDING_PREFIX = 'x-forwarded-';

/** Headers of a request that passes through: hop-by-hop gone, the socket appended to XFF. */
export function passThroughHeaders(
  req: IncomingMessage,
  socketAddress: string,
): OutgoingHttpHeaders {
  const headers = withoutHopByHop(req.headers);
  const prior = req.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = prior ? `${prior}, ${socketAddress}` : socketAddress;
  return headers;
}

export interface ServiceIdentity {
  readonly cookie: string;
  readonly clientAddress: string;
  readonly bodyLength: number;
}

/**
 * Headers of a swapped request: the client's identity, forwarding and override
 * headers removed first, then the service session and the gateway's own
 * X-Forwarded-For added, so nothing the client sent can shadow them.
 */
export function swappedHeaders(
  req: IncomingMessage,
  identity: ServiceIdentity,
): OutgoingHttpHeaders {
  assertNoUnderscoreNames(req.rawHeaders);
  const headers = withoutHopByHop(req.headers);
  for (const name of Object.keys(headers)) {
    if (CLIENT_IDENTITY.has(name) || name.startsWith(FORWARDING_PREFIX)) delete headers[name];
  }

  headers.cookie = identity.cookie;
  headers['x-forwarded-for'] = identity.clientAddress;
  headers['content-length'] = String(identity.bodyLength);
  if (identity.bodyLength === 0 && !req.headers['content-length']) delete headers['content-length'];
  return headers;
}

/** A copy without hop-by-hop headers and without those the client's Connection names. */
function withoutHopByHop(source: IncomingHttpHeaders): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = { ...source };
  for (const name of HOP_BY_HOP) delete headers[name];
  const connection = source.connection;
  if (connection === undefined) return headers;
  for (const name of connection.split(',')) delete headers[name.trim().toLowerCase()];
  return headers;
}

/**
 * PHP reads `X_Forwarded_For` and `X-Forwarded-For` as the same
 * `HTTP_X_FORWARDED_FOR`: a name with `_` could shadow a header the gateway
 * wrote, so a gateway request may not carry one.
 */
function assertNoUnderscoreNames(rawHeaders: readonly string[]): void {
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i].includes('_')) {
      throw new GatewayError('mwgate-ambiguous-request', 'underscore-header-name');
    }
  }
}
