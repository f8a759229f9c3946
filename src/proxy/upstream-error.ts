import { GatewayError } from '../errors';

/**
 * The parts of a failure to reach the wiki worth a log line. The errors
 * themselves can hold sockets and parsers, which the log's redaction cannot
 * walk (a parse error of a garbage answer logged as "unable to serialize").
 */
export function loggableCause(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const { code } = error as NodeJS.ErrnoException;
  return { type: error.name, code, message: error.message, stack: error.stack };
}

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
