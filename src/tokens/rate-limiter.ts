import { LRUCache } from 'lru-cache';

/**
 * Says whether a caller may generate one more token. Async so that a limiter
 * shared between gateways (in Redis) fits behind the same interface.
 */
export interface RateLimiter {
  /** Takes one token from the caller's bucket; `retryAfterSeconds` when there is none. */
  take(caller: string): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
}

export interface TokenBucketOptions {
  readonly perMinute: number;
  readonly burst: number;
  /** Callers remembered at once; the least recent are forgotten (they start full again). */
  readonly maxCallers: number;
  readonly now?: () => number;
}

const MS_PER_MINUTE = 60_000;

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/**
 * A token bucket per caller in this process's memory: `burst` at once, then
 * `perMinute` refilled evenly. Bounded, so many callers cannot fill memory either.
 *
 * TODO(#4): with several gateways each keeps its own buckets, so a caller
 * spread over N gateways gets N times the rate; a Redis limiter would share them.
 */
export class MemoryTokenBucket implements RateLimiter {
  private readonly buckets: LRUCache<string, Bucket>;
  private readonly now: () => number;
  private readonly refillPerMs: number;

  constructor(private readonly options: TokenBucketOptions) {
    this.buckets = new LRUCache({ max: options.maxCallers });
    this.now = options.now ?? Date.now;
    this.refillPerMs = options.perMinute / MS_PER_MINUTE;
  }

  async take(caller: string) {
    const now = this.now();
    const bucket = this.buckets.get(caller) ?? { tokens: this.options.burst, updatedMs: now };
    const refilled = bucket.tokens + (now - bucket.updatedMs) * this.refillPerMs;
    bucket.tokens = Math.min(this.options.burst, refilled);
    bucket.updatedMs = now;
    this.buckets.set(caller, bucket);

    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterSeconds: 0 };
    }
    const waitMs = (1 - bucket.tokens) / this.refillPerMs;
    return { allowed: false, retryAfterSeconds: Math.ceil(waitMs / 1000) };
  }
}
