import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { GatewayConfig } from '../config/types';
import { Metrics } from '../observability/metrics';
import { createForwarder } from '../proxy/create-forwarder';
import { MemoryTokenStore, type TokenStore } from '../tokens/store';
import { Sessions } from '../wiki/sessions';
import { createWikiClient } from '../wiki/wiki-client';
import { createAdminServer } from './admin';
import { createGatewayHandler } from './gateway';
import { sendError } from './respond';
import { readTarget } from '../policy/request-target';

export interface Gateway {
  /** Listens on both ports and starts logging in; resolves once listening. */
  listen(): Promise<{ port: number; adminPort: number }>;
  /** Resolves once every service account is logged in. */
  readonly loggedIn: Promise<void>;
  close(): Promise<void>;
}

export interface CreateGatewayOptions {
  readonly config: GatewayConfig;
  readonly logger: Logger;
  /** Defaults to a bounded memory store. */
  readonly tokens?: TokenStore;
  /** Defaults to a fresh registry with process metrics. */
  readonly metrics?: Metrics;
}

/** Node's default of 5 s would close keep-alive sockets that clients reuse. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** Wires the gateway's parts; starts nothing until `listen`. */
export function createGateway(options: CreateGatewayOptions): Gateway {
  const { config, logger } = options;
  const wiki = createWikiClient(config.wiki);
  const sessions = new Sessions({
    accounts: config.accounts,
    wiki,
    logger,
    checkIntervalMs: config.wiki.sessionCheckMs,
  });
  const tokens = options.tokens ?? new MemoryTokenStore(config.store.maxEntries);
  const metrics = options.metrics ?? new Metrics({ processMetrics: true });
  const forwarder = createForwarder(config.proxy.engine, {
    target: config.wiki.url,
    timeoutMs: config.wiki.timeoutMs,
    onError(error, req, res) {
      logger.warn({ err: error.cause, reason: error.reason, url: req.url }, 'upstream failed');
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
  });
  const server = createServer({ keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS }, handler);
  const admin = createAdminServer({ ready: () => sessions.ready, metrics });
  let loggedIn: Promise<void> | undefined;

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
    async close() {
      sessions.stop();
      await Promise.all([closeServer(server), closeServer(admin)]);
      forwarder.close();
      await Promise.all([wiki.close(), tokens.close()]);
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
