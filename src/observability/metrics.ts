import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

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

  /** Tokens the bounded memory store dropped before they expired, to make room. */
  readonly tokenEvictions = new Counter({
    name: 'mwgate_token_store_evictions_total',
    help: 'Tokens evicted from the memory token store before their expiry (store full).',
    registers: [this.registry],
  });

  /** Tokens held by the memory store (expired ones included until they are touched). */
  readonly tokensStored = new Gauge({
    name: 'mwgate_token_store_entries',
    help: 'Tokens held by the memory token store.',
    registers: [this.registry],
  });

  /** Token-endpoint calls refused by the per-caller rate limit. */
  readonly tokenRateLimited = new Counter({
    name: 'mwgate_token_generate_rate_limited_total',
    help: 'Token generation requests refused by the per-caller rate limit.',
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
