import { phpUrlDecode } from '../policy/php-params';

/**
 * `withIssuer` read exactly as the original read it: MediaWiki 1.39's REST
 * ParamValidator, boolean type (`BooleanDef`), from PHP's `$_GET`.
 */

export const WITH_ISSUER = 'withIssuer';

/** BooleanDef::$TRUEVALS and $FALSEVALS; the value is lowercased (ASCII only, PHP 8) first. */
const TRUE_VALUES = ['true', 't', 'yes', 'y', 'on', '1'];
const FALSE_VALUES = ['false', 'f', 'no', 'n', 'off', '0'];

export type WithIssuer =
  | { readonly ok: true; readonly value: boolean }
  | { readonly ok: false; readonly body: Record<string, unknown> };

/**
 * Reads `withIssuer` from a raw query string. Absent: false (the default).
 * Not a boolean: the body MediaWiki's REST API answers with status 400.
 */
export function readWithIssuer(query: string): WithIssuer {
  const raw = lastPhpValue(query, WITH_ISSUER);
  if (raw === undefined) return { ok: true, value: false };
  // `withIssuer[]=1` made the original fail with a PHP TypeError (500); refuse it plainly.
  if (typeof raw !== 'string') return { ok: false, body: badBoolBody('') };

  const value = raw.replace(/[A-Z]/g, (char) => char.toLowerCase());
  if (TRUE_VALUES.includes(value)) return { ok: true, value: true };
  if (value === '' || FALSE_VALUES.includes(value)) return { ok: true, value: false };
  return { ok: false, body: badBoolBody(value) };
}

/**
 * The body of MediaWiki 1.39's `LocalizedHttpException` for `badbool`
 * (Rest\Validator\Validator::validateParams, ResponseFactory::createFromException),
 * key for key, as observed on a real 1.39 wiki. Its JSON is written with
 * unescaped slashes and Unicode, which is what JSON.stringify writes.
 *
 * TODO(#4): a wiki whose content language is not English adds a translation
 * in that language before `en`; only `en` is written here.
 */
export function badBoolBody(value: string): Record<string, unknown> {
  const quote = (words: string[]) => words.map((word) => `"${word}"`);
  const trueList = listToText(quote(TRUE_VALUES));
  const falseList = listToText([...quote(FALSE_VALUES), 'the empty string']);
  const message =
    `Invalid value "${value}" for boolean parameter "${WITH_ISSUER}". ` +
    `Pass ${trueList} for true, or ${falseList} for false.`;
  return {
    error: 'parameter-validation-failed',
    name: WITH_ISSUER,
    value,
    failureCode: 'badbool',
    failureData: null,
    messageTranslations: { en: message },
    httpCode: 400,
    httpReason: 'Bad Request',
  };
}

/** English Language::listToText: `a, b and c`. */
function listToText(items: readonly string[]): string {
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * The value PHP's `$_GET[name]` holds: the last pair whose name, decoded, with
 * leading spaces dropped and cut at NUL, is `name` (a string) or starts
 * `name[` (an array). Values are decoded as UTF-8, invalid bytes as U+FFFD,
 * as MediaWiki's JSON writes them.
 */
function lastPhpValue(query: string, name: string): string | string[] | undefined {
  let found: string | string[] | undefined;
  for (const part of query.split('&')) {
    const eq = part.indexOf('=');
    const rawName = phpUrlDecode(eq === -1 ? part : part.slice(0, eq));
    const key = rawName.replace(/^ +/, '').split('\0')[0];
    const value = utf8(eq === -1 ? '' : phpUrlDecode(part.slice(eq + 1)));
    if (key === name) found = value;
    else if (key.startsWith(`${name}[`)) found = [value];
  }
  return found;
}

function utf8(binary: string): string {
  return Buffer.from(binary, 'latin1').toString('utf8');
}
