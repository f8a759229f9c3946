import fc from 'fast-check';
import { multipart as multipartBody } from '../helpers/reading';
import { API, FORM, get, MULTIPART, post, REST, type CorpusRequest } from './differential-corpus';

/**
 * The generated part of the differential corpus: fast-check arbitraries
 * sampled from a seed, so that a failing corpus can be replayed exactly.
 */

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
