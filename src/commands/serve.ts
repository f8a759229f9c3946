import cluster from 'node:cluster';
import { loadConfigFile } from '../config/load';
import { ConfigError } from '../config/types';
import { createGateway } from '../http/server';
import { runPrimary } from '../http/workers';
import { createLogger } from '../observability/logger';
import { IpcTokenStore } from '../tokens/ipc-token-store';
import { EXIT_FAILURE, EXIT_OK, type Command } from './command';

export const serve: Command = {
  usage: 'serve                  run the gateway (the default command)',
  async run({ configFile, env }) {
    let config;
    try {
      config = loadConfigFile(configFile, env);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      process.stderr.write(`${error.message}\n`);
      return EXIT_FAILURE;
    }

    const logger = createLogger(config.log.level);
    if (config.workers > 1 && cluster.isPrimary) return runPrimary(config, logger);
    // Workers share the primary's memory store; a Redis store is shared already.
    const shared = cluster.isWorker && config.store.type === 'memory';
    const tokens = shared ? new IpcTokenStore() : undefined;
    const gateway = createGateway({ config, logger, tokens });
    await gateway.listen();

    return new Promise<number>((resolve) => {
      const stop = (signal: string) => {
        logger.info({ signal }, 'shutting down');
        gateway.close().then(() => resolve(EXIT_OK));
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
  },
};
