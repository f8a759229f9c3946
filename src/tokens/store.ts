import { LRUCache } from 'lru-cache';
import { tokenStoreKey, type TokenKind } from './token';

/** What a token stands for. */
export interface TokenRecord {
  /** The gateway.yaml account the token acts as (app tokens) or was issued by. */
  readonly account?: string;
  /** The id of the key that generated an app token. */
  readonly issuer?: string;
  /** The user a user token was generated for, as the wiki described them. */
  readonly user?: Readonly<Record<string, unknown>>;
}

/** Where tokens live until they expire. Async so that a shared store can fit. */
export interface TokenStore {
  put(kind: TokenKind, token: string, record: TokenRecord, ttlSeconds: number): Promise<void>;
  get(kind: TokenKind, token: string): Promise<TokenRecord | undefined>;
  close(): Promise<void>;
}

/** Tokens in this process's memory, bounded: the least recently used go first. */
export class MemoryTokenStore implements TokenStore {
  private readonly cache: LRUCache<string, TokenRecord>;

  constructor(maxEntries: number) {
    this.cache = new LRUCache({ max: maxEntries, ttlAutopurge: false });
  }

  get size(): number {
    return this.cache.size;
  }

  async put(kind: TokenKind, token: string, record: TokenRecord, ttlSeconds: number) {
    this.cache.set(tokenStoreKey(kind, token), record, { ttl: ttlSeconds * 1000 });
  }

  async get(kind: TokenKind, token: string) {
    return this.cache.get(tokenStoreKey(kind, token));
  }

  async close() {
    this.cache.clear();
  }
}
