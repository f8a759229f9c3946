import { decodeWrapper, encodeWrapper, phpJsonEncode } from '../../src/tokens/wrapper';

const VECTOR =
  'eyJ2ZXJpZnlDYWxsYmFjayI6Ilwvd1wvcmVzdC5waHAiLCJ0b2tlbiI6IjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5' +
  'YWJjZGVmIiwic2lnIjoiYjY5ODc3M2U3MDY0N2ViMDE2ZGY5ZGJmNTVkOTAyZDFjMGIwMjY0OTkzZDdjZmEzYTVmMmRj' +
  'OWY3ZTcxNmJjZCJ9';
const TOKEN = '0123456789abcdef0123456789abcdef';

describe('the signed wrapper', () => {
  it('matches the original component byte for byte', () => {
    expect(encodeWrapper('s3cr3t-salt', '/w/rest.php', TOKEN)).toBe(VECTOR);
  });

  it('decodes and verifies the reference wrapper', () => {
    expect(decodeWrapper('s3cr3t-salt', VECTOR)).toMatchObject({
      verifyCallback: '/w/rest.php',
      token: TOKEN,
      valid: true,
    });
  });

  it('says the signature fails under another salt', () => {
    expect(decodeWrapper('other', VECTOR)?.valid).toBe(false);
  });

  it('returns nothing for a wrapper that is not JSON', () => {
    expect(decodeWrapper('s', Buffer.from('nope').toString('base64'))).toBeUndefined();
  });
});

describe('phpJsonEncode', () => {
  it.each([
    [{ a: '/w/rest.php' }, '{"a":"\\/w\\/rest.php"}'],
    [{ a: 'é' }, '{"a":"\\u00e9"}'],
    [{ a: '"' }, '{"a":"\\""}'],
  ])('writes %p as PHP does', (value, json) => {
    expect(phpJsonEncode(value)).toBe(json);
  });
});
