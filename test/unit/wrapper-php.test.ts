import fc from 'fast-check';
import { encodeWrapper, decodeWrapper } from '../../src/tokens/wrapper';
import { phpWrappers, type WrapperCase } from '../helpers/php';

const TOKEN = '0123456789abcdef0123456789abcdef';
const hexToken = fc.stringMatching(/^[0-9a-f]{32}$/);
/** Every code point, with the ones JSON writers disagree on made frequent. */
const tricky = fc.constantFrom(
  '/',
  '+',
  '"',
  '\\',
  '\u007f',
  '\u0000',
  '\u001f',
  'é',
  '\u2028',
  '😀',
);
const anyText = fc
  .array(fc.oneof(fc.string({ unit: 'binary', maxLength: 4 }), tricky), { maxLength: 12 })
  .map((parts) => parts.join(''));
const scriptPath = fc.stringMatching(/^(\/[A-Za-z0-9._~-]{1,12}){0,3}$/);

function expectSameAsPhp(cases: WrapperCase[]): void {
  const php = phpWrappers(cases);
  const ours = cases.map((c) => encodeWrapper(c.salt, c.verifyCallback, c.token));
  ours.forEach((wrapper, i) => expect([cases[i], wrapper]).toEqual([cases[i], php[i]]));
}

describe('the signed wrapper, checked against PHP itself', () => {
  it.each([
    ['the issue vector', 's3cr3t-salt', '/w/rest.php'],
    ['a salt with / and +', 'a/b+c==', '/w/rest.php'],
    ['a non-ASCII salt', 'sél 秘密 🔑', '/w/rest.php'],
    ['a salt of control bytes', '\u0000\u0001\n\t\u007f', '/w/rest.php'],
    ['a script path at the root', 'salt', '/rest.php'],
    ['a deeper script path', 'salt', '/wiki/sub.dir/~x/rest.php'],
    ['a callback PHP escapes', 'salt', '/w/"quoted"\\é\u007f\u001f😀/rest.php'],
  ])('matches json_encode/hash_hmac/base64_encode for %s', (_name, salt, verifyCallback) => {
    expectSameAsPhp([{ salt, verifyCallback, token: TOKEN }]);
  });

  it('matches PHP for generated salts, script paths and tokens', () => {
    const cases = fc.sample(
      fc.record({
        salt: anyText.filter((salt) => salt !== ''),
        verifyCallback: scriptPath.map((path) => `${path}/rest.php`),
        token: hexToken,
      }),
      { numRuns: 300, seed: 4 },
    );
    expectSameAsPhp(cases);
  });

  it('matches PHP for callbacks of any text', () => {
    const cases = fc.sample(
      fc.record({ salt: anyText, verifyCallback: anyText, token: hexToken }),
      { numRuns: 300, seed: 44 },
    );
    expectSameAsPhp(cases);
  });

  it('decodes what it encodes, with the signature holding under the same salt only', () => {
    fc.assert(
      fc.property(anyText, scriptPath, hexToken, (salt, path, token) => {
        const wrapper = encodeWrapper(salt, `${path}/rest.php`, token);
        const decoded = decodeWrapper(salt, wrapper);
        expect(decoded).toMatchObject({ verifyCallback: `${path}/rest.php`, token, valid: true });
        expect(decodeWrapper(`${salt}x`, wrapper)?.valid).toBe(false);
      }),
    );
  });
});
