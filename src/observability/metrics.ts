import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Seconds; a wiki page render takes 50 ms to several seconds. */
const UPSTREAM_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

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

  /** Time from sending a request to the wiki to its answer's headers. */
  readonly upstreamSeconds = new Histogram({
    name: 'mwgate_upstream_duration_seconds',
    help: 'Time to the wiki answer headers, by API, traffic (gateway or pass-through) and status.',
    labelNames: ['api', 'traffic', 'status'] as const,
    buckets: UPSTREAM_BUCKETS_SECONDS,
    registers: [this.registry],
  });

  /** Service-account logins: `kind` login (first, or new credentials) or relogin. */
  readonly logins = new Counter({
    name: 'mwgate_logins_total',
    help: 'Service-account logins by account, kind (login or relogin) and result (ok or failed).',
    labelNames: ['account', 'kind', 'result'] as const,
    registers: [this.registry],
  });

  readonly reloads = new Counter({
    name: 'mwgate_config_reloads_total',
    help: 'Config reloads by result (ok or failed).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  readonly lastReloadOk = new Gauge({
    name: 'mwgate_config_last_reload_successful',
    help: '1 when the last config reload (or the startup load) succeeded, else 0.',
    registers: [this.registry],
  });

  readonly inFlight = new Gauge({
    name: 'mwgate_requests_in_flight',
    help: 'Requests on the public listener not yet answered.',
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
    this.lastReloadOk.set(1);
  }

  /** The text exposition format. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
