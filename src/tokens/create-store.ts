import type { Logger } from 'pino';
import type { GatewayConfig } from '../config/types';
import type { Metrics } from '../observability/metrics';
import { RedisTokenStore } from './redis-store';
import { MemoryTokenStore, type TokenStore } from './store';

/** The store gateway.yaml asks for: bounded memory by default, Redis when shared. */
export function createTokenStore(
  config: GatewayConfig['store'],
  logger: Logger,
  metrics: Metrics,
): TokenStore {
  if (config.type === 'redis') return new RedisTokenStore(config.url, logger);
  return new MemoryTokenStore(config.maxEntries, metrics);
}
