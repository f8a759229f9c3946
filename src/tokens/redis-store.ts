import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { GatewayError } from '../errors';
import type { TokenRecord, TokenStore } from './store';
import { tokenStoreKey, type TokenKind } from './token';

/** Every key the gateway writes starts with this, so one Redis can serve other things too. */
export const REDIS_KEY_PREFIX = 'mwgate:token:';
/** A token check waits at most this long: a hung Redis must not hang the request. */
const COMMAND_TIMEOUT_MS = 1000;
const CONNECT_TIMEOUT_MS = 2000;
/** Reconnect quickly at first, then every 2 s at most, for as long as the gateway runs. */
const MAX_RECONNECT_DELAY_MS = 2000;

/**
 * Tokens in a Redis shared by every gateway of one wiki. Expiry is Redis's own
 * (`SET … EX`); a single-use token is taken with `GETDEL`, atomic across
 * gateways. While Redis is unreachable every call fails with
 * `mwgate-store-unavailable`: commands are not queued, so nothing waits for a
 * reconnect and nothing is ever answered as if the store were empty.
 */
export class RedisTokenStore implements TokenStore {
  private readonly redis: Redis;

  constructor(url: string, logger: Logger) {
    this.redis = new Redis(url, {
      keyPrefix: REDIS_KEY_PREFIX,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: COMMAND_TIMEOUT_MS,
      connectTimeout: CONNECT_TIMEOUT_MS,
      retryStrategy: (times) => Math.min(times * 100, MAX_RECONNECT_DELAY_MS),
    });
    let up = false;
    this.redis.on('ready', () => {
      up = true;
      logger.info({}, 'token store connected');
    });
    // Without a listener ioredis prints every failed reconnect; log the first only.
    this.redis.on('error', (error: Error) => {
      if (!up) return;
      up = false;
      logger.error({ err: { message: error.message } }, 'token store unreachable');
    });
  }

  async put(kind: TokenKind, token: string, record: TokenRecord, ttlSeconds: number) {
    await this.call(() =>
      this.redis.set(tokenStoreKey(kind, token), encode(record), 'EX', ttlSeconds),
    );
  }

  async get(kind: TokenKind, token: string) {
    return decode(await this.call(() => this.redis.get(tokenStoreKey(kind, token))));
  }

  async take(kind: TokenKind, token: string) {
    return decode(await this.call(() => this.redis.getdel(tokenStoreKey(kind, token))));
  }

  async close() {
    this.redis.disconnect();
  }

  private async call<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw new GatewayError('mwgate-store-unavailable', 'store-unavailable', { cause: error });
    }
  }
}

function encode(record: TokenRecord): string {
  return JSON.stringify(record);
}

function decode(text: string | null): TokenRecord | undefined {
  return text === null ? undefined : (JSON.parse(text) as TokenRecord);
}
