import pino, { type DestinationStream, type Logger } from 'pino';

/** Field names that hold a secret wherever they appear in a logged object. */
const SECRET_FIELDS = [
  'authorization',
  'cookie',
  'set-cookie',
  'password',
  'lgpassword',
  'key',
  'token',
  'salt',
  'secret',
];

/**
 * Paths that may hold a secret in any object the gateway logs. The gateway
 * never logs a request's headers, a credential or a config, but a library
 * error might carry them: each secret field is censored at the top level and
 * one and two levels down (`err.headers.cookie`).
 */
export const REDACT_PATHS = SECRET_FIELDS.flatMap((field) =>
  ['', '*', '*.*'].map((parent) => pathTo(parent, field)),
).concat(['err.config']);

/** `*.key`, or `*["set-cookie"]` for a name that is no identifier. */
function pathTo(parent: string, field: string): string {
  if (/^[A-Za-z_]\w*$/.test(field)) return parent === '' ? field : `${parent}.${field}`;
  return `${parent}["${field}"]`;
}

/**
 * JSON lines on stdout (or `destination`), fixed lowercase messages with the
 * data in fields. pino checks the redaction paths here, at startup.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      name: 'mwgate',
      level,
      base: { pid: process.pid },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

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
  return bare.replace(TOKEN_IN_PATH, '$1[redacted]');
}
