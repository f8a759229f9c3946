import pino, { type DestinationStream, type Logger } from 'pino';

/** Field names that hold a secret wherever they appear in a logged object. */
const SECRET_FIELDS: ReadonlySet<string> = new Set([
  'authorization',
  'cookie',
  'set-cookie',
  'password',
  'lgpassword',
  'key',
  'token',
  'salt',
  'secret',
]);

/** An HTTP client's error may carry the whole request it made as `err.config`. */
const ERROR_KEY = 'err';
const ERROR_SECRET_FIELD = 'config';

const CENSOR = '[redacted]';
/** A secret field is censored at the top level and one and two levels down. */
const MAX_DEPTH = 2;

/**
 * A copy of `value` with every secret field censored, or `value` itself when
 * it holds none. The gateway never logs a request's headers, a credential or
 * a config, but a library error might carry them (`err.headers.cookie`).
 *
 * This replaces pino's path-based redaction: with wildcard paths it walked
 * every line on the hot path and cost more than the proxying itself; this
 * walk costs a Set lookup per field of the usual flat log object.
 */
export function censorSecrets<T>(value: T, depth = 0, parent = ''): T {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  let copy: Record<string, unknown> | undefined;
  for (const field of Object.keys(value)) {
    const child = (value as Record<string, unknown>)[field];
    const secret =
      SECRET_FIELDS.has(field.toLowerCase()) ||
      (parent === ERROR_KEY && field === ERROR_SECRET_FIELD);
    const censored = secret ? CENSOR : censorSecrets(child, depth + 1, field);
    if (censored === child) continue;
    copy ??= copyOf(value as object);
    copy[field] = censored;
  }
  return (copy ?? value) as T;
}

/** A plain copy; an Error keeps what pino's error serializer reads. */
function copyOf(value: object): Record<string, unknown> {
  if (Array.isArray(value)) return [...value] as unknown as Record<string, unknown>;
  if (!(value instanceof Error)) return { ...value };
  return { ...value, type: value.name, message: value.message, stack: value.stack };
}

/**
 * JSON lines on stdout (or `destination`), fixed lowercase messages with the
 * data in fields, secrets censored.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      name: 'mwgate',
      level,
      base: { pid: process.pid },
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => censorSecrets(object),
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/** 32 hex characters or more: a token, however the path around it is spelled. */
const TOKEN_SHAPED = /[0-9a-f]{32,}/gi;

/** The token endpoints whose last segment is a token: `…/user-token/verify/{token}`. */
const TOKEN_IN_PATH = /(\/mws\/v1\/(?:user|app)-token\/verify\/)[^/?]*/g;

/**
 * A request path as it may be logged: without its query string (an anonymous
 * client may put a password or token there) and with the token of a verify
 * route censored.
 */
export function loggablePath(path: string): string {
  const query = path.indexOf('?');
  const bare = query === -1 ? path : path.slice(0, query);
  // Anything token-shaped too: `verif%79/<token>` reaches the wiki, not our route.
  return bare.replace(TOKEN_IN_PATH, '$1[redacted]').replace(TOKEN_SHAPED, '[redacted]');
}
