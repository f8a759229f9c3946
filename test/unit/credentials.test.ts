import { readCredential } from '../../src/auth/credentials';

const options = { acceptBearer: false };
const headers = (...values: string[]) => values.flatMap((value) => ['Authorization', value]);

describe('readCredential', () => {
  it.each([
    ['ApiKey abc123', { scheme: 'ApiKey', secret: 'abc123' }],
    ['apikey abc123', { scheme: 'ApiKey', secret: 'abc123' }],
    [
      'AppToken 0123456789abcdef0123456789abcdef',
      { scheme: 'AppToken', secret: '0123456789abcdef0123456789abcdef' },
    ],
    ['Bearer abc', undefined],
    ['Basic dXNlcjpwYXNz', undefined],
  ])('reads %p', (value, expected) => {
    expect(readCredential(headers(value), options)).toEqual(expected);
  });

  it('returns nothing when the request carries no Authorization', () => {
    expect(readCredential(['Host', 'x'], options)).toBeUndefined();
  });

  it('reads Bearer as an app token when acceptBearer is on', () => {
    expect(readCredential(headers('Bearer abc'), { acceptBearer: true })).toEqual({
      scheme: 'AppToken',
      secret: 'abc',
    });
  });

  it.each([
    ['ApiKey'],
    ['ApiKey '],
    ['ApiKey  abc'],
    ['ApiKey abc '],
    ['ApiKey abc, ApiKey def'],
    ['ApiKey a b'],
    ['Bearer x, ApiKey abc'],
    ['Basic eA==,apptoken abc'],
  ])('refuses the malformed %p with 400', (value) => {
    expect(() => readCredential(headers(value), options)).toThrow(
      expect.objectContaining({ code: 'mwgate-malformed-credential', status: 400 }),
    );
  });

  it('refuses two Authorization headers, whatever their schemes', () => {
    expect(() => readCredential(headers('ApiKey abc', 'Bearer x'), options)).toThrow(
      expect.objectContaining({ code: 'mwgate-duplicate-authorization', status: 400 }),
    );
  });
});
