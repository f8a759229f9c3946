import { randomBytes } from 'node:crypto';
import { sha256 } from '../auth/api-keys';
import { EXIT_OK, type Command, expectArgs } from './command';

/** 256 bits from the CSPRNG: no key list can be guessed or exhausted. */
const KEY_BYTES = 32;

export const genKey: Command = {
  usage: 'gen-key                print a new random key and its keySha256',
  async run({ args }) {
    expectArgs(args, 0, 'mwgate gen-key');
    const key = randomBytes(KEY_BYTES).toString('base64url');
    process.stdout.write(`key: ${key}\nkeySha256: ${sha256(key).toString('hex')}\n`);
    return EXIT_OK;
  },
};
