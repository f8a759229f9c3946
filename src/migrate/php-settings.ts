import { tokenizePhp, type Token } from './php-lexer';

/** `getenv('NAME')`: the value comes from the environment, so does the gateway's. */
export interface EnvReference {
  readonly env: string;
}

/** A PHP array literal, its entries in order; a key is absent where PHP would number it. */
export interface PhpArray {
  readonly entries: ReadonlyArray<{ readonly key?: string; readonly value: PhpValue }>;
}

export type PhpValue = string | number | boolean | null | EnvReference | PhpArray;

/** One assignment to a setting: `$name = …;`, `$GLOBALS['name'] = …;` or `…[] = …;`. */
export interface Assignment {
  /** Without the prefix: `ServiceToken`, `ServiceTokens`, `Salt`. */
  readonly name: string;
  readonly value: PhpValue;
  readonly line: number;
  /** `$name[] = value`: appends to the list. */
  readonly append: boolean;
  /** `$name = $name ?? value`: sets only what is still unset. */
  readonly ifUnset: boolean;
}

export interface ReadSettings {
  readonly assignments: Assignment[];
  /** One sentence each, naming the line: what could not be read and was left out. */
  readonly problems: string[];
}

const ASSIGNABLE = new Set(['=', '??=']);
/** Operators that change a setting in a way this reader does not follow. */
const UNREAD_CHANGES = new Set(['.=', '+=', '-=', '*=', '/=', '|=', '&=', '**=', '[']);

/**
 * Reads every assignment to a global whose name starts with `prefix`, in both
 * the `$prefixX` and the `$GLOBALS['prefixX']` form, without running PHP.
 * Values must be literals: strings, numbers, booleans, null, arrays, `X::class`,
 * `getenv('NAME')`, and `.` between literals; anything else is a problem.
 */
export function readPhpSettings(source: string, prefix: string): ReadSettings {
  const tokens = tokenizePhp(source);
  const assignments: Assignment[] = [];
  const problems: string[] = [];
  let depth = 0;

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.text === '{') depth++;
    if (token.text === '}') depth = Math.max(0, depth - 1);
    const target = settingAt(tokens, i, prefix);
    if (target === undefined) continue;

    let at = target.next;
    const append = tokens[at]?.text === '[' && tokens[at + 1]?.text === ']';
    if (append) at += 2;
    const operator = tokens[at]?.text ?? '';
    if (!ASSIGNABLE.has(operator)) {
      if (UNREAD_CHANGES.has(operator)) {
        problems.push(
          `line ${token.line}: ${target.name}: "${operator}" is not read; set it with "="`,
        );
      }
      i = at - 1;
      continue;
    }

    const end = statementEnd(tokens, at + 1);
    const name = target.name.slice(prefix.length);
    // TODO(#5): conditions are not evaluated (that would mean running PHP); an
    // assignment in a block is read as if it always ran, and said so.
    if (depth > 0) {
      problems.push(
        `line ${token.line}: ${target.name} is set inside a block (if, function): read as if ` +
          `it always ran`,
      );
    }
    try {
      const parsed = parseRightSide(tokens.slice(at + 1, end), target.name, prefix);
      const ifUnset = operator === '??=' || parsed.ifUnset;
      assignments.push({ name, value: parsed.value, line: token.line, append, ifUnset });
    } catch (error) {
      if (!(error instanceof LiteralError)) throw error;
      problems.push(`line ${error.line ?? token.line}: ${target.name}: ${error.message}; left out`);
    }
    i = end;
  }
  return { assignments, problems };
}

class LiteralError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

/** The setting named at tokens[i], and the index after its name, or undefined. */
function settingAt(tokens: readonly Token[], i: number, prefix: string) {
  const token = tokens[i];
  if (token.kind === 'variable' && token.text.startsWith(`$${prefix}`)) {
    return { name: token.text.slice(1), next: i + 1 };
  }
  const key = tokens[i + 2];
  if (
    token.text === '$GLOBALS' &&
    tokens[i + 1]?.text === '[' &&
    key?.kind === 'string' &&
    key.text.startsWith(prefix) &&
    tokens[i + 3]?.text === ']'
  ) {
    return { name: key.text, next: i + 4 };
  }
  return undefined;
}

function statementEnd(tokens: readonly Token[], from: number): number {
  let depth = 0;
  for (let i = from; i < tokens.length; i++) {
    const text = tokens[i].text;
    if (text === '(' || text === '[' || text === '{') depth++;
    if (text === ')' || text === ']' || text === '}') depth--;
    if (text === ';' && depth <= 0) return i;
  }
  return tokens.length;
}

/** `value`, or `$same ?? value` (keep what is set, else value). */
function parseRightSide(tokens: readonly Token[], setting: string, prefix: string) {
  const self = settingAt(tokens, 0, prefix);
  if (tokens.length > 0 && self?.name === setting && tokens[self.next]?.text === '??') {
    return { value: parseLiteral(tokens.slice(self.next + 1)), ifUnset: true };
  }
  return { value: parseLiteral(tokens), ifUnset: false };
}

function parseLiteral(tokens: readonly Token[]): PhpValue {
  const reader = new LiteralReader(tokens);
  const value = reader.expression();
  reader.expectEnd();
  return value;
}

/** Recursive descent over the literal subset; throws a LiteralError naming the token. */
class LiteralReader {
  private at = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  expression(): PhpValue {
    const first = this.term();
    if (this.peek()?.text !== '.') return first;

    let text = this.concatenable(first);
    while (this.peek()?.text === '.') {
      this.at++;
      text += this.concatenable(this.term());
    }
    return text;
  }

  expectEnd(): void {
    const extra = this.peek();
    if (extra !== undefined) this.fail(extra);
  }

  private term(): PhpValue {
    const token = this.take();
    const next = this.peek();
    if (token.kind === 'string') {
      if (!token.literal)
        throw new LiteralError('a string that interpolates a variable', token.line);
      return token.text;
    }
    if (token.kind === 'number' && /^[0-9]+(\.[0-9]+)?$/.test(token.text))
      return Number(token.text);
    if (token.text === '[') return this.arrayBody(']');
    if (token.kind !== 'name') this.fail(token);

    const word = token.text.toLowerCase();
    if (word === 'true' || word === 'false') return word === 'true';
    if (word === 'null') return null;
    if (word === 'array' && next?.text === '(') {
      this.at++;
      return this.arrayBody(')');
    }
    if (next?.text === '::' && this.tokens[this.at + 1]?.text.toLowerCase() === 'class') {
      this.at += 2;
      return token.text.replace(/^\\/, '');
    }
    if (word === 'getenv' && next?.text === '(') return this.getenv();
    this.fail(token);
  }

  private arrayBody(close: string): PhpArray {
    const entries: Array<{ key?: string; value: PhpValue }> = [];
    while (this.peek()?.text !== close) {
      const first = this.expression();
      if (this.peek()?.text === '=>') {
        this.at++;
        entries.push({ key: String(first), value: this.expression() });
      } else {
        entries.push({ value: first });
      }
      if (this.peek()?.text !== ',') break;
      this.at++;
    }
    const end = this.take();
    if (end.text !== close) this.fail(end);
    return { entries };
  }

  private getenv(): EnvReference {
    this.at++;
    const name = this.take();
    const close = this.take();
    if (name.kind !== 'string' || !name.literal || close.text !== ')') this.fail(name);
    return { env: name.text };
  }

  private concatenable(value: PhpValue): string {
    if (typeof value === 'string' || typeof value === 'number') return String(value);
    throw new LiteralError(
      '"." joins only strings and numbers here',
      this.tokens[this.at - 1]?.line,
    );
  }

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private take(): Token {
    const token = this.tokens[this.at++];
    if (token === undefined) throw new LiteralError('the value ends too early');
    return token;
  }

  private fail(token: Token): never {
    const shown = token.kind === 'string' ? `'${token.text}'` : token.text;
    throw new LiteralError(`${shown} is not a literal this importer reads`, token.line);
  }
}

/** True for `getenv('NAME')`. */
export function isEnvReference(value: PhpValue): value is EnvReference {
  return typeof value === 'object' && value !== null && 'env' in value;
}

/** True for an array literal. */
export function isPhpArray(value: PhpValue): value is PhpArray {
  return typeof value === 'object' && value !== null && 'entries' in value;
}
