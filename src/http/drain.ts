import type { ServerResponse } from 'node:http';
import type { Metrics } from '../observability/metrics';

/**
 * Counts the public listener's requests in flight and, once a shutdown
 * starts, waits for them to finish: answers still to come say
 * `Connection: close`, and every socket is closed as soon as it is idle.
 */
export class Drain {
  private readonly inFlight = new Set<ServerResponse>();
  private done: (() => void) | undefined;
  draining = false;
  /** Called whenever a request ends during the drain: close the sockets now idle. */
  onIdle: () => void = () => undefined;

  constructor(private readonly metrics: Metrics) {}

  get pending(): number {
    return this.inFlight.size;
  }

  track(res: ServerResponse): void {
    if (this.draining) res.shouldKeepAlive = false;
    this.inFlight.add(res);
    this.metrics.inFlight.inc();
    res.once('close', () => {
      this.inFlight.delete(res);
      this.metrics.inFlight.dec();
      if (!this.draining) return;
      this.onIdle();
      if (this.inFlight.size === 0) this.done?.();
    });
  }

  /** Resolves true when every request finished, false when `timeoutMs` ran out first. */
  start(timeoutMs: number): Promise<boolean> {
    this.draining = true;
    for (const res of this.inFlight) if (!res.headersSent) res.shouldKeepAlive = false;
    this.onIdle();
    if (this.inFlight.size === 0) return Promise.resolve(true);

    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.done = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
  }
}
