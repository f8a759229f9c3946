#!/usr/bin/env node
import { checkConfig } from './commands/check-config';
import { importSettingsCommand } from './commands/import-settings';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, type Command } from './commands/command';
import { genKey } from './commands/gen-key';
import { hashKey } from './commands/hash-key';
import { serve } from './commands/serve';

const DEFAULT_CONFIG_FILE = './gateway.yaml';

/** Every command; each lives in a file of its own under commands/. */
const COMMANDS: Readonly<Record<string, Command>> = {
  serve,
  'check-config': checkConfig,
  'import-settings': importSettingsCommand,
  'hash-key': hashKey,
  'gen-key': genKey,
};

function usage(): string {
  const lines = Object.values(COMMANDS).map((command) => `  ${command.usage}`);
  return [
    'Usage: mwgate [command] [args] [--config FILE]',
    '',
    'Commands:',
    ...lines,
    '',
    'Options: --config FILE (else $MWGATE_CONFIG, else ./gateway.yaml), --help, --version',
    '',
  ].join('\n');
}

async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const positional: string[] = [];
  let configFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(usage());
      return EXIT_OK;
    } else if (arg === '--version') {
      process.stdout.write(`${require('../package.json').version}\n`);
      return EXIT_OK;
    } else if (arg === '--config') {
      configFile = argv[++i];
      if (configFile === undefined) throw new UsageError('--config needs a file');
    } else if (arg.startsWith('--config=')) {
      configFile = arg.slice('--config='.length);
    } else {
      positional.push(arg); // a command's own options too: it reads and checks them
    }
  }

  const first = positional[0];
  const [name, ...args] =
    first === undefined || first.startsWith('-') ? ['serve', ...positional] : positional;
  const command = COMMANDS[name];
  if (command === undefined) throw new UsageError(`unknown command "${name}"`);
  return command.run({
    args,
    configFile: configFile ?? env.MWGATE_CONFIG ?? DEFAULT_CONFIG_FILE,
    env,
  });
}

main(process.argv.slice(2), process.env).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`mwgate: ${error.message}\n\n${usage()}`);
      process.exit(EXIT_USAGE);
    }
    process.stderr.write(`mwgate: ${(error as Error).message}\n`);
    process.exit(EXIT_FAILURE);
  },
);
