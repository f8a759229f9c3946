import { GatewayError } from '../errors';

/** Which API a request target names, read from its raw path. */
export type ApiTarget =
  | { readonly api: 'action' }
  | { readonly api: 'rest'; readonly segments: readonly string[] }
  | { readonly api: 'none' };

export interface RequestTarget {
  readonly path: string;
  /** The raw query string, without `?`; '' when there is none. */
  readonly query: string;
  readonly target: ApiTarget;
}

/** Bytes no segment of a path the gateway judges may hold, raw or percent-encoded. */
const FORBIDDEN_IN_SEGMENT = /[\\;\x00-\x1f\x7f]|%5c|%3b|%[01][0-9a-f]|%7f/i;
const MAX_DECODE_ROUNDS = 3;
/**
 * A percent-encoded unreserved character (RFC 3986 §2.3) means the same as the
 * character itself to a normalising reader (`/w/%61pi.php` runs api.php) but
 * not to a literal one (rest.php's router): never canonical.
 */
const ENCODED_UNRESERVED = /%(?:[46][1-9a-f]|[57][0-9a]|3[0-9]|2d|2e|5f|7e)/i;

/** Splits the request target and names its API. Does not judge the path. */
export function readTarget(url: string, scriptPath: string): RequestTarget {
  const mark = url.indexOf('?');
  const path = mark === -1 ? url : url.slice(0, mark);
  const query = mark === -1 ? '' : url.slice(mark + 1);
  return { path, query, target: apiTarget(path, scriptPath) };
}

function apiTarget(path: string, scriptPath: string): ApiTarget {
  if (path === `${scriptPath}/api.php`) return { api: 'action' };
  const restPrefix = `${scriptPath}/rest.php/`;
  if (path.startsWith(restPrefix)) {
    return { api: 'rest', segments: path.slice(restPrefix.length).split('/') };
  }
  return { api: 'none' };
}

/**
 * Refuses a path that is not in canonical form, so that the gateway and the
 * wiki cannot read it differently: an empty segment (`//`, trailing `/`), a
 * dot segment raw or encoded (`.`, `%2e%2e`, `%252e`), a backslash, `;` or a
 * control character, raw or encoded. `%2F` inside a segment is kept (a REST
 * title may hold it) unless what it separates is a dot segment.
 */
export function assertCanonicalPath(path: string): void {
  if (!path.startsWith('/')) throw new GatewayError('mwgate-bad-path', 'not-origin-form');
  // PHP's server ends the query at `#`; a reader of the raw target would not.
  if (path.includes('#')) throw new GatewayError('mwgate-bad-path', 'fragment');
  for (const segment of path.slice(1).split('/')) {
    if (segment === '') throw new GatewayError('mwgate-bad-path', 'empty-segment');
    if (FORBIDDEN_IN_SEGMENT.test(segment)) {
      throw new GatewayError('mwgate-bad-path', 'forbidden-character');
    }
    if (isDotSegment(segment)) throw new GatewayError('mwgate-bad-path', 'dot-segment');
    if (ENCODED_UNRESERVED.test(segment)) {
      throw new GatewayError('mwgate-bad-path', 'encoded-unreserved-character');
    }
  }
}

/**
 * Whether a segment holds a dot segment once decoded, however many times it
 * was percent-encoded: `..`, `%2e%2e`, `%252e`, and also `..%2F..%2Fapi.php`,
 * which a server that decodes `%2F` before resolving dots (nginx, PHP's
 * built-in server with a router, Apache with AllowEncodedSlashes On) turns
 * into a path to another entry point.
 */
function isDotSegment(segment: string): boolean {
  let text = segment;
  for (let round = 0; round <= MAX_DECODE_ROUNDS; round++) {
    if (text.split(/[/\\]/).some((part) => part === '.' || part === '..')) return true;
    const decoded = text.replace(/%([0-9a-f]{2})/gi, (_escape, hex: string) =>
      String.fromCharCode(parseInt(hex, 16)),
    );
    if (decoded === text) return false;
    text = decoded;
  }
  return false;
}
