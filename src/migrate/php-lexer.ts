/**
 * A lexer for the part of PHP that LocalSettings.php files are written in.
 * It never runs anything: it turns the text into tokens so that
 * `php-settings.ts` can read literal assignments and name the line of
 * anything it cannot read.
 */

export type TokenKind = 'string' | 'variable' | 'name' | 'number' | 'punct' | 'opaque';

export interface Token {
  readonly kind: TokenKind;
  /** The source text (names, variables, punctuation), or the decoded value of a string. */
  readonly text: string;
  readonly line: number;
  /** False for a double-quoted string that interpolates a variable. */
  readonly literal: boolean;
}

const OPEN_TAG = '<?php';
const CLOSE_TAG = '?>';
/** Longest first, so that `??=` is not read as `??` and `=`. */
const PUNCTUATION = [
  '??=', '===', '!==', '<=>', '...', '**=', '?->',
  '=>', '::', '??', '==', '!=', '<=', '>=', '&&', '||', '++', '--', '->',
  '.=', '+=', '-=', '*=', '/=', '|=', '&=', '<<', '>>',
]; // prettier-ignore
const NAME_START = /[A-Za-z_\\\x80-\uffff]/;
const NAME_CHAR = /[A-Za-z0-9_\\\x80-\uffff]/;
const SINGLE_QUOTE_ESCAPE = /\\([\\'])/g;
const DOUBLE_QUOTE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n', t: '\t', r: '\r', v: '\v', e: '\x1b', f: '\f', '\\': '\\', $: '$', '"': '"',
}; // prettier-ignore

/** Splits PHP source into tokens; comments and whitespace are dropped, `?>` reads as `;`. */
export function tokenizePhp(source: string): Token[] {
  const tokens: Token[] = [];
  const openAt = source.indexOf(OPEN_TAG);
  let i = openAt === -1 ? 0 : openAt + OPEN_TAG.length;
  let line = 1 + countNewlines(source, 0, i);

  const push = (kind: TokenKind, text: string, literal = true) =>
    tokens.push({ kind, text, line, literal });

  while (i < source.length) {
    const c = source[i];
    const start = i;

    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if (c === '#' || source.startsWith('//', i)) {
      while (i < source.length && source[i] !== '\n' && !source.startsWith(CLOSE_TAG, i)) i++;
    } else if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      i = end === -1 ? source.length : end + 2;
    } else if (source.startsWith(CLOSE_TAG, i)) {
      push('punct', ';');
      const reopen = source.indexOf(OPEN_TAG, i);
      i = reopen === -1 ? source.length : reopen + OPEN_TAG.length;
    } else if (c === "'") {
      i = endOfString(source, i, "'");
      push('string', source.slice(start + 1, i - 1).replace(SINGLE_QUOTE_ESCAPE, '$1'));
    } else if (c === '"') {
      i = endOfString(source, i, '"');
      const body = source.slice(start + 1, i - 1);
      push('string', decodeDoubleQuoted(body), !/(^|[^\\])(\\\\)*(\$[A-Za-z_{]|\{\$)/.test(body));
    } else if (source.startsWith('<<<', i)) {
      i = endOfHeredoc(source, i);
      push('opaque', 'heredoc');
    } else if (c === '$' && NAME_START.test(source[i + 1] ?? '')) {
      i = endOfName(source, i + 1);
      push('variable', source.slice(start, i));
    } else if (NAME_START.test(c)) {
      i = endOfName(source, i);
      push('name', source.slice(start, i));
    } else if (/[0-9]/.test(c)) {
      while (i < source.length && /[0-9A-Za-z_.]/.test(source[i])) i++;
      push('number', source.slice(start, i));
    } else {
      const punct = PUNCTUATION.find((p) => source.startsWith(p, i)) ?? c;
      i += punct.length;
      push('punct', punct);
    }
    line += countNewlines(source, start + 1, i);
  }
  return tokens;
}

function countNewlines(source: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) if (source[i] === '\n') count++;
  return count;
}

/** Index after the closing quote; an unterminated string runs to the end. */
function endOfString(source: string, open: number, quote: string): number {
  let i = open + 1;
  while (i < source.length && source[i] !== quote) i += source[i] === '\\' ? 2 : 1;
  return Math.min(i + 1, source.length);
}

function endOfName(source: string, from: number): number {
  let i = from;
  while (i < source.length && NAME_CHAR.test(source[i])) i++;
  return i;
}

/** Skips `<<<ID … ID` (heredoc) and `<<<'ID' … ID` (nowdoc). */
function endOfHeredoc(source: string, open: number): number {
  const header = /^<<<[ \t]*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1/.exec(source.slice(open));
  if (header === null) return open + 3;
  const closing = new RegExp(`\\n[ \\t]*${header[2]}\\b`, 'g');
  closing.lastIndex = open + header[0].length;
  const match = closing.exec(source);
  return match === null ? source.length : match.index + match[0].length;
}

function decodeDoubleQuoted(body: string): string {
  return body.replace(
    /\\(u\{[0-9A-Fa-f]+\}|x[0-9A-Fa-f]{1,2}|[0-7]{1,3}|.)/gs,
    (escape, code: string) => {
      if (code.startsWith('u{')) return String.fromCodePoint(parseInt(code.slice(2, -1), 16));
      if (code.startsWith('x') && code.length > 1)
        return String.fromCharCode(parseInt(code.slice(1), 16));
      if (/^[0-7]+$/.test(code)) return String.fromCharCode(parseInt(code, 8) & 0xff);
      return DOUBLE_QUOTE_ESCAPES[code] ?? escape;
    },
  );
}
