import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { GatewayError } from '../errors';

/** Which API's error shape a refusal takes: the one the client called. */
export type ErrorShape = 'action' | 'rest';

const JSON_TYPE = 'application/json; charset=utf-8';
const CHALLENGE = 'ApiKey realm="mwgate", AppToken realm="mwgate"';

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': JSON_TYPE,
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

/**
 * Answers a refusal in the called API's own shape, so that clients parse it
 * as they parse the wiki's errors:
 * Action API `{"error": {"code", "info"}}` with `MediaWiki-API-Error`;
 * REST `{"message", "httpCode", "httpReason", "errorKey"}`.
 */
export function sendError(res: ServerResponse, error: GatewayError, shape: ErrorShape): void {
  if (error.status === 401) res.setHeader('www-authenticate', CHALLENGE);
  const message = clientMessage(error);
  if (error.retryAfterSeconds !== undefined) {
    res.setHeader('retry-after', String(error.retryAfterSeconds));
  }
  if (shape === 'action') {
    res.setHeader('mediawiki-api-error', error.code);
    sendJson(res, error.status, { error: { code: error.code, info: message } });
    return;
  }
  sendJson(res, error.status, {
    message,
    httpCode: error.status,
    httpReason: STATUS_CODES[error.status] ?? 'Error',
    errorKey: error.code,
  });
}

/**
 * The message, with the precise reason where it helps the client fix the
 * request (`… (repeated-parameter)`). A 401 says nothing more: unknown key
 * and expired token must look alike. 5xx reasons are for the log.
 */
function clientMessage(error: GatewayError): string {
  const explains = error.status !== 401 && error.status < 500 && error.reason !== error.code;
  return explains ? `${error.message} (${error.reason})` : error.message;
}
