import { parseRange } from '../auth/cidr';
import { sha256 } from '../auth/api-keys';
import { SESSION_MODULES } from '../policy/action-modules';
import { resolveModuleNames } from '../policy/module-classes';
import { compileRoute } from '../policy/rest-routes';
import { DEFAULTS } from './defaults';
import type { RawConfig } from './raw';

/**
 * The rules a schema cannot say: addresses, unique ids, references between
 * sections, module names and routes. Returns every problem, each `path: rule`.
 */
export function semanticProblems(config: RawConfig): string[] {
  const problems: string[] = [];
  if (!isObject(config) || !isObject(config.accounts)) return problems;
  checkRanges(strings(config.trustedProxies), 'trustedProxies', problems);
  checkKeys(config, problems);
  checkAppTokens(config, problems);

  // Node refuses to start a server whose headers may take longer than the whole request.
  const headersSeconds = config.limits?.headersTimeoutSeconds ?? DEFAULTS.headersTimeoutSeconds;
  const requestSeconds = config.limits?.requestTimeoutSeconds ?? DEFAULTS.requestTimeoutSeconds;
  if (headersSeconds > requestSeconds) {
    problems.push('limits.headersTimeoutSeconds: must not exceed limits.requestTimeoutSeconds');
  }

  if (isObject(config.store) && config.store.type === 'redis' && config.store.url === undefined) {
    problems.push('store.url: required when store.type is redis');
  }
  return problems;
}

function checkKeys(config: RawConfig, problems: string[]): void {
  const ids = new Map<string, number>();
  const digests = new Map<string, number>();

  (Array.isArray(config.apiKeys) ? config.apiKeys : []).forEach((key, i) => {
    const at = `apiKeys[${i}]`;
    if (!isObject(key)) return;
    const firstWithId = ids.get(key.id);
    if (firstWithId !== undefined) {
      problems.push(`${at}.id: "${key.id}" is already the id of apiKeys[${firstWithId}]`);
    }
    ids.set(key.id, i);

    if ((key.key === undefined) === (key.keySha256 === undefined)) {
      problems.push(`${at}: needs exactly one of key and keySha256`);
    }
    const digest =
      typeof key.keySha256 === 'string'
        ? key.keySha256.toLowerCase()
        : typeof key.key === 'string' && sha256(key.key).toString('hex');
    if (digest && digests.has(digest)) {
      problems.push(`${at}: has the same key as apiKeys[${digests.get(digest)}]`);
    }
    if (digest) digests.set(digest, i);

    if (!(key.account in config.accounts)) {
      problems.push(`${at}.account: no account named "${key.account}" in accounts`);
    }
    if (!Array.isArray(key.allowFrom) || key.allowFrom.length === 0) {
      problems.push(
        `${at}.allowFrom: required; list the addresses that may use this key ` +
          '(0.0.0.0/0 and ::/0 for any)',
      );
    }
    checkRanges(strings(key.allowFrom), `${at}.allowFrom`, problems);
    checkModules(strings(key.actionModules), `${at}.actionModules`, problems);
    checkRoutes(strings(key.restRoutes), `${at}.restRoutes`, problems);
  });
}

function checkRanges(ranges: readonly string[], at: string, problems: string[]): void {
  ranges.forEach((range, i) => {
    if (parseRange(range) === undefined) {
      problems.push(`${at}[${i}]: "${range}" is not an address or CIDR range`);
    }
  });
}

function checkModules(modules: readonly string[], at: string, problems: string[]): void {
  modules.forEach((entry, i) => {
    const names = resolveModuleNames(entry);
    if (names === undefined) {
      problems.push(
        `${at}[${i}]: "${entry}" is neither a module name (opensearch, query+search) ` +
          'nor a known API class name',
      );
    } else if (names.some((name) => SESSION_MODULES.has(name))) {
      problems.push(`${at}[${i}]: "${entry}" acts on the shared session and is never allowed`);
    }
  });
}

function checkRoutes(routes: readonly string[], at: string, problems: string[]): void {
  routes.forEach((route, i) => {
    try {
      compileRoute(route);
    } catch (error) {
      problems.push(`${at}[${i}]: "${route}": ${(error as Error).message}`);
    }
  });
}

function checkAppTokens(config: RawConfig, problems: string[]): void {
  const keys = Array.isArray(config.apiKeys) ? config.apiKeys : [];
  const issuers = keys.filter((key) => isObject(key) && key.issueAppTokens === true);
  const account = isObject(config.appTokens) ? config.appTokens.account : undefined;
  if (account !== undefined && !(account in config.accounts)) {
    problems.push(`appTokens.account: no account named "${account}" in accounts`);
  }
  if (issuers.length > 0 && account === undefined) {
    problems.push(`appTokens.account: required when a key has issueAppTokens (${issuers[0].id})`);
  }

  // An empty salt would sign every wrapper with an empty HMAC key: anyone could forge one.
  if (typeof config.salt === 'string' && config.salt !== '') return;
  if (issuers.length > 0) {
    problems.push(
      `salt: required (non-empty) when a key has issueAppTokens (${issuers[0].id}): ` +
        'app tokens come in a signed wrapper',
    );
  } else if (!isObject(config.userTokens) || config.userTokens.enabled !== false) {
    problems.push(
      'salt: required (non-empty) while user tokens are served: ' +
        'user-token/generate?withIssuer=1 answers a signed wrapper ' +
        '(set userTokens.enabled: false to serve no user tokens)',
    );
  }
}

/**
 * Semantic checks run even where the schema failed, so that every problem is
 * reported at once: they read the tree defensively and skip what the schema
 * already reported.
 */
function isObject(value: unknown): value is Record<string, any> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The strings of a list; anything else is the schema's to report. */
function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item) => typeof item === 'string') : [];
}
