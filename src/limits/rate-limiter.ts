import { LRUCache } from 'lru-cache';

/** A token bucket's size: refills `perSecond`, holds at most `burst`. */
export interface RateLimit {
  readonly perSecond: number;
  readonly burst: number;
}

export interface RateVerdict {
  readonly allowed: boolean;
  /** When a token will be there again; 0 when allowed. */
  readonly retryAfterMs: number;
}

/**
 * Token buckets by key. Async so that a shared store (Redis) fits behind it.
 * `cost` 0 asks whether a token is there without taking it.
 */
export interface RateLimiter {
  take(key: string, limit: RateLimit, cost?: number): Promise<RateVerdict>;
  close(): Promise<void>;
}

interface Bucket {
  tokens: number;
  atMs: number;
}

/** Buckets idle long enough to be full again may be forgotten: a full one is the default. */
const MAX_BUCKETS = 100_000;

/** Buckets in this process's memory, bounded. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly buckets = new LRUCache<string, Bucket>({ max: MAX_BUCKETS });

  constructor(private readonly now: () => number = Date.now) {}

  async take(key: string, limit: RateLimit, cost = 1): Promise<RateVerdict> {
    const nowMs = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: limit.burst, atMs: nowMs };
    const tokens = Math.min(
      limit.burst,
      bucket.tokens + ((nowMs - bucket.atMs) * limit.perSecond) / 1000,
    );
    const verdict = judge(tokens, limit, cost);
    this.buckets.set(key, { tokens: verdict.allowed ? tokens - cost : tokens, atMs: nowMs });
    return verdict;
  }

  async close(): Promise<void> {
    this.buckets.clear();
  }
}

/** Allowed when at least one token (or `cost`, if more) is there. */
export function judge(tokens: number, limit: RateLimit, cost: number): RateVerdict {
  const needed = Math.max(cost, 1);
  if (tokens >= needed) return { allowed: true, retryAfterMs: 0 };
  return { allowed: false, retryAfterMs: Math.ceil(((needed - tokens) * 1000) / limit.perSecond) };
}
