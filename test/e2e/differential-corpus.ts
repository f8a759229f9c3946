import fc from 'fast-check';
import { multipart as multipartBody } from '../helpers/reading';

/** One request of the differential corpus, written out as raw bytes by the test. */
export interface CorpusRequest {
  readonly label: string;
  readonly method: string;
  readonly target: string;
  /** Header lines; Authorization: ApiKey K is added unless one is given. */
  readonly headers: readonly string[];
  readonly body?: string;
  /** Plainly fine for K: the gateway must grant it. */
  readonly mustGrant?: boolean;
}

const API = '/w/api.php';
const REST = '/w/rest.php';
const FORM = 'Content-Type: application/x-www-form-urlencoded';
const MULTIPART = 'Content-Type: multipart/form-data; boundary=XyZ';

const get = (label: string, target: string, headers: string[] = []): CorpusRequest => ({
  label,
  method: 'GET',
  target,
  headers,
});

const post = (label: string, target: string, type: string, body: string): CorpusRequest => ({
  label,
  method: 'POST',
  target,
  headers: [type],
  body,
});

const filler = (count: number) => Array.from({ length: count }, (_, i) => `f${i}=1`).join('&');

/** Requests K must be granted: the gateway refuses nothing that is plainly fine. */
export function sanityRequests(): CorpusRequest[] {
  const fine = [
    get('opensearch', `${API}?action=opensearch&search=Gateway&format=json`),
    get('list=search', `${API}?action=query&list=search&srsearch=Gateway&format=json`),
    get('generator=search', `${API}?action=query&generator=search&gsrsearch=Gateway&format=json`),
    get('list=%1Fsearch', `${API}?action=query&list=%1Fsearch&srsearch=Gateway&format=json`),
    get('assertuser', `${API}?action=opensearch&search=G&assertuser=Service%20reader`),
    get('assert=user', `${API}?action=opensearch&search=G&assert=user&format=json`),
    get('REST search', `${REST}/v1/search/page?q=Gateway`),
    { ...get('REST HEAD', `${REST}/v1/search/page?q=Gateway`), method: 'HEAD' },
    post('urlencoded', API, FORM, 'action=opensearch&search=Gateway&format=json'),
    post('urlencoded, charset', API, `${FORM}; charset=UTF-8`, 'action=opensearch&search=G'),
    post('urlencoded, upper case', API, FORM.toUpperCase(), 'action=opensearch&search=G'),
    post('query + body', `${API}?action=opensearch`, FORM, 'search=Gateway&format=json'),
    post(
      'multipart',
      API,
      MULTIPART,
      multipartBody([
        ['form-data; name="action"', 'opensearch'],
        ['form-data; name="search"', 'Gateway'],
        ['form-data; name="format"', 'json'],
      ]),
    ),
    post(
      'multipart, unquoted',
      `${API}?format=json`,
      MULTIPART,
      multipartBody([
        ['form-data; name=action', 'query'],
        ['form-data; name=list', 'search'],
        ['form-data; name=srsearch', 'Gateway'],
      ]),
    ),
    post(
      'text/plain body ignored',
      `${API}?action=opensearch&search=G`,
      'Content-Type: text/plain',
      'action=edit',
    ),
    get('fillers under the limit', `${API}?action=opensearch&search=G&${filler(100)}`),
  ];
  return fine.map((request) => ({ ...request, mustGrant: true }));
}

/** The cases the issue lists, verbatim where the issue gives them. */
export function listedCases(): CorpusRequest[] {
  const cookieSmuggling: CorpusRequest = {
    label: 'Connection: close, Cookie with an AppToken',
    method: 'GET',
    target: `${API}?action=query&meta=userinfo&format=json`,
    headers: [
      'Authorization: AppToken {APP_TOKEN}',
      'Connection: close, Cookie',
      'Cookie: my_wiki_session=chosen-by-client',
    ],
  };
  return [
    get('repeated action', `${API}?action=opensearch&search=x&action=edit&title=A&text=x`),
    get('leading space', `${API}?action=opensearch&search=x&%20action=delete&title=A`),
    get('NUL in name', `${API}?action=opensearch&search=x&act%00ion=query&meta=tokens`),
    get('NUL after name', `${API}?search=x&action%00x=query&meta=tokens`),
    post('body action', `${API}?action=opensearch`, FORM, 'action=edit&title=A'),
    post(
      'multipart action',
      `${API}?action=opensearch`,
      MULTIPART,
      multipartBody([
        ['form-data; name="action"', 'edit'],
        ['form-data; name="title"', 'A'],
      ]),
    ),
    get(
      'generator beside search',
      `${API}?action=query&list=search&srsearch=x&generator=allpages&prop=revisions`,
    ),
    get('U+001F list', `${API}?action=query&list=%1Fsearch%1Fallusers&srsearch=x`),
    get(
      '1000 fillers',
      `${API}?action=opensearch&search=x&${filler(1000)}&action=edit&title=A&text=x`,
    ),
    get('dot-dot', `${REST}/v1/search/../page/Main_Page/history`),
    get('%2e%2e', `${REST}/v1/search/%2e%2e/page/Main_Page/history`),
    get('double slash', `${REST}//v1/search/page?q=x`),
    get('pagex', `${REST}/v1/search/pagex?q=x`),
    get('route in query', `${REST}/v1/page/Main_Page/history?x=/v1/search/page`),
    cookieSmuggling,
    get('two Authorization', `${API}?action=opensearch&search=x`, [
      'Authorization: ApiKey {K}',
      'Authorization: Bearer x',
    ]),
    get('X-Forwarded-For', `${API}?action=query&list=allusers`, ['X-Forwarded-For: 10.1.2.3']),
  ];
}

/** Variants of each class, hand-written. */
export function variants(): CorpusRequest[] {
  const apiTargets = [
    '?action=opensearch&search=x&+action=edit',
    '?action=opensearch&search=x&act.ion=query&list=allusers',
    '?action=opensearch&search=x&act%20ion=query',
    '?action[]=opensearch&search=x',
    '?action=query&list[]=search&srsearch=x',
    '?%61ction=opensearch&search=x',
    '?%2561ction=edit&action=opensearch&search=x',
    '?ACTION=edit&action=opensearch&search=x',
    '?Action=edit&action=opensearch&search=x',
    '?action=Query&list=search&srsearch=x',
    '?action=query%20&list=search&srsearch=x',
    '?action=opensearch&search=x&format=json&format=xml',
    '?action=query&list=search|allusers&srsearch=x',
    '?action=query&list=search%7Callusers&srsearch=x',
    '?action=query&list=search&srsearch=x&meta=tokens&type=login',
    '?action=query&list=search&srsearch=x&export=1',
    '?action=query&list=search&srsearch=x&prop=info',
    '?action=query&meta=siteinfo',
    '?action=query',
    '?action=query&list=%E2%84%AAsearch&srsearch=x',
    '?action=opensearch%C2%A0&search=x',
    '?action=opensearch&search=x&callback=f',
    '?action=opensearch&search=x&assertuser=Admin',
    '?action=login&lgname=x',
    '?action=edit&title=A&text=x',
    '?search=x',
    '?action=opensearch&search=x#&action=edit',
    '?action=opensearch&search=x&action%00=edit',
  ].map((query) => get(`query ${query}`, `${API}${query}`));

  const paths = [
    '/w//api.php?action=opensearch&search=x',
    '/w/./api.php?action=opensearch&search=x',
    '/w/x/../api.php?action=opensearch&search=x',
    '/w/%61pi.php?action=opensearch&search=x',
    '/w/api.php/extra?action=opensearch&search=x',
    '/w/api.php/?action=opensearch&search=x',
    '/w/API.php?action=opensearch&search=x',
    '//w/api.php?action=opensearch&search=x',
    `${REST}/v1/search/page/?q=x`,
    `${REST}/v1/search/%70age?q=x`,
    `${REST}/V1/search/page?q=x`,
    `${REST}/v1/search%2Fpage?q=x`,
    `${REST}/v1/search/page;x?q=x`,
    `${REST}/v1/search%5Cpage?q=x`,
    `${REST}/v1/search/./page?q=x`,
    `${REST}/v1/search/%252e%252e/page/Main_Page`,
    `${REST}/v1/page/Main_Page`,
    `${REST}/v1/search/title?q=x`,
  ].map((target) => get(`path ${target}`, target));

  const bodies = [
    post('body, upper-case type', `${API}?action=opensearch`, FORM.toUpperCase(), 'action=edit'),
    post('body, charset', `${API}?action=opensearch`, `${FORM};charset=x`, 'action=edit'),
    post('body, comma', `${API}?search=x`, `${FORM},x`, 'action=query&list=allusers'),
    post(
      'body, json',
      `${API}?action=opensearch&search=x`,
      'Content-Type: application/json',
      '{"action":"edit"}',
    ),
    post('body, tab', `${API}?action=opensearch&search=x`, `${FORM}\tx`, 'action=edit'),
    post('body, flood of empty pieces', API, FORM, `action=opensearch&search=x${'&'.repeat(300)}`),
    post('body, rewritten', `${API}?search=x`, FORM, 'action=opensearch&%20action=edit'),
    ...[
      "form-data; name='action'",
      'attachment; name="action"',
      'form-data; name="x"; name="action"',
      'form-data; name="action"x"',
      "form-data; name*=utf-8''action",
      'form-data; name="%61ction"',
      'form-data; NAME="action"',
      'form-data; name="action"; filename="a.txt"',
      'form-data; name="list"; filename="a.txt"',
    ].map((disposition) =>
      post(
        `multipart ${disposition}`,
        `${API}?search=x&format=json`,
        MULTIPART,
        multipartBody([
          ['form-data; name="action"', 'opensearch'],
          [disposition, 'query'],
        ]),
      ),
    ),
    post(
      'multipart, boundary line inside a value',
      API,
      MULTIPART,
      `--XyZ\r\nContent-Disposition: form-data; name="search"\r\n\r\nx\n--XyZ\r\nContent-Disposition: form-data; name="action"\r\n\r\nquery\r\n--XyZ\r\nContent-Disposition: form-data; name="action"\r\n\r\nopensearch\r\n--XyZ--\r\n`,
    ),
    post(
      'multipart, LF only',
      API,
      MULTIPART,
      multipartBody([['form-data; name="action"', 'opensearch']]).replace(/\r\n/g, '\n'),
    ),
    post(
      'multipart, two boundaries',
      API,
      'Content-Type: multipart/form-data; boundary=XyZ; boundary=Q',
      multipartBody([['form-data; name="action"', 'opensearch']]),
    ),
  ];

  const headers = [
    get('Authorization list', `${API}?action=opensearch&search=x`, [
      'Authorization: ApiKey {K}, Bearer x',
    ]),
    get('underscore header', `${API}?action=opensearch&search=x`, ['X_Forwarded_For: 10.1.2.3']),
    get('method override', `${API}?action=opensearch&search=x`, [
      'X-HTTP-Method-Override: POST',
      'X-Original-URL: /w/api.php?action=edit',
    ]),
    get('Connection: X-Forwarded-For', `${API}?action=opensearch&search=x`, [
      'Connection: X-Forwarded-For',
      'X-Forwarded-For: 10.1.2.3',
    ]),
  ];
  return [...apiTargets, ...paths, ...bodies, ...headers];
}

const NAMES = [
  'action',
  'list',
  'prop',
  'meta',
  'generator',
  'search',
  'srsearch',
  'gsrsearch',
  'title',
  'format',
  'type',
  'export',
  'assertuser',
  'callback',
];
const VALUES = [
  'opensearch',
  'query',
  'edit',
  'delete',
  'help',
  'search',
  'allusers',
  'allpages',
  'revisions',
  'tokens',
  'siteinfo',
  'search|allusers',
  '%1Fsearch%1Fallusers',
  '%1Fsearch',
  'Query',
  'query%20',
  'x',
  'login',
  'json',
  'xml',
  'Main_Page',
  'Service%20reader',
  'Admin',
  'Gateway',
];

/** How a name may be spelled: PHP reads some of these as the name, some as another. */
function spellings(name: string): string[] {
  const hex = name.charCodeAt(0).toString(16);
  const cut = Math.min(3, name.length - 1);
  return [
    name,
    name,
    name,
    name,
    `%20${name}`,
    `+${name}`,
    `${name.slice(0, cut)}%00${name.slice(cut)}`,
    `${name}%00x`,
    `${name.slice(0, cut)}.${name.slice(cut)}`,
    `${name}[]`,
    `%${hex}${name.slice(1)}`,
    `%25${hex}${name.slice(1)}`,
    name.toUpperCase(),
    `${name[0].toUpperCase()}${name.slice(1)}`,
  ];
}

const param = fc
  .tuple(fc.constantFrom(...NAMES), fc.nat(13), fc.constantFrom(...VALUES))
  .map(([name, spelling, value]) => `${spellings(name)[spelling]}=${value}`);

const DISPOSITIONS = [
  (n: string) => `form-data; name="${n}"`,
  (n: string) => `form-data; name=${n}`,
  (n: string) => `form-data; name='${n}'`,
  (n: string) => `attachment; name="${n}"`,
  (n: string) => `form-data; NAME="${n}"`,
  (n: string) => `form-data; name="${n}"; filename="f.txt"`,
  (n: string) => `form-data; name*=utf-8''${n}`,
  (n: string) => `form-data; name="x"; name="${n}"`,
];

const BODY_TYPES = [
  FORM,
  `${FORM}; charset=UTF-8`,
  FORM.toUpperCase(),
  `${FORM},x`,
  'Content-Type: text/plain',
  'Content-Type: application/json',
  MULTIPART,
  'Content-Type: MULTIPART/FORM-DATA; BOUNDARY=XyZ',
];

const PATHS = [
  '/w/api.php',
  '/w/api.php',
  '/w/api.php',
  '/w/api.php',
  '/w//api.php',
  '/w/./api.php',
  '/w/%61pi.php',
  '/w/api.php/x',
];

const apiRequest = fc
  .record({
    path: fc.constantFrom(...PATHS),
    query: fc.array(param, { maxLength: 6 }),
    method: fc.constantFrom('GET', 'POST', 'POST'),
    bodyType: fc.nat(BODY_TYPES.length - 1),
    bodyParams: fc.array(
      fc.tuple(
        fc.constantFrom(...NAMES),
        fc.constantFrom(...VALUES),
        fc.nat(DISPOSITIONS.length - 1),
      ),
      { maxLength: 4 },
    ),
    urlBody: fc.array(param, { maxLength: 4 }),
  })
  .map((r): CorpusRequest => {
    const target = r.query.length === 0 ? r.path : `${r.path}?${r.query.join('&')}`;
    if (r.method === 'GET') return get('generated', target);
    const type = BODY_TYPES[r.bodyType];
    const body = type.toLowerCase().includes('multipart')
      ? multipartBody(r.bodyParams.map(([name, value, d]) => [DISPOSITIONS[d](name), value]))
      : r.urlBody.join('&');
    return post('generated', target, type, body);
  });

const BASES = [
  'action=opensearch&search=Gateway',
  'action=query&list=search&srsearch=Gateway',
  'action=query&generator=search&gsrsearch=Gateway',
];
const EXTRAS = [
  'format=json',
  'format=xml',
  'srlimit=2',
  'assert=user',
  'formatversion=2',
  'utf8=1',
];

/** Requests one step from an allowed one: most are granted, so the wiki's logs get checked. */
const nearMissRequest = fc
  .record({
    base: fc.constantFrom(...BASES),
    extras: fc.array(fc.oneof(fc.constantFrom(...EXTRAS), param), { maxLength: 3 }),
    method: fc.constantFrom('GET', 'POST'),
    bodyType: fc.nat(BODY_TYPES.length - 1),
    split: fc.nat(6),
  })
  .map((r): CorpusRequest => {
    const pairs = [...r.base.split('&'), ...r.extras];
    if (r.method === 'GET') return get('near miss', `${API}?${pairs.join('&')}`);
    const query = pairs.slice(0, r.split);
    const inBody = pairs.slice(r.split);
    const target = query.length === 0 ? API : `${API}?${query.join('&')}`;
    const type = BODY_TYPES[r.bodyType];
    const body = type.toLowerCase().includes('multipart')
      ? multipartBody(
          inBody.map((pair) => {
            const eq = pair.indexOf('=');
            return [`form-data; name="${pair.slice(0, eq)}"`, pair.slice(eq + 1)];
          }),
        )
      : inBody.join('&');
    return post('near miss', target, type, body);
  });

const SEGMENTS = [
  'v1',
  'v1',
  'search',
  'search',
  'page',
  'page',
  'pagex',
  'V1',
  '..',
  '.',
  '%2e%2e',
  '',
  '%70age',
  'Main_Page',
  'history',
  'title',
];

const restRequest = fc
  .record({
    segments: fc.array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 5 }),
    method: fc.constantFrom('GET', 'GET', 'HEAD', 'POST'),
    query: fc.constantFrom('?q=Gateway', '?q=x&q=y', '?x=/v1/search/page', ''),
  })
  .map((r): CorpusRequest => ({
    label: 'generated REST',
    method: r.method,
    target: `${REST}/${r.segments.join('/')}${r.query}`,
    headers: [],
  }));

/** Generated requests, reproducible from the seed. */
export function generatedRequests(seed: number, count: number): CorpusRequest[] {
  const api = fc.sample(apiRequest, { seed, numRuns: Math.ceil(count * 0.4) });
  const near = fc.sample(nearMissRequest, { seed: seed + 2, numRuns: Math.ceil(count * 0.35) });
  const rest = fc.sample(restRequest, { seed: seed + 1, numRuns: Math.floor(count * 0.25) });
  return [...api, ...near, ...rest];
}
