import { GatewayError } from '../errors';

/**
 * Parameters as PHP hands them to MediaWiki, or a refusal where PHP's reading
 * and a plain one could differ. Strings are binary (one char a byte, latin1)
 * so that what is compared is exactly what PHP compares.
 */

export type ParamPair = readonly [name: string, value: string];

const HEX_PAIR = /^[0-9A-Fa-f]{2}$/;
/** Name characters that PHP rewrites or reads as array syntax. */
const REWRITTEN_NAME = /^ |[ .[\]\0]/;

/** Decodes like PHP's urldecode: `+` is a space, a bad `%` escape stays as it is. */
export function phpUrlDecode(text: string): string {
  if (!text.includes('%') && !text.includes('+')) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '+') {
      out += ' ';
    } else if (char === '%' && HEX_PAIR.test(text.slice(i + 1, i + 3))) {
      out += String.fromCharCode(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      out += char;
    }
  }
  return out;
}

/** Splits `a=1&b=2` into decoded pairs, as PHP's parser does (on `&` only). */
export function parseUrlEncoded(text: string): ParamPair[] {
  const pairs: ParamPair[] = [];
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = phpUrlDecode(eq === -1 ? part : part.slice(0, eq));
    const value = eq === -1 ? '' : phpUrlDecode(part.slice(eq + 1));
    pairs.push([name, value]);
  }
  return pairs;
}

/** Parameters from one place (query or body) and how many PHP counts toward max_input_vars. */
export interface ParamSource {
  readonly pairs: readonly ParamPair[];
  readonly count: number;
}

export const NO_PARAMS: ParamSource = { pairs: [], count: 0 };

/** The query string as PHP reads it: empty pieces (`a&&b`) are skipped and not counted. */
export function readQueryString(text: string): ParamSource {
  const pairs = parseUrlEncoded(text);
  return { pairs, count: pairs.length };
}

/**
 * An urlencoded body as PHP reads it: unlike the query, every `&`-separated
 * piece counts toward max_input_vars, empty ones too, except after a final `&`.
 */
export function readUrlEncodedBody(text: string): ParamSource {
  if (text === '') return NO_PARAMS;
  const pieces = text.split('&').length - (text.endsWith('&') ? 1 : 0);
  return { pairs: parseUrlEncoded(text), count: pieces };
}

export interface ParamLimits {
  readonly maxParams: number;
}

/**
 * Merges query and body parameters into one map, refusing every request whose
 * meaning depends on PHP's rules: a repeated name, a name PHP would rewrite
 * (leading space, space, dot, NUL, brackets), a name in both query and body,
 * or more parameters than the limit, counted as PHP counts them (past 1000
 * PHP drops the rest silently; the schema keeps the limit at or below that).
 */
export function canonicalParams(
  query: ParamSource,
  body: ParamSource,
  limits: ParamLimits,
): Map<string, string> {
  if (query.count + body.count > limits.maxParams) {
    throw new GatewayError('mwgate-ambiguous-request', 'too-many-parameters');
  }

  const params = new Map<string, string>();
  addPairs(params, query.pairs, 'repeated-parameter');
  addPairs(params, body.pairs, 'parameter-in-query-and-body');
  return params;
}

function addPairs(
  params: Map<string, string>,
  pairs: readonly ParamPair[],
  seenReason: string,
): void {
  const own = new Set<string>();
  for (const [name, value] of pairs) {
    if (name === '') continue; // PHP drops a nameless pair; so does the wiki.
    if (REWRITTEN_NAME.test(name)) {
      const reason = /[[\]]/.test(name) ? 'array-parameter' : 'rewritten-name';
      throw new GatewayError('mwgate-ambiguous-request', reason);
    }
    if (own.has(name)) throw new GatewayError('mwgate-ambiguous-request', 'repeated-parameter');
    if (params.has(name)) throw new GatewayError('mwgate-ambiguous-request', seenReason);
    own.add(name);
    params.set(name, value);
  }
}
