import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { GatewayConfig } from '../config/types';
import { MemoryRateLimiter, type RateLimiter } from '../limits/rate-limiter';
import { RedisRateLimiter } from '../limits/redis-rate-limiter';
import { RequestLimits } from '../limits/request-limits';
import { Metrics } from '../observability/metrics';
import { createForwarder } from '../proxy/create-forwarder';
import { loggableCause } from '../proxy/upstream-error';
import { createTokenStore } from '../tokens/create-store';
import { createTokenEndpoints } from '../tokens/endpoints';
import type { TokenStore } from '../tokens/store';
import { Sessions } from '../wiki/sessions';
import { createWikiClient } from '../wiki/wiki-client';
import { createAdminServer } from './admin';
import { createGatewayHandler } from './gateway';
import { sendError } from './respond';
import { readTarget } from '../policy/request-target';
import { liveConfig, type ConfigChanges } from '../config/config-changes';
import { loggablePath } from '../observability/logger';
import type { AccountChanges } from '../wiki/sessions';
import { Drain } from './drain';

export interface Gateway {
  /** Listens on both ports and starts logging in; resolves once listening. */
  listen(): Promise<{ port: number; adminPort: number }>;
  /** Resolves once every service account is logged in. */
  readonly loggedIn: Promise<void>;
  /**
   * Swaps in a new config once the accounts it adds or changes are logged in;
   * requests in flight finish under the old one. Throws, keeping the old
   * config, when such an account cannot log in.
   */
  reload(next: GatewayConfig): Promise<ReloadOutcome>;
  /**
   * Stops accepting, lets the requests in flight finish for up to
   * `shutdown.drainSeconds`, then closes everything. Logs no account out:
   * `action=logout` would end the session other requests still use.
   */
  shutdown(): Promise<{ abandoned: number }>;
  /** Closes at once (tests). */
  close(): Promise<void>;
}

export interface ReloadOutcome {
  readonly config: ConfigChanges;
  readonly accounts: AccountChanges;
}

export interface CreateGatewayOptions {
  readonly config: GatewayConfig;
  readonly logger: Logger;
  /** Defaults to the store gateway.yaml names (bounded memory, or Redis). */
  readonly tokens?: TokenStore;
  /** Defaults to a fresh registry with process metrics. */
  readonly metrics?: Metrics;
  /** Defaults to buckets in memory, or in Redis with a Redis store. */
  readonly limiter?: RateLimiter;
}

/** Node's default of 5 s would close keep-alive sockets that clients reuse. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
const MAX_TIMEOUT_CHECK_MS = 1000;

/** Wires the gateway's parts; starts nothing until `listen`. */
export function createGateway(options: CreateGatewayOptions): Gateway {
  const { logger } = options;
  /** The one config every new request reads; a reload replaces it in one assignment. */
  let config = options.config;
  const metrics = options.metrics ?? new Metrics({ processMetrics: true });
  const wiki = createWikiClient(config.wiki);
  const sessions = new Sessions({
    accounts: config.accounts,
    wiki,
    logger,
    checkIntervalMs: config.wiki.sessionCheckMs,
    onLogin: (account, kind, result) => metrics.logins.inc({ account, kind, result }),
  });
  const tokens = options.tokens ?? createTokenStore(config.store, logger, metrics);
  const limiter =
    options.limiter ??
    (config.store.type === 'redis'
      ? new RedisRateLimiter(config.store.url, logger)
      : new MemoryRateLimiter());
  const keyLimits = new RequestLimits(limiter, metrics);
  const endpoints = createTokenEndpoints({
    config: () => config,
    tokens,
    wiki,
    sessions,
    metrics,
    limiter,
    keyLimits,
  });
  const forwarder = createForwarder(config.proxy.engine, {
    target: config.wiki.url,
    timeoutMs: config.wiki.timeoutMs,
    onError(error, req, res) {
      const path = loggablePath(req.url ?? '/');
      logger.warn(
        { err: loggableCause(error.cause), reason: error.reason, path },
        'upstream failed',
      );
      const api = readTarget(req.url ?? '/', config.wiki.scriptPath).target.api;
      sendError(res, error, api === 'action' ? 'action' : 'rest');
    },
  });

  const handler = createGatewayHandler({
    config: () => config,
    logger,
    sessions,
    forwarder,
    tokens,
    metrics,
    endpoints,
    limits: keyLimits,
  });
  const drain = new Drain(metrics);
  const server = createServer(
    {
      keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
      maxHeaderSize: config.limits.maxHeaderBytes,
      headersTimeout: config.limits.headersTimeoutMs,
      requestTimeout: config.limits.requestTimeoutMs,
      // Node checks both timeouts on this beat (30 s by default): keep it finer than they are.
      connectionsCheckingInterval: Math.min(
        MAX_TIMEOUT_CHECK_MS,
        config.limits.headersTimeoutMs / 2,
      ),
    },
    (req, res) => {
      drain.track(res);
      handler(req, res);
    },
  );
  drain.onIdle = () => server.closeIdleConnections();
  const admin = createAdminServer({
    ready: () => !drain.draining && sessions.ready,
    notReadyReasons: () => (drain.draining ? ['shutting down'] : sessions.readiness().reasons),
    metrics,
  });
  let loggedIn: Promise<void> | undefined;

  async function closeRest(): Promise<void> {
    sessions.stop();
    await closeServer(admin);
    forwarder.close();
    await Promise.all([wiki.close(), tokens.close(), limiter.close()]);
  }

  return {
    async listen() {
      loggedIn = sessions.start();
      await Promise.all([
        listenOn(server, config.listen.host, config.listen.port),
        listenOn(admin, config.admin.host, config.admin.port),
      ]);
      const port = (server.address() as AddressInfo).port;
      const adminPort = (admin.address() as AddressInfo).port;
      logger.info({ port, adminPort, wiki: config.wiki.url }, 'gateway listening');
      return { port, adminPort };
    },
    get loggedIn() {
      return loggedIn ?? Promise.reject(new Error('listen() first'));
    },
    async reload(next) {
      const accounts = await sessions.prepare(next.accounts, next.wiki.sessionCheckMs);
      const live = liveConfig(config, next);
      accounts.commit();
      config = live.config;
      logger.level = config.log.level;
      return { config: live.changes, accounts: accounts.changes };
    },
    async shutdown() {
      const closed = closeServer(server);
      const drained = await drain.start(config.shutdown.drainMs);
      const abandoned = drain.pending;
      if (!drained) server.closeAllConnections();
      await closed;
      await closeRest();
      return { abandoned };
    },
    async close() {
      await closeServer(server);
      await closeRest();
    },
  };
}

function listenOn(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
