#!/usr/bin/env node
import { loadConfigFile } from './config/load';
import { ConfigError } from './config/types';
import { createGateway } from './http/server';
import { createLogger } from './observability/logger';

const DEFAULT_CONFIG_FILE = './gateway.yaml';
const EXIT_OK = 0;
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

const USAGE = `Usage: mwgate [command] [--config FILE]

Commands:
  serve                  run the gateway (default)
  check-config [FILE]    validate a config file, print every problem, start nothing

The config file is --config FILE, else $MWGATE_CONFIG, else ./gateway.yaml.
`;

interface Invocation {
  readonly command: string;
  readonly configFile: string;
}

function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): Invocation {
  let command: string | undefined;
  let configFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--config') {
      configFile = argv[++i];
      if (configFile === undefined) throw new UsageError('--config needs a file');
    } else if (arg.startsWith('--config=')) {
      configFile = arg.slice('--config='.length);
    } else if (arg === '--help' || arg === '-h' || arg === '--version') {
      command = arg;
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option ${arg}`);
    } else if (command === undefined) {
      command = arg;
    } else if (command === 'check-config' && configFile === undefined) {
      configFile = arg;
    } else {
      throw new UsageError(`unexpected argument ${arg}`);
    }
  }
  return {
    command: command ?? 'serve',
    configFile: configFile ?? env.MWGATE_CONFIG ?? DEFAULT_CONFIG_FILE,
  };
}

class UsageError extends Error {}

function checkConfig(file: string): number {
  try {
    const config = loadConfigFile(file);
    process.stdout.write(`${file}: ok (${config.apiKeys.length} key(s))\n`);
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return EXIT_FAILURE;
  }
}

async function serve(file: string): Promise<number> {
  let config;
  try {
    config = loadConfigFile(file);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return EXIT_FAILURE;
  }

  const logger = createLogger(config.log.level);
  const gateway = createGateway({ config, logger });
  await gateway.listen();

  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    gateway.close().then(() => process.exit(EXIT_OK));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return new Promise<number>(() => undefined); // runs until a signal
}

async function main(argv: readonly string[]): Promise<number> {
  const { command, configFile } = parseArgs(argv, process.env);
  switch (command) {
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(USAGE);
      return EXIT_OK;
    case '--version':
      process.stdout.write(`${require('../package.json').version}\n`);
      return EXIT_OK;
    case 'check-config':
      return checkConfig(configFile);
    case 'serve':
      return serve(configFile);
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`mwgate: ${error.message}\n\n${USAGE}`);
      process.exit(EXIT_USAGE);
    }
    process.stderr.write(`mwgate: ${(error as Error).message}\n`);
    process.exit(EXIT_FAILURE);
  },
);
