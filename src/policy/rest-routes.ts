/**
 * REST routes a key may call: `METHOD /path` relative to rest.php, where
 * `{name}` matches exactly one raw segment and a final `**` any rest.
 */

const DEFAULT_METHODS = ['GET', 'HEAD'] as const;
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const PLACEHOLDER = /^\{[A-Za-z_][A-Za-z0-9_]*\}$/;
/** Characters a literal segment may hold: RFC 3986 pchar without `;` and `%`. */
const LITERAL_SEGMENT = /^[A-Za-z0-9._~!$&'()*+,=:@-]+$/;
const REST_TAIL = '**';

type SegmentPattern = { kind: 'literal'; text: string } | { kind: 'any' };

interface CompiledRoute {
  readonly source: string;
  readonly methods: ReadonlySet<string>;
  readonly segments: readonly SegmentPattern[];
  readonly openEnded: boolean;
}

/** Parses one route, or throws a TypeError that names the rule it breaks. */
export function compileRoute(source: string): CompiledRoute {
  const parts = source.trim().split(/\s+/);
  if (parts.length > 2) throw new TypeError('must be "METHOD /path" or "/path"');
  const path = parts[parts.length - 1];
  const methods = parts.length === 2 ? [parts[0]] : [...DEFAULT_METHODS];
  for (const method of methods) {
    if (!METHODS.has(method)) throw new TypeError(`unknown method "${method}"`);
  }
  if (methods.includes('GET') && !methods.includes('HEAD')) methods.push('HEAD');
  if (!path.startsWith('/')) throw new TypeError('path must start with "/"');

  const raw = path.slice(1).split('/');
  const openEnded = raw[raw.length - 1] === REST_TAIL;
  if (openEnded) raw.pop();
  const segments = raw.map((segment): SegmentPattern => {
    if (PLACEHOLDER.test(segment)) return { kind: 'any' };
    if (segment === '.' || segment === '..' || !LITERAL_SEGMENT.test(segment)) {
      throw new TypeError(`segment "${segment}" is not a literal, "{name}" or a final "**"`);
    }
    if (segment.includes('*')) throw new TypeError('"**" may stand only as the last segment');
    return { kind: 'literal', text: segment };
  });
  return { source, methods: new Set(methods), segments, openEnded };
}

/** A key's `restRoutes`, compiled. */
export class RestRouteRule {
  private readonly routes: readonly CompiledRoute[];

  constructor(sources: readonly string[]) {
    this.routes = sources.map(compileRoute);
  }

  /** The route that allows this call, or undefined. Segments are raw. */
  match(method: string, segments: readonly string[]): string | undefined {
    for (const route of this.routes) {
      if (route.methods.has(method) && matches(route, segments)) return route.source;
    }
    return undefined;
  }
}

function matches(route: CompiledRoute, segments: readonly string[]): boolean {
  const fixed = route.segments.length;
  if (route.openEnded ? segments.length < fixed : segments.length !== fixed) return false;
  for (let i = 0; i < fixed; i++) {
    const pattern = route.segments[i];
    if (pattern.kind === 'literal' && pattern.text !== segments[i]) return false;
  }
  return true;
}
