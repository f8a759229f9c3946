import { GatewayError } from '../errors';

/**
 * Action API modules: what a request runs, and what a key may run.
 *
 * A module path is `action` for a top-level module (`opensearch`) or
 * `query+<name>` for a query submodule (`query+search`), the names of
 * `action=paraminfo&modules=…`.
 */

/** Query parameters that name submodules; `generator` runs one too. */
export const QUERY_SUBMODULE_PARAMS = ['list', 'prop', 'meta', 'generator'] as const;

/** Query parameters that return page content without naming a submodule. */
const QUERY_CONTENT_PARAMS = ['export', 'exportnowrap'] as const;

/** Parameters whose values name modules or token types: what the decision reads. */
const MODULE_VALUE_PARAMS = ['action', ...QUERY_SUBMODULE_PARAMS, 'type'] as const;

/** Every parameter the decision looks at, by value or by presence. */
export const DECISION_PARAMS: ReadonlySet<string> = new Set<string>([
  ...MODULE_VALUE_PARAMS,
  ...QUERY_CONTENT_PARAMS,
  'callback',
  'assertuser',
]);

/**
 * MediaWiki normalises values to Unicode NFC before a module reads them, and
 * NFC maps some non-ASCII characters to ASCII ones (U+212A KELVIN SIGN is
 * `K`). Module names are ASCII: a module value with anything else is refused
 * rather than normalised here in a way that might differ.
 */
const MODULE_VALUE = /^[\x20-\x7e\x1f]*$/;

/** Modules that act on the shared service session, refused to every credential. */
export const SESSION_MODULES: ReadonlySet<string> = new Set([
  'login',
  'clientlogin',
  'logout',
  'createaccount',
  'linkaccount',
  'unlinkaccount',
  'changeauthenticationdata',
  'removeauthenticationdata',
  'resetpassword',
]);

/** `meta=tokens&type=…` values that begin a login or an account creation. */
export const SESSION_TOKEN_TYPES: ReadonlySet<string> = new Set(['login', 'createaccount', '*']);

const UNIT_SEPARATOR = '\u001f';

/** Splits a multi-value parameter as ApiBase does: on `|`, or on U+001F when it leads. */
export function splitMultiValue(value: string): string[] {
  if (value === '') return [];
  if (value.startsWith(UNIT_SEPARATOR)) return value.slice(1).split(UNIT_SEPARATOR);
  return value.split('|');
}

/** What an Action API request runs, read from its canonical parameters. */
export interface ActionCall {
  /** `action` (default `help`), then every `query+<name>` it runs. */
  readonly modules: readonly string[];
  /** Whether the request reads page content through `query` itself (export). */
  readonly queryContent: boolean;
  /** The `type` values of `meta=tokens`. */
  readonly tokenTypes: readonly string[];
}

export function readActionCall(params: ReadonlyMap<string, string>): ActionCall {
  for (const name of MODULE_VALUE_PARAMS) {
    const value = params.get(name);
    if (value !== undefined && !MODULE_VALUE.test(value)) {
      throw new GatewayError('mwgate-ambiguous-request', 'non-ascii-module-value');
    }
  }

  const action = params.get('action') ?? 'help';
  const modules = [action];
  if (action !== 'query') return { modules, queryContent: false, tokenTypes: [] };

  for (const name of QUERY_SUBMODULE_PARAMS) {
    for (const sub of splitMultiValue(params.get(name) ?? '')) modules.push(`query+${sub}`);
  }
  const queryContent = QUERY_CONTENT_PARAMS.some((name) => params.has(name));
  const tokenTypes = modules.includes('query+tokens')
    ? splitMultiValue(params.get('type') ?? 'csrf')
    : [];
  return { modules, queryContent, tokenTypes };
}

/** Why a call touches the shared session, or undefined when it does not. */
export function sessionModuleIn(call: ActionCall): string | undefined {
  const module = call.modules.find((name) => SESSION_MODULES.has(name));
  if (module !== undefined) return module;
  const type = call.tokenTypes.find((name) => SESSION_TOKEN_TYPES.has(name));
  return type === undefined ? undefined : `query+tokens type=${type}`;
}

/**
 * A key's `actionModules`, compiled. `query` allows every submodule;
 * `query+search` allows `action=query` only to run `search`.
 */
export class ActionModuleRule {
  private readonly allowed: ReadonlySet<string>;

  constructor(modules: readonly string[]) {
    this.allowed = new Set(modules);
  }

  /** The first module of the call the key may not run, or undefined. */
  refusedModule(call: ActionCall): string | undefined {
    const [action, ...submodules] = call.modules;
    if (this.allowed.has(action)) return undefined;
    if (action !== 'query' || submodules.length === 0) return action;
    // `query+search` grants action=query only for what its submodules return.
    if (call.queryContent) return action;
    return submodules.find((module) => !this.allowed.has(module));
  }
}
