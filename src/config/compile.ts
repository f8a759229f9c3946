import { AddressList } from '../auth/cidr';
import { sha256, type KeyPolicy } from '../auth/api-keys';
import { ActionModuleRule } from '../policy/action-modules';
import { resolveModuleNames } from '../policy/module-classes';
import { RestRouteRule } from '../policy/rest-routes';
import { DEFAULTS } from './defaults';
import type { RawApiKey, RawConfig, RawRateLimit } from './raw';
import type { GatewayConfig, LogLevel } from './types';

const MS_PER_SECOND = 1000;

/** Fills in defaults and compiles matchers. Call only on a config without problems. */
export function compileConfig(raw: RawConfig): GatewayConfig {
  const config: GatewayConfig = {
    listen: {
      host: raw.listen?.host ?? DEFAULTS.listenHost,
      port: raw.listen?.port ?? DEFAULTS.listenPort,
    },
    admin: {
      host: raw.admin?.host ?? DEFAULTS.adminHost,
      port: raw.admin?.port ?? DEFAULTS.adminPort,
    },
    wiki: {
      url: raw.wiki.url.replace(/\/+$/, ''),
      scriptPath: raw.wiki.scriptPath ?? DEFAULTS.scriptPath,
      timeoutMs: (raw.wiki.timeoutSeconds ?? DEFAULTS.wikiTimeoutSeconds) * MS_PER_SECOND,
      sessionCheckMs:
        (raw.wiki.sessionCheckSeconds ?? DEFAULTS.sessionCheckSeconds) * MS_PER_SECOND,
    },
    trustedProxies: new AddressList(raw.trustedProxies ?? []),
    salt: raw.salt ?? '',
    accounts: raw.accounts,
    apiKeys: (raw.apiKeys ?? []).map((key) => compileKey(key, raw.limits?.keyRateLimit)),
    appTokens: {
      account: raw.appTokens?.account,
      ttlSeconds: raw.appTokens?.ttlSeconds ?? DEFAULTS.appTokenTtlSeconds,
      acceptBearer: raw.appTokens?.acceptBearer ?? false,
    },
    userTokens: {
      ttlSeconds: raw.userTokens?.ttlSeconds ?? DEFAULTS.userTokenTtlSeconds,
      allowAnonymous: raw.userTokens?.allowAnonymous ?? false,
      enabled: raw.userTokens?.enabled ?? true,
      singleUse: raw.userTokens?.singleUse ?? false,
    },
    tokenEndpoints: {
      verifyRequiresKey: raw.tokenEndpoints?.verifyRequiresKey ?? false,
      generatePerMinute: raw.tokenEndpoints?.generatePerMinute ?? DEFAULTS.generatePerMinute,
      generateBurst: raw.tokenEndpoints?.generateBurst ?? DEFAULTS.generateBurst,
    },
    store: compileStore(raw.store),
    limits: {
      maxParams: raw.limits?.maxParams ?? DEFAULTS.maxParams,
      maxBodyBytes: raw.limits?.maxBodyBytes ?? DEFAULTS.maxBodyBytes,
      maxHeaderBytes: raw.limits?.maxHeaderBytes ?? DEFAULTS.maxHeaderBytes,
      headersTimeoutMs:
        (raw.limits?.headersTimeoutSeconds ?? DEFAULTS.headersTimeoutSeconds) * MS_PER_SECOND,
      requestTimeoutMs:
        (raw.limits?.requestTimeoutSeconds ?? DEFAULTS.requestTimeoutSeconds) * MS_PER_SECOND,
      authFailures: raw.limits?.authFailures ?? {
        perSecond: DEFAULTS.authFailuresPerSecond,
        burst: DEFAULTS.authFailuresBurst,
      },
    },
    log: {
      level: raw.log?.level ?? DEFAULTS.logLevel,
      accessLevel: (raw.log?.accessLevel ?? DEFAULTS.accessLogLevel) as LogLevel,
    },
    reload: { watchMs: (raw.reload?.watchSeconds ?? DEFAULTS.reloadWatchSeconds) * MS_PER_SECOND },
    shutdown: {
      drainMs: (raw.shutdown?.drainSeconds ?? DEFAULTS.shutdownDrainSeconds) * MS_PER_SECOND,
    },
    proxy: { engine: raw.proxy?.engine ?? DEFAULTS.proxyEngine },
    workers: raw.workers ?? DEFAULTS.workers,
  };
  return deepFreeze(config);
}

function compileKey(raw: RawApiKey, defaultLimit: RawRateLimit | undefined): KeyPolicy {
  const modules = (raw.actionModules ?? []).flatMap((entry) => resolveModuleNames(entry) ?? []);
  return {
    id: raw.id,
    account: raw.account,
    digest: raw.keySha256 ? Buffer.from(raw.keySha256, 'hex') : sha256(raw.key ?? ''),
    allowFrom: new AddressList(raw.allowFrom ?? []),
    actionModules: new ActionModuleRule(modules),
    restRoutes: new RestRouteRule(raw.restRoutes ?? []),
    issueAppTokens: raw.issueAppTokens ?? false,
    rateLimit: raw.rateLimit ?? defaultLimit,
  };
}

function compileStore(raw: RawConfig['store']): GatewayConfig['store'] {
  const maxEntries = raw?.maxEntries ?? DEFAULTS.storeMaxEntries;
  if (raw?.type === 'redis') return { type: 'redis', url: raw.url ?? '', maxEntries };
  return { type: 'memory', maxEntries };
}

/** Freezes plain objects and arrays; compiled matchers are immutable by design. */
function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return value;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== Array.prototype) return value;
  for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}
