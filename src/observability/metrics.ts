import { Counter, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The gateway's Prometheus metrics, in a registry of its own (no global
 * state), served on the admin listener at /metrics.
 */
export class Metrics {
  readonly registry = new Registry();

  /** One count per gateway-credential request, by its decision. */
  readonly decisions = new Counter({
    name: 'mwgate_requests_total',
    help: 'Gateway-credential requests by API, decision, reason and status.',
    labelNames: ['api', 'decision', 'reason', 'status'] as const,
    registers: [this.registry],
  });

  /** Swapped requests sent again after the wiki dropped the service session. */
  readonly sessionRetries = new Counter({
    name: 'mwgate_session_retries_total',
    help: 'Swapped requests retried after a re-login, by account.',
    labelNames: ['account'] as const,
    registers: [this.registry],
  });

  /** Requests refused by a token bucket: `key` per key id, `auth` per client address. */
  readonly rateLimited = new Counter({
    name: 'mwgate_rate_limited_total',
    help: 'Requests refused by a rate limit, by kind (key, auth) and key id.',
    labelNames: ['kind', 'key'] as const,
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** The text exposition format. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
