import type { AddressList } from '../auth/cidr';
import type { RateLimit } from '../limits/rate-limiter';
import type { KeyPolicy } from '../auth/api-keys';
import type { Engine } from '../proxy/create-forwarder';
import type { AccountCredentials } from '../wiki/account-session';

/** A pino level; `silent` writes nothing. */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/** gateway.yaml, validated, with defaults filled in and matchers compiled. Frozen. */
export interface GatewayConfig {
  readonly listen: HostPort;
  readonly admin: HostPort;
  readonly wiki: {
    readonly url: string;
    readonly scriptPath: string;
    readonly timeoutMs: number;
    readonly sessionCheckMs: number;
  };
  readonly trustedProxies: AddressList;
  readonly salt: string;
  readonly accounts: Readonly<Record<string, AccountCredentials>>;
  readonly apiKeys: readonly KeyPolicy[];
  readonly appTokens: {
    readonly account: string | undefined;
    readonly ttlSeconds: number;
    readonly acceptBearer: boolean;
  };
  readonly userTokens: {
    readonly ttlSeconds: number;
    readonly allowAnonymous: boolean;
    /** Serve the two user-token endpoints (default true). */
    readonly enabled: boolean;
    /** A verify consumes the token (default false, as the original). */
    readonly singleUse: boolean;
  };
  readonly tokenEndpoints: {
    /** Verify endpoints need a credential allowed the route (default false, as the original). */
    readonly verifyRequiresKey: boolean;
    /** Tokens one caller may generate a minute, after the burst. */
    readonly generatePerMinute: number;
    readonly generateBurst: number;
  };
  readonly store:
    | { readonly type: 'memory'; readonly maxEntries: number }
    | { readonly type: 'redis'; readonly url: string; readonly maxEntries: number };
  readonly limits: {
    readonly maxParams: number;
    readonly maxBodyBytes: number;
    /** Request line and headers together; past it Node answers 431. */
    readonly maxHeaderBytes: number;
    /** Time a client has to send its headers; past it Node answers 408. */
    readonly headersTimeoutMs: number;
    /** Time a client has to send its whole request; past it Node answers 408. */
    readonly requestTimeoutMs: number;
    /** Failed authentications a client address may make, as a token bucket. */
    readonly authFailures: RateLimit;
  };
  readonly log: { readonly level: string; readonly accessLevel: LogLevel };
  /** How often the file is checked for a change; 0: only SIGHUP reloads. */
  readonly reload: { readonly watchMs: number };
  readonly shutdown: { readonly drainMs: number };
  /** The forwarding engine; both pass the same tests (docs/performance.md). */
  readonly proxy: { readonly engine: Engine };
  /** Processes serving the public port (node:cluster); 1 serves in this process. */
  readonly workers: number;
}

/** A config that breaks rules: every problem, each `path: rule`. */
export class ConfigError extends Error {
  readonly code = 'MWGATE_CONFIG_INVALID';

  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`${source}: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}
