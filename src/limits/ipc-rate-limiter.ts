import { RpcClient, type RpcHandlers } from '../ipc/ipc-rpc';
import type { RateLimit, RateLimiter, RateVerdict } from './rate-limiter';

/**
 * Rate-limit buckets shared by the workers of one host: they live in the
 * cluster primary, so a key limited to N a second gets N a second in all,
 * not N per worker.
 */
export class IpcRateLimiter implements RateLimiter {
  constructor(private readonly rpc: RpcClient) {}

  take(key: string, limit: RateLimit, cost = 1): Promise<RateVerdict> {
    return this.rpc.call<RateVerdict>('limits.take', key, limit, cost);
  }

  async close() {
    this.rpc.close();
  }
}

/** The primary's handlers for the workers' limiter calls. */
export function rateLimiterHandlers(limiter: RateLimiter): RpcHandlers {
  return { 'limits.take': (key, limit, cost) => limiter.take(key, limit, cost) };
}
