import Redis from 'ioredis';
import type { Logger } from 'pino';
import type { RateLimit, RateLimiter, RateVerdict } from './rate-limiter';

/**
 * Refill and take in one atomic step, on Redis's clock, so that every
 * gateway instance sees the same bucket. Returns {allowed, retryAfterMs}.
 */
const TAKE_SCRIPT = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + (now - at) * rate / 1000)
local needed = math.max(cost, 1)
local allowed = 0
local wait = 0
if tokens >= needed then
  allowed = 1
  tokens = tokens - cost
else
  wait = math.ceil((needed - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
return {allowed, wait}
`;

const KEY_PREFIX = 'mwgate:rate:';
/** A request waits this long for Redis at most; then the limit lets it through. */
const COMMAND_TIMEOUT_MS = 500;

/**
 * Token buckets shared through Redis. When Redis cannot answer, requests are
 * let through and the failure is logged: a limiter outage must not take the
 * wiki's API down with it.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly redis: Redis;

  // TODO(#6): share the connection with the Redis token store when both branches are merged.
  constructor(
    url: string,
    private readonly logger: Logger,
  ) {
    this.redis = new Redis(url, {
      // Queued while connecting: the first requests after start must count too.
      enableOfflineQueue: true,
      maxRetriesPerRequest: 0,
      commandTimeout: COMMAND_TIMEOUT_MS,
    });
    this.redis.on('error', (err: Error) => this.logger.warn({ err }, 'rate limit store failed'));
    this.redis.defineCommand('mwgateTake', { numberOfKeys: 1, lua: TAKE_SCRIPT });
  }

  async take(key: string, limit: RateLimit, cost = 1): Promise<RateVerdict> {
    try {
      const take = (this.redis as unknown as Record<string, TakeCommand>).mwgateTake;
      const [allowed, retryAfterMs] = await take.call(
        this.redis,
        KEY_PREFIX + key,
        limit.perSecond,
        limit.burst,
        cost,
      );
      return { allowed: allowed === 1, retryAfterMs };
    } catch (err) {
      this.logger.warn({ err }, 'rate limit store failed');
      return { allowed: true, retryAfterMs: 0 };
    }
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

type TakeCommand = (...args: (string | number)[]) => Promise<[number, number]>;
