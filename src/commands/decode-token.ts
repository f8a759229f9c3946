import { decodeWrapper } from '../tokens/wrapper';
import { EXIT_FAILURE, EXIT_OK, UsageError, type Command } from './command';

/**
 * `mwgate decode-token --salt-env VAR WRAPPER`: what a client of the original
 * component does with a wrapper, for an operator checking one. The salt comes
 * from the environment so it never shows in `ps` or a shell history.
 */
export const decodeToken: Command = {
  usage:
    'decode-token --salt-env VAR WRAPPER   print token and callback, check the signature (exit ' +
    '0/1)',
  async run({ args, env }) {
    const { saltVar, wrapper } = readArgs(args);
    const salt = env[saltVar];
    if (salt === undefined || salt === '') {
      throw new UsageError(`environment variable ${saltVar} is not set or empty`);
    }

    const decoded = decodeWrapper(salt, wrapper);
    if (decoded === undefined) {
      process.stderr.write(
        'not a wrapper: base64 of a JSON object with verifyCallback, token, sig\n',
      );
      return EXIT_FAILURE;
    }
    process.stdout.write(
      `token: ${decoded.token}\n` +
        `verifyCallback: ${decoded.verifyCallback}\n` +
        `signature: ${decoded.valid ? 'valid' : 'INVALID (another salt, or altered)'}\n`,
    );
    return decoded.valid ? EXIT_OK : EXIT_FAILURE;
  },
};

function readArgs(args: readonly string[]): { saltVar: string; wrapper: string } {
  let saltVar: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--salt-env') saltVar = args[++i];
    else if (args[i].startsWith('--salt-env=')) saltVar = args[i].slice('--salt-env='.length);
    else rest.push(args[i]);
  }
  if (saltVar === undefined || saltVar === '')
    throw new UsageError('decode-token needs --salt-env VAR');
  if (rest.length !== 1) throw new UsageError('decode-token needs exactly one WRAPPER');
  return { saltVar, wrapper: rest[0] };
}
