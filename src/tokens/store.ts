import { LRUCache } from 'lru-cache';
import type { Metrics } from '../observability/metrics';
import { tokenStoreKey, type TokenKind } from './token';

/** What a user token stands for: the verify answer's user fields, as the wiki gave them. */
export interface UserInfo {
  readonly username: string;
  readonly real_name: string;
  readonly id: number;
  readonly lang_code: string;
  readonly groups: readonly string[];
  readonly anon: boolean;
}

/** What a token stands for. */
export interface TokenRecord {
  /** The gateway.yaml account the token acts as (app tokens) or was issued by. */
  readonly account?: string;
  /** The id of the key that generated an app token. */
  readonly issuer?: string;
  /** The user a user token was generated for. */
  readonly user?: UserInfo;
  /** The wiki id a user token was generated on (`siteinfo` `wikiid`). */
  readonly wiki?: string;
}

/**
 * Where tokens live until they expire. Async so that a shared store fits; a
 * store that cannot answer throws `mwgate-store-unavailable`, never "unknown".
 */
export interface TokenStore {
  put(kind: TokenKind, token: string, record: TokenRecord, ttlSeconds: number): Promise<void>;
  get(kind: TokenKind, token: string): Promise<TokenRecord | undefined>;
  /** Gets and deletes in one step, so a single-use token is used once across gateways. */
  take(kind: TokenKind, token: string): Promise<TokenRecord | undefined>;
  close(): Promise<void>;
}

/**
 * Tokens in this process's memory, bounded: the least recently used go first,
 * and each eviction is counted, so a full store shows on a dashboard.
 */
export class MemoryTokenStore implements TokenStore {
  private readonly cache: LRUCache<string, TokenRecord>;

  constructor(maxEntries: number, metrics?: Metrics) {
    this.cache = new LRUCache({
      max: maxEntries,
      ttlAutopurge: false,
      dispose: (_value, _key, reason) => {
        if (reason === 'evict') metrics?.tokenEvictions.inc();
      },
    });
    this.metrics = metrics;
  }

  private readonly metrics: Metrics | undefined;

  get size(): number {
    return this.cache.size;
  }

  async put(kind: TokenKind, token: string, record: TokenRecord, ttlSeconds: number) {
    this.cache.set(tokenStoreKey(kind, token), record, { ttl: ttlSeconds * 1000 });
    this.metrics?.tokensStored.set(this.cache.size);
  }

  async get(kind: TokenKind, token: string) {
    return this.cache.get(tokenStoreKey(kind, token));
  }

  async take(kind: TokenKind, token: string) {
    const key = tokenStoreKey(kind, token);
    const record = this.cache.get(key);
    if (record !== undefined) this.cache.delete(key);
    this.metrics?.tokensStored.set(this.cache.size);
    return record;
  }

  async close() {
    this.cache.clear();
  }
}
