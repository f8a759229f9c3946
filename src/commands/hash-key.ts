import { sha256 } from '../auth/api-keys';
import { EXIT_FAILURE, EXIT_OK, type Command, expectArgs } from './command';

/** gateway.yaml's schema asks as much of a `key`; a digest of a shorter one would be weaker. */
export const MIN_KEY_LENGTH = 16;

export const hashKey: Command = {
  usage: 'hash-key               read a key on stdin, print its keySha256 for gateway.yaml',
  async run({ args }) {
    expectArgs(args, 0, 'mwgate hash-key < KEY');
    const key = stripFinalNewline(await readStdin());
    if (key.length < MIN_KEY_LENGTH) {
      process.stderr.write(
        `mwgate: hash-key: the key on stdin has ${key.length} characters; ` +
          `a key needs at least ${MIN_KEY_LENGTH}\n`,
      );
      return EXIT_FAILURE;
    }
    process.stdout.write(`${sha256(key).toString('hex')}\n`);
    return EXIT_OK;
  },
};

/** `echo KEY | mwgate hash-key` adds a newline that is no part of the key. */
function stripFinalNewline(text: string): string {
  return text.replace(/\r?\n$/, '');
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
