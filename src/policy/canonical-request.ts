import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../errors';
import { DECISION_PARAMS, readActionCall, type ActionCall } from './action-modules';
import { readMultipart } from './multipart-params';
import {
  canonicalParams,
  NO_PARAMS,
  readQueryString,
  readUrlEncodedBody,
  type ParamSource,
} from './php-params';
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
  // PHP's server ends the query string at `#`; the gateway would read on.
  if (target.query.includes('#')) throw new GatewayError('mwgate-bad-path', 'fragment');
  const body = await readBody(req, limits.maxBodyBytes);
  if (target.target.api !== 'action') {
    return { method, target, body, params: new Map(), call: undefined };
  }

  const form = bodyParams(req, method, body);
  const params = canonicalParams(readQueryString(target.query), form, limits);
  assertFilesNamedApart(form.fileNames, params);
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

interface FormBody extends ParamSource {
  readonly fileNames: readonly string[];
}

const NO_FORM: FormBody = { ...NO_PARAMS, fileNames: [] };

/**
 * The body's parameters as PHP reads them: only for POST (PHP compares the
 * method case-sensitively), only for the two form types. PHP cuts the type at
 * the first `;`, `,` or space and lowercases it; it trims nothing else, so
 * `multipart/form-data\t;…` is not a form to PHP and not one here either.
 */
function bodyParams(req: IncomingMessage, method: string, body: Buffer): FormBody {
  if (method !== 'POST' || body.length === 0) return NO_FORM;
  if (countHeader(req.rawHeaders, 'content-type') > 1) {
    throw new GatewayError('mwgate-ambiguous-request', 'repeated-content-type');
  }
  const contentType = req.headers['content-type'] ?? '';
  const type = asciiLowerCase(contentType.split(/[;, ]/)[0]);
  if (type === FORM_URLENCODED) {
    return { ...readUrlEncodedBody(body.toString('latin1')), fileNames: [] };
  }
  if (type === MULTIPART) return readMultipart(body.toString('latin1'), contentType);
  return NO_FORM;
}

/**
 * PHP puts a file part in $_FILES, never among the parameters; a reader that
 * did not know it would see a second value. A file may not share a name with
 * a parameter of the request, nor carry a name the gateway decides on.
 */
function assertFilesNamedApart(
  fileNames: readonly string[],
  params: ReadonlyMap<string, string>,
): void {
  for (const name of fileNames) {
    if (params.has(name) || DECISION_PARAMS.has(name)) {
      throw new GatewayError('mwgate-ambiguous-request', 'file-part-named-like-parameter');
    }
  }
}

/** C locale tolower: only A-Z, as PHP does; `toLowerCase` would fold more. */
function asciiLowerCase(text: string): string {
  return text.replace(/[A-Z]/g, (char) => char.toLowerCase());
}

function countHeader(rawHeaders: readonly string[], name: string): number {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i].toLowerCase() === name) count++;
  }
  return count;
}
