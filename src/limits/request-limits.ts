import type { KeyPolicy } from '../auth/api-keys';
import { GatewayError, isGatewayError, type ErrorCode } from '../errors';
import type { Metrics } from '../observability/metrics';
import type { RateLimit, RateLimiter, RateVerdict } from './rate-limiter';

const MS_PER_SECOND = 1000;

/**
 * The gateway's two limits on its way: failed authentications per client
 * address (checked before the credential, counted after a 401) and a token
 * bucket per API key.
 */
export class RequestLimits {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly metrics: Metrics,
  ) {}

  /**
   * Runs `check` unless `client` has used up its failed authentications;
   * a 401 from it counts as one more.
   * TODO(#6): the failure is counted after the check, so many concurrent
   * guesses pass the peek before any is counted (with 4 workers, 40–80 of 200
   * at a burst of 10). Charging up front and refunding a success closes it.
   */
  async authenticate<T>(client: string, limit: RateLimit, check: () => Promise<T>): Promise<T> {
    const bucket = `auth:${client}`;
    const verdict = await this.limiter.take(bucket, limit, 0);
    if (!verdict.allowed) throw this.refusal('mwgate-auth-throttled', verdict, 'auth', '');

    try {
      return await check();
    } catch (error) {
      if (isGatewayError(error) && error.status === 401) await this.limiter.take(bucket, limit);
      throw error;
    }
  }

  /** Takes a token of the key's bucket, or refuses with 429; no key or no limit: nothing. */
  async takeForKey(key: KeyPolicy | undefined): Promise<void> {
    if (key?.rateLimit === undefined) return;
    const verdict = await this.limiter.take(`key:${key.id}`, key.rateLimit);
    if (!verdict.allowed) throw this.refusal('mwgate-rate-limited', verdict, 'key', key.id);
  }

  private refusal(code: ErrorCode, verdict: RateVerdict, kind: string, keyId: string) {
    this.metrics.rateLimited.inc({ kind, key: keyId });
    const error = new GatewayError(
      code,
      code === 'mwgate-rate-limited' ? 'rate-limited' : 'auth-throttled',
    );
    error.retryAfterSeconds = Math.max(1, Math.ceil(verdict.retryAfterMs / MS_PER_SECOND));
    return error;
  }
}
