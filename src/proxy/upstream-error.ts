import { GatewayError } from '../errors';

/**
 * The one place where a failure to reach the wiki becomes an answer: a
 * timeout is 504, anything else 502. The original error stays as `cause`,
 * for the log; the client never sees it.
 */
export function upstreamError(error: unknown, timedOut: boolean): GatewayError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'UNKNOWN';
  if (timedOut || code === 'ETIMEDOUT' || code === 'UND_ERR_HEADERS_TIMEOUT') {
    return new GatewayError('mwgate-upstream-timeout', 'upstream-timeout', { cause: error });
  }
  return new GatewayError('mwgate-upstream-unavailable', `upstream-${code.toLowerCase()}`, {
    cause: error,
  });
}
