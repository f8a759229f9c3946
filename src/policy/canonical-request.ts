import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../errors';
import { readActionCall, type ActionCall } from './action-modules';
import { canonicalParams, parseUrlEncoded, type ParamPair } from './php-params';
import type { RequestTarget } from './request-target';

/** One reading of a gateway request, done once; the decision and the forward both use it. */
export interface CanonicalRequest {
  readonly method: string;
  readonly target: RequestTarget;
  /** The body as received, read once and bounded; forwarded byte for byte. */
  readonly body: Buffer;
  /** Action API parameters as PHP will hand them to MediaWiki (binary strings). */
  readonly params: ReadonlyMap<string, string>;
  /** What an Action API request runs; undefined for REST. */
  readonly call: ActionCall | undefined;
}

export interface ReadLimits {
  readonly maxParams: number;
  readonly maxBodyBytes: number;
}

const FORM_URLENCODED = 'application/x-www-form-urlencoded';
const MULTIPART = 'multipart/form-data';

export async function readCanonicalRequest(
  req: IncomingMessage,
  target: RequestTarget,
  limits: ReadLimits,
): Promise<CanonicalRequest> {
  const method = req.method ?? 'GET';
  const body = await readBody(req, limits.maxBodyBytes);
  if (target.target.api !== 'action') {
    return { method, target, body, params: new Map(), call: undefined };
  }

  const query = parseUrlEncoded(target.query);
  const params = canonicalParams(query, bodyParams(req, method, body), limits);
  return { method, target, body, params, call: readActionCall(params) };
}

/** Reads the whole body, refusing it past the limit before reading on. */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw new GatewayError('mwgate-body-too-large');

  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new GatewayError('mwgate-body-too-large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, size);
}

/**
 * The body's parameters as PHP reads them: only for POST, only for the two
 * form types, whatever their case or parameters (PHP cuts the type at `;`,
 * `,` or a space and lowercases it).
 */
function bodyParams(req: IncomingMessage, method: string, body: Buffer): ParamPair[] {
  if (method !== 'POST' || body.length === 0) return [];
  if (countHeader(req.rawHeaders, 'content-type') > 1) {
    throw new GatewayError('mwgate-ambiguous-request', 'repeated-content-type');
  }
  const type = (req.headers['content-type'] ?? '').split(/[;, ]/)[0].trim().toLowerCase();
  if (type === FORM_URLENCODED) return parseUrlEncoded(body.toString('latin1'));
  if (type === MULTIPART) {
    // TODO(#3): read multipart bodies exactly as PHP does instead of refusing them.
    throw new GatewayError('mwgate-unreadable-body', 'multipart-not-supported');
  }
  return [];
}

function countHeader(rawHeaders: readonly string[], name: string): number {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i].toLowerCase() === name) count++;
  }
  return count;
}
