import type { Engine } from '../proxy/create-forwarder';

/** gateway.yaml as written, once it fits the schema. */
export interface RawApiKey {
  id: string;
  key?: string;
  keySha256?: string;
  account: string;
  allowFrom?: string[];
  actionModules?: string[];
  restRoutes?: string[];
  issueAppTokens?: boolean;
  rateLimit?: RawRateLimit;
}

export interface RawRateLimit {
  perSecond: number;
  burst: number;
}

export interface RawConfig {
  listen?: { host?: string; port: number };
  admin?: { host?: string; port: number };
  wiki: { url: string; scriptPath?: string; timeoutSeconds?: number; sessionCheckSeconds?: number };
  trustedProxies?: string[];
  salt?: string;
  accounts: Record<string, { username: string; password: string }>;
  apiKeys?: RawApiKey[];
  appTokens?: { account?: string; ttlSeconds?: number; acceptBearer?: boolean };
  userTokens?: {
    ttlSeconds?: number;
    allowAnonymous?: boolean;
    enabled?: boolean;
    singleUse?: boolean;
  };
  tokenEndpoints?: {
    verifyRequiresKey?: boolean;
    generatePerMinute?: number;
    generateBurst?: number;
  };
  store?: { type: 'memory' | 'redis'; url?: string; maxEntries?: number };
  limits?: {
    maxParams?: number;
    maxBodyBytes?: number;
    maxHeaderBytes?: number;
    headersTimeoutSeconds?: number;
    requestTimeoutSeconds?: number;
    keyRateLimit?: RawRateLimit;
    authFailures?: RawRateLimit;
  };
  log?: { level?: string; accessLevel?: string };
  reload?: { watchSeconds?: number };
  shutdown?: { drainSeconds?: number };
  proxy?: { engine?: Engine };
  workers?: number;
}
