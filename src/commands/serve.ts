import { loadConfigFile } from '../config/load';
import { ConfigError } from '../config/types';
import { createGateway } from '../http/server';
import { createLogger } from '../observability/logger';
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
    const gateway = createGateway({ config, logger });
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
