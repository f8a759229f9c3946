import { multipart as multipartBody } from '../helpers/reading';

/** The hand-written part of the differential corpus: sanity set, listed cases, variants. */

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

export const API = '/w/api.php';
export const REST = '/w/rest.php';
export const FORM = 'Content-Type: application/x-www-form-urlencoded';
export const MULTIPART = 'Content-Type: multipart/form-data; boundary=XyZ';

export const get = (label: string, target: string, headers: string[] = []): CorpusRequest => ({
  label,
  method: 'GET',
  target,
  headers,
});

export const post = (label: string, target: string, type: string, body: string): CorpusRequest => ({
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
