import { loadConfigFile } from '../config/load';
import { ConfigError } from '../config/types';
import { EXIT_FAILURE, EXIT_OK, type Command, expectArgs } from './command';

export const checkConfig: Command = {
  usage: 'check-config [FILE]    validate a config file, print every problem, start nothing',
  async run({ args, configFile, env }) {
    expectArgs(args, 1, 'mwgate check-config [FILE]');
    const file = args[0] ?? configFile;
    try {
      const config = loadConfigFile(file, env);
      process.stdout.write(`${file}: ok (${config.apiKeys.length} key(s))\n`);
      return EXIT_OK;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      process.stderr.write(`${error.message}\n`);
      return EXIT_FAILURE;
    }
  },
};
