import { assertCanonicalPath, readTarget } from '../../src/policy/request-target';

describe('readTarget', () => {
  it.each([
    ['/w/api.php?action=query', 'action'],
    ['/w/api.php', 'action'],
    ['/w/rest.php/v1/page/X', 'rest'],
    ['/w/api.php/extra', 'none'],
    ['/w/index.php?title=X', 'none'],
    ['/w/rest.php', 'none'],
    ['/w/API.php', 'none'],
  ])('names the API of %p: %p', (url, api) => {
    expect(readTarget(url, '/w').target.api).toBe(api);
  });

  it('keeps raw segments, %2F included', () => {
    expect(readTarget('/w/rest.php/v1/page/Foo%2FBar?x=1', '/w').target).toEqual({
      api: 'rest',
      segments: ['v1', 'page', 'Foo%2FBar'],
    });
  });
});

describe('assertCanonicalPath', () => {
  it.each([
    '/w//api.php',
    '/w/./api.php',
    '/w/x/../api.php',
    '/w/rest.php/v1/search/../page/X',
    '/w/rest.php/v1/search/%2e%2e/page/X',
    '/w/rest.php/v1/search/%2E/page',
    '/w/rest.php/v1/search/%252e%252e/page',
    '/w/rest.php/x%2F..%2F..%2Fapi.php',
    '/w/rest.php/v1/page/..%2F..%2F..%2Fapi.php',
    '/w/rest.php/v1/page/Foo%2F.%2Fbar',
    '/w/rest.php/v1/page/Foo%5C..%5Capi.php',
    '/w/rest.php/v1/page/Foo%252F..%252Fapi.php',
    '/w/rest.php/v1/page/..%2f',
    '/w/rest.php/v1/search/page/',
    '/w/rest.php/v1\\page',
    '/w/rest.php/v1%5cpage',
    '/w/rest.php/v1/page;x',
    '/w/rest.php/v1/page%00',
    '/w/rest.php/v1/page%0a',
    'http://evil/w/api.php',
    '*',
    '//w/api.php',
    'w/api.php',
    '/w/%61pi.php',
    '/w/api%2Ephp',
    '/w/rest.php/v1/search/%70age',
    '/w/rest.php/v1/search/page%5F',
    '/w/rest.php/%76%31/search/page',
    '/w/api.php#x',
    '/w/rest.php/v1/page\x7f',
  ])('refuses %p', (path) => {
    expect(() => assertCanonicalPath(path)).toThrow(
      expect.objectContaining({ code: 'mwgate-bad-path', status: 400 }),
    );
  });

  it.each([
    '/w/api.php',
    '/w/rest.php/v1/page/Foo%2FBar',
    '/w/rest.php/v1/page/A%2F...%2FB',
    '/w/rest.php/v1/page/Main%20Page',
  ])('accepts %p', (path) => {
    expect(() => assertCanonicalPath(path)).not.toThrow();
  });
});
