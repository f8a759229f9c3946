import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import { EXIT_OK } from '../commands/command';
import type { GatewayConfig } from '../config/types';
import { serveRpc } from '../ipc/ipc-rpc';
import { rateLimiterHandlers } from '../limits/ipc-rate-limiter';
import { MemoryRateLimiter } from '../limits/rate-limiter';
import { tokenStoreHandlers } from '../tokens/ipc-token-store';
import { MemoryTokenStore } from '../tokens/store';

/** A worker that dies is replaced after this pause, so a crash loop cannot spin. */
const RESTART_DELAY_MS = 1000;

/**
 * The cluster primary of `workers: N`: forks the workers (each runs the whole
 * gateway and logs its own service sessions in), keeps the memory token store
 * and rate-limit buckets they share, replaces a worker that dies, passes SIGHUP
 * (reload) on to them, and stops them all on SIGTERM or SIGINT. Serves no request itself.
 */
export function runPrimary(config: GatewayConfig, logger: Logger): Promise<number> {
  // With Redis, workers share through Redis; the primary serves them anyway (unused).
  const handlers = {
    ...tokenStoreHandlers(new MemoryTokenStore(config.store.maxEntries)),
    ...rateLimiterHandlers(new MemoryRateLimiter()),
  };
  let stopping = false;

  function fork(): void {
    const worker = cluster.fork();
    serveRpc(worker, handlers);
    worker.on('exit', (code, signal) => {
      if (stopping) return;
      logger.error({ worker: worker.process.pid, code, signal }, 'worker died');
      setTimeout(fork, RESTART_DELAY_MS).unref();
    });
  }

  // TODO(#6): /metrics and /readyz answer from whichever worker takes the
  // connection; the primary should aggregate them across workers.
  for (let i = 0; i < config.workers; i++) fork();
  logger.info({ workers: config.workers }, 'primary started');

  return new Promise((resolve) => {
    const stop = (signal: string) => {
      stopping = true;
      logger.info({ signal }, 'stopping workers');
      const workers = Object.values(cluster.workers ?? {}).filter(isWorker);
      Promise.all(workers.map(stopWorker)).then(() => resolve(EXIT_OK));
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    // A reload is each worker's to do; SIGHUP's default action would end the primary.
    process.on('SIGHUP', () => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGHUP');
    });
  });
}

function stopWorker(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    if (worker.isDead()) return resolve();
    worker.once('exit', () => resolve());
    worker.process.kill('SIGTERM');
  });
}

function isWorker(worker: Worker | undefined): worker is Worker {
  return worker !== undefined;
}
