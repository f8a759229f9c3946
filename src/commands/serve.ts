import cluster from 'node:cluster';
import { ConfigReloader } from '../config/config-reloader';
import { parseConfig, readConfigText } from '../config/load';
import { ConfigError, type GatewayConfig } from '../config/types';
import { createGateway } from '../http/server';
import { runPrimary } from '../http/workers';
import { createLogger } from '../observability/logger';
import { Metrics } from '../observability/metrics';
import { RpcClient } from '../ipc/ipc-rpc';
import { IpcRateLimiter } from '../limits/ipc-rate-limiter';
import { IpcTokenStore } from '../tokens/ipc-token-store';
import { EXIT_FAILURE, EXIT_OK, type Command, expectArgs } from './command';

const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

export const serve: Command = {
  usage: 'serve                  run the gateway (the default command)',
  async run({ args, configFile, env }) {
    expectArgs(args, 0, 'mwgate serve');
    let config: GatewayConfig;
    let text: string;
    try {
      text = readConfigText(configFile);
      config = parseConfig(text, configFile, env);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      process.stderr.write(`${error.message}\n`);
      return EXIT_FAILURE;
    }

    const logger = createLogger(config.log.level);
    const version = (require('../../package.json') as { version: string }).version;
    logger.info({ version, file: configFile, keys: config.apiKeys.length }, 'gateway starting');
    if (config.workers > 1 && cluster.isPrimary) return runPrimary(config, logger);
    // Workers share the primary's memory store and buckets; Redis is shared already.
    const rpc = cluster.isWorker && config.store.type === 'memory' ? new RpcClient() : undefined;
    const tokens = rpc && new IpcTokenStore(rpc);
    const limiter = rpc && new IpcRateLimiter(rpc);
    const metrics = new Metrics({ processMetrics: true });
    const gateway = createGateway({ config, logger, metrics, tokens, limiter });
    const reloader = new ConfigReloader({
      file: configFile,
      env,
      logger,
      metrics,
      loadedText: text,
      apply: (next) => gateway.reload(next),
    });
    // Before listening: SIGHUP's default action would end the process.
    process.on('SIGHUP', () => void reloader.reload('signal'));
    await gateway.listen();
    reloader.watch(config.reload.watchMs);

    return new Promise<number>((resolve) => {
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'shutting down');
        reloader.stop();
        gateway.shutdown().then(({ abandoned }) => {
          logger.info({ abandoned }, 'shutdown complete');
          resolve(EXIT_OK);
        });
      };
      for (const signal of SHUTDOWN_SIGNALS) process.on(signal, () => stop(signal));
    });
  },
};
