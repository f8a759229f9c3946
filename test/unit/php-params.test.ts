import {
  canonicalParams,
  phpUrlDecode,
  readQueryString,
  readUrlEncodedBody,
} from '../../src/policy/php-params';

const limits = { maxParams: 10 };
const read = (query: string, body = '') =>
  canonicalParams(readQueryString(query), readUrlEncodedBody(body), limits);

describe('phpUrlDecode', () => {
  it.each([
    ['a+b', 'a b'],
    ['%61ction', 'action'],
    ['%zz', '%zz'],
    ['%2561', '%61'],
    ['100%', '100%'],
    ['%C3%A9', '\u00c3\u00a9'],
  ])('decodes %p as %p', (text, decoded) => {
    expect(phpUrlDecode(text)).toBe(decoded);
  });
});

describe('canonicalParams', () => {
  it('reads names PHP decodes the same way as PHP', () => {
    expect(read('%61ction=opensearch&search=x').get('action')).toBe('opensearch');
  });

  it('merges query and body', () => {
    expect([...read('action=query', 'list=search')]).toEqual([
      ['action', 'query'],
      ['list', 'search'],
    ]);
  });

  it.each([
    ['action=opensearch&action=edit', '', 'repeated-parameter'],
    ['action=opensearch&%20action=delete', '', 'rewritten-name'],
    ['action=opensearch&+action=delete', '', 'rewritten-name'],
    ['action=opensearch&act%00ion=query', '', 'rewritten-name'],
    ['action=opensearch&act.ion=query', '', 'rewritten-name'],
    ['action=opensearch&act ion=query', '', 'rewritten-name'],
    ['action[]=query', '', 'array-parameter'],
    ['action[=query', '', 'array-parameter'],
    ['action=opensearch', 'action=edit', 'parameter-in-query-and-body'],
    ['a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9&j=10&k=11', '', 'too-many-parameters'],
  ])('refuses %p with body %p: %s', (query, body, reason) => {
    expect(() => read(query, body)).toThrow(
      expect.objectContaining({ code: 'mwgate-ambiguous-request', reason }),
    );
  });
});

describe('counting toward limits.maxParams as PHP counts toward max_input_vars', () => {
  it.each([
    ['a=1&&b=2', 2],
    ['&a=1&', 1],
    ['', 0],
  ])('counts the query %p as %i (empty pieces skipped)', (query, count) => {
    expect(readQueryString(query).count).toBe(count);
  });

  it.each([
    ['a=1&&b=2', 3],
    ['&a=1', 2],
    ['a=1&', 1],
    ['&', 1],
    ['', 0],
  ])('counts the body %p as %i (empty pieces count)', (body, count) => {
    expect(readUrlEncodedBody(body).count).toBe(count);
  });

  it('refuses a body of empty pieces that would push PHP past the limit', () => {
    expect(() => read('action=opensearch', '&'.repeat(10) + 'x=1')).toThrow(
      expect.objectContaining({ reason: 'too-many-parameters' }),
    );
  });

  it('takes exactly the limit', () => {
    const query = Array.from({ length: 10 }, (_, i) => `p${i}=1`).join('&');
    expect(read(query).size).toBe(10);
  });
});
