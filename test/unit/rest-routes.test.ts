import { compileRoute, RestRouteRule } from '../../src/policy/rest-routes';

const rule = new RestRouteRule([
  'GET /v1/page/{title}',
  '/v1/search/page',
  'GET /mws/v1/user-token/verify/**',
  'PUT /v1/page/{title}',
]);
const split = (path: string) => path.slice(1).split('/');

describe('RestRouteRule', () => {
  it.each([
    ['GET', '/v1/page/Main_Page', 'GET /v1/page/{title}'],
    ['HEAD', '/v1/page/Main_Page', 'GET /v1/page/{title}'],
    ['GET', '/v1/page/Foo%2FBar', 'GET /v1/page/{title}'],
    ['PUT', '/v1/page/Main_Page', 'PUT /v1/page/{title}'],
    ['GET', '/v1/search/page', '/v1/search/page'],
    ['HEAD', '/v1/search/page', '/v1/search/page'],
    ['GET', '/mws/v1/user-token/verify/abc', 'GET /mws/v1/user-token/verify/**'],
    ['GET', '/mws/v1/user-token/verify/a/b', 'GET /mws/v1/user-token/verify/**'],
  ])('allows %s %s through %p', (method, path, route) => {
    expect(rule.match(method, split(path))).toBe(route);
  });

  it.each([
    ['GET', '/v1/page/Main_Page/history'],
    ['GET', '/v1/page'],
    ['POST', '/v1/search/page'],
    ['GET', '/v1/search/pagex'],
    ['GET', '/v1/search'],
    ['GET', '/V1/search/page'],
    ['DELETE', '/v1/page/Main_Page'],
    ['GET', '/mws/v1/user-token/verifyx/abc'],
  ])('refuses %s %s', (method, path) => {
    expect(rule.match(method, split(path))).toBeUndefined();
  });
});

describe('compileRoute', () => {
  it.each([
    ['GET v1/x', /start with/],
    ['FETCH /v1/x', /unknown method/],
    ['GET /v1/**/x', /last segment/],
    ['GET /v1/../x', /segment/],
    ['GET /v1//x', /segment/],
    ['GET /v1/{a', /segment/],
    ['GET /v1/x y z', /METHOD/],
  ])('refuses %p', (source, message) => {
    expect(() => compileRoute(source)).toThrow(message);
  });
});
