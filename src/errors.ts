/**
 * The one error module: every refusal and failure the gateway can answer with.
 *
 * A code is stable (clients and dashboards match on it), has one HTTP status,
 * and says whether its message may reach the client. `docs/errors.md` lists
 * every code; `test/unit/errors-doc.test.ts` keeps the two in step.
 */

export interface ErrorSpec {
  readonly status: number;
  /** What the client is told. Never holds request data. */
  readonly message: string;
}

export const ERRORS = {
  // Malformed credentials or requests (400).
  'mwgate-duplicate-authorization': {
    status: 400,
    message: 'The request carries more than one Authorization header.',
  },
  'mwgate-malformed-credential': {
    status: 400,
    message: 'The Authorization header is malformed: use "ApiKey <key>" or "AppToken <token>".',
  },
  'mwgate-bad-path': {
    status: 400,
    message: 'The request path is not in canonical form.',
  },
  'mwgate-ambiguous-request': {
    status: 400,
    message: 'The request could be read in more than one way; the reason says how.',
  },
  'mwgate-unreadable-body': {
    status: 400,
    message: 'The request body cannot be read as the Content-Type says.',
  },
  'mwgate-jsonp-refused': {
    status: 400,
    message: 'JSONP callbacks are not served to gateway credentials.',
  },
  'mwgate-cors-refused': {
    status: 400,
    message:
      'origin= is not served to gateway credentials: the wiki would run the call anonymously.',
  },
  'mwgate-bad-parameter': {
    status: 400,
    message: 'A parameter value is not valid.',
  },
  // Who you are (401) and what you may do (403).
  'mwgate-invalid-credential': {
    status: 401,
    message: 'The credential is not valid or has expired.',
  },
  'mwgate-address-not-allowed': {
    status: 403,
    message: 'This key may not be used from your address.',
  },
  'service-token-not-allowed': {
    status: 403,
    message: 'This credential may not call this API module or route.',
  },
  'mwgate-session-module': {
    status: 403,
    message: 'This module acts on the shared service session and is refused to every credential.',
  },
  'mwgate-assertuser-mismatch': {
    status: 403,
    message: 'assertuser must name the account this credential acts as.',
  },
  'mwgate-not-an-api': {
    status: 403,
    message: 'Gateway credentials are accepted only on api.php and rest.php.',
  },
  'mwgate-app-tokens-not-allowed': {
    status: 403,
    message: 'This credential may not generate app tokens.',
  },
  'mwgate-login-required': {
    status: 403,
    message: 'Log in to the wiki, or send a gateway credential, to get a user token.',
  },
  'mwgate-token-verify-needs-key': {
    status: 401,
    message: 'Verifying a token needs a gateway credential allowed this route.',
  },
  // Size limits.
  'mwgate-body-too-large': {
    status: 413,
    message: 'The request body is larger than the gateway accepts.',
  },
  // Too many requests.
  'mwgate-rate-limited': {
    status: 429,
    message: 'This caller has made more requests than its rate limit allows; retry later.',
  },
  'mwgate-auth-throttled': {
    status: 429,
    message: 'Too many failed authentications from your address; retry later.',
  },
  // The gateway or the wiki cannot serve now.
  'mwgate-not-ready': {
    status: 503,
    message: 'The gateway has not logged in its service accounts yet.',
  },
  'mwgate-store-unavailable': {
    status: 503,
    message: 'The token store cannot be reached; tokens can be neither issued nor checked.',
  },
  'mwgate-session-lost': {
    status: 503,
    message: 'The wiki ended the service session and the gateway could not log in again yet.',
  },
  'mwgate-upstream-unavailable': {
    status: 502,
    message: 'The wiki could not be reached.',
  },
  'mwgate-upstream-timeout': {
    status: 504,
    message: 'The wiki did not answer in time.',
  },
  'mwgate-internal': {
    status: 500,
    message: 'The gateway failed to handle the request.',
  },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

/** A refusal or failure with a stable code; `cause` is logged, never shown. */
export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** A stable, more precise reason for logs and metrics (`repeated-parameter`). */
  readonly reason: string;
  /** For 429: when to try again, sent as `Retry-After`. */
  retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, reason: string = code, options?: { cause?: unknown }) {
    super(ERRORS[code].message, options);
    this.name = 'GatewayError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.reason = reason;
  }
}

export function isGatewayError(value: unknown): value is GatewayError {
  return value instanceof GatewayError;
}
