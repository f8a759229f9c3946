import { createHash } from 'node:crypto';
import { parseRange } from '../auth/cidr';
import { SESSION_MODULES } from '../policy/action-modules';
import { compileRoute } from '../policy/rest-routes';
import type { RawApiKey, RawConfig } from '../config/raw';
import type { ComponentSettings, Secret, ServiceTokenSettings } from './component-settings';
import { AccountNames } from './account-names';
import type { ModuleResolver } from './module-resolver';

/** What `import-settings` writes, and what it tells the operator beside it. */
export interface ImportedConfig {
  readonly config: RawConfig;
  /** Each place where the original was looser than the gateway, or was not carried over. */
  readonly warnings: string[];
  /** What to do before `check-config` passes: variables to set, passwords to create. */
  readonly steps: string[];
}

export interface ImportOptions {
  /** wiki.url of the written config; else `${MWGATE_WIKI_URL}`. */
  readonly wikiUrl?: string;
  readonly scriptPath: string;
  readonly resolveModule: ModuleResolver;
}

const ANY_ADDRESS = ['0.0.0.0/0', '::/0'];
const APP_TOKEN_GENERATE_PATH = '/mws/v1/app-token/generate';
const APP_TOKEN_GENERATE = APP_TOKEN_GENERATE_PATH.split('/').slice(1);
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Turns the component's settings into an equivalent, never looser, gateway.yaml. */
export function importSettings(
  settings: ComponentSettings,
  options: ImportOptions,
): ImportedConfig {
  const warnings: string[] = [];
  const steps: string[] = [];
  const accounts = new AccountNames();

  const apiKeys = settings.tokens.map((token) =>
    importToken(token, keyId(token), accounts, options.resolveModule, warnings, steps),
  );
  const issuers = apiKeys.filter((key) => key.issueAppTokens === true);
  const config: RawConfig = {
    wiki: { url: options.wikiUrl ?? '${MWGATE_WIKI_URL}', scriptPath: options.scriptPath },
    trustedProxies: [],
    accounts: {},
    apiKeys,
  };
  if (options.wikiUrl === undefined) {
    steps.push('set MWGATE_WIKI_URL to the wiki origin, e.g. http://127.0.0.1:8081');
  }

  // The user-token endpoints are served too, and withIssuer asks for a signed wrapper:
  // the gateway refuses to start without a salt (#4), so the config always names one.
  config.salt = saltReference(settings.salt, warnings, steps);
  if (issuers.length > 0) {
    config.appTokens = { account: accounts.nameOf(settings.serviceUser) };
  } else {
    warnings.push(
      'app tokens: anyone who could read the wiki could mint one; now only a key with ' +
        'issueAppTokens may, and none had /mws/v1/app-token/generate among its rest paths. ' +
        'Set issueAppTokens: true on the key of the service that needs them, and appTokens.account',
    );
  }
  config.accounts = accounts.entries(steps);

  if (settings.mixed) {
    warnings.push(
      'both the 1.x ServiceToken and the 2.0 ServiceTokens list are set: which one the ' +
        'component read depended on its version; both are imported',
    );
  }
  if (apiKeys.some((key) => key.allowFrom?.join() !== ANY_ADDRESS.join())) {
    steps.push(
      'if a proxy (nginx, a load balancer) stands in front of mwgate, list it in ' +
        'trustedProxies: otherwise allowFrom sees the proxy as every client',
    );
  }
  groupWarnings(settings, apiKeys, config, accounts, warnings);
  return { config, warnings, steps };
}

/** `ServiceToken` → `service`, `ServiceTokens[0]` → `service-1`. */
function keyId(token: ServiceTokenSettings): string {
  const index = /\[(\d+)\]$/.exec(token.label);
  return index === null ? 'service' : `service-${Number(index[1]) + 1}`;
}

function importToken(
  token: ServiceTokenSettings,
  id: string,
  accounts: AccountNames,
  resolveModule: ModuleResolver,
  warnings: string[],
  steps: string[],
): RawApiKey {
  const key: RawApiKey = { id, account: accounts.nameOf(token.user) };
  Object.assign(key, keySecret(token.secret, id, steps));
  key.allowFrom = allowFrom(token, id, warnings);

  const modules = token.modules.flatMap((entry) =>
    importModule(entry, id, resolveModule, warnings),
  );
  if (modules.length > 0) key.actionModules = [...new Set(modules)];
  if (token.modules.length > 0) {
    warnings.push(
      `${id}: the original also allowed every subclass of each listed class; the gateway ` +
        `allows the modules named only`,
    );
  }

  const routes: string[] = [];
  for (const prefix of token.restPaths) {
    // The gateway answers this endpoint itself; the key only needs the flag.
    if (prefix.trim().replace(/\/+$/, '') === APP_TOKEN_GENERATE_PATH) {
      key.issueAppTokens = true;
      continue;
    }
    const route = importRestPrefix(prefix, id, warnings);
    if (route === undefined) continue;
    if (coversAppTokenGenerate(route)) key.issueAppTokens = true;
    routes.push(route);
  }
  if (routes.length > 0) {
    key.restRoutes = [...new Set(routes)];
    warnings.push(
      `${id}: the original allowed every HTTP method on its rest paths; these routes allow ` +
        'GET and HEAD: add "POST /path" (or PUT, DELETE) where the service writes',
    );
  }
  return key;
}

function keySecret(secret: Secret, id: string, steps: string[]): Partial<RawApiKey> {
  if ('literal' in secret) {
    steps.push(
      `${id}: written as keySha256, so gateway.yaml holds no secret; clients keep sending the ` +
        `same key. Remove it from LocalSettings.php`,
    );
    return { keySha256: createHash('sha256').update(secret.literal, 'utf8').digest('hex') };
  }
  const name = ENV_NAME.test(secret.env)
    ? secret.env
    : `MWGATE_KEY_${id.replace(/\W/g, '_').toUpperCase()}`;
  steps.push(`${id}: set ${name} to the key (LocalSettings.php read getenv('${secret.env}'))`);
  return { key: `\${${name}}` };
}

function allowFrom(token: ServiceTokenSettings, id: string, warnings: string[]): string[] {
  const ranges = token.cidr
    .split(',')
    .map((range) => range.trim())
    .filter((range) => range !== '');
  if (ranges.length === 0) {
    warnings.push(
      `${id}: no CIDR meant any address; allowFrom says so outright ` +
        `(${ANY_ADDRESS.join(', ')}): narrow it`,
    );
    return [...ANY_ADDRESS];
  }
  for (const range of ranges) {
    if (parseRange(range) === undefined) {
      warnings.push(
        `${id}: CIDR "${range}" is not valid (the original failed on it); check-config refuses ` +
          `it until it is fixed`,
      );
    }
  }
  return ranges;
}

function importModule(
  entry: string,
  id: string,
  resolve: ModuleResolver,
  warnings: string[],
): readonly string[] {
  const names = resolve(entry);
  if (names === undefined) {
    warnings.push(
      `${id}: API module class "${entry}" is unknown (give --wiki to ask the wiki); left out: ` +
        `add its module name by hand`,
    );
    return [];
  }
  const session = names.filter((name) => SESSION_MODULES.has(name));
  if (session.length > 0) {
    warnings.push(
      `${id}: "${entry}" (${session.join(', ')}) acts on the shared session and is never ` +
        `allowed; left out`,
    );
  }
  const allowed = names.filter((name) => !SESSION_MODULES.has(name));
  if (allowed.includes('query')) {
    warnings.push(
      `${id}: "${entry}" allowed every query submodule (list=, prop=, meta=, generator=); ` +
        `"query" still does: narrow it to query+search and the like`,
    );
  }
  const submodules = allowed.filter((name) => name.startsWith('query+'));
  if (submodules.length > 0) {
    warnings.push(
      `${id}: "${entry}" never matched in the original, which checked only action=; the ` +
        `gateway allows ${submodules.join(', ')} with it`,
    );
  }
  return allowed;
}

/** `/prefix` → `/prefix/**`: the original's raw prefix, cut at a segment boundary. */
function importRestPrefix(prefix: string, id: string, warnings: string[]): string | undefined {
  let path = prefix.trim();
  if (path.includes('?')) {
    warnings.push(
      `${id}: rest path "${prefix}" held a query string, which the original matched too; the ` +
        `route ignores it`,
    );
    path = path.slice(0, path.indexOf('?'));
  }
  if (!path.startsWith('/')) path = `/${path}`;
  if (!path.endsWith('/')) {
    warnings.push(
      `${id}: rest path "${prefix}" matched any path starting with it (also "${path}-foo"); ` +
        `the route matches "${path}" and below only`,
    );
  }
  const route = `${path.replace(/\/+$/, '')}/**`;
  if (route === '/**')
    warnings.push(
      `${id}: rest path "${prefix}" allowed every REST route; so does "/**": narrow it`,
    );
  try {
    compileRoute(route);
  } catch (error) {
    warnings.push(
      `${id}: rest path "${prefix}" cannot be a route (${(error as Error).message}); left out`,
    );
    return undefined;
  }
  return route;
}

function coversAppTokenGenerate(route: string): boolean {
  const fixed = route.split('/').slice(1, -1);
  return (
    fixed.length <= APP_TOKEN_GENERATE.length && fixed.every((s, i) => s === APP_TOKEN_GENERATE[i])
  );
}

function saltReference(salt: Secret | undefined, warnings: string[], steps: string[]): string {
  if (salt !== undefined && 'env' in salt && ENV_NAME.test(salt.env)) {
    steps.push(`set ${salt.env} to the salt (LocalSettings.php read getenv('${salt.env}'))`);
    return `\${${salt.env}}`;
  }
  if (salt === undefined) {
    warnings.push(
      'salt: the original signed app-token wrappers with an empty salt; choose one, set ' +
        'MWGATE_SALT, and give it to clients that check signatures',
    );
  } else {
    steps.push(
      'set MWGATE_SALT to the value of $mwsgTokenAuthenticatorSalt: clients check wrapper ' +
        'signatures with it',
    );
  }
  return '${MWGATE_SALT}';
}

function groupWarnings(
  settings: ComponentSettings,
  apiKeys: readonly RawApiKey[],
  config: RawConfig,
  accounts: AccountNames,
  warnings: string[],
): void {
  for (const [account, user] of accounts.users()) {
    const ids = apiKeys.filter((key) => key.account === account).map((key) => key.id);
    const appTokens = config.appTokens?.account === account;
    const groups = [ids.length > 0 ? 'bot (keys)' : '', appTokens ? 'sysop (app tokens)' : ''];
    const added = groups.filter(Boolean).join(' and ');
    warnings.push(
      `account ${account} ("${user}"): the original added ${added} ` +
        'to it on each request; the gateway adds no group: give the account the groups it needs ' +
        '($wgGroupPermissions) and its bot password only the grants its keys need',
    );
    const sharers = [...ids, ...(appTokens ? ['app tokens'] : [])];
    if (sharers.length > 1) {
      warnings.push(
        `account ${account} ("${user}") is shared by ${sharers.join(', ')}: consider a narrow ` +
          'account (grants basic, highvolume) for keys and a wide one for app tokens',
      );
    }
  }
  if (settings.tokens.length === 0) warnings.push('no static key is set: apiKeys is empty');
}
