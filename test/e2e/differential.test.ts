import { setTimeout as sleep } from 'node:timers/promises';
import { ERRORS } from '../../src/errors';
import { decodeWrapper } from '../../src/tokens/wrapper';
import { startGateway, type RunningGateway } from '../helpers/gateway';
import { rawRequest, type RawResponse } from '../helpers/raw-http';
import { listedCases, sanityRequests, variants, type CorpusRequest } from './differential-corpus';
import { generatedRequests } from './differential-generated';
import { readWikiInfo, type WikiInfo, wikiSection } from './wiki';
import { WikiLogs, type ApiRequestEntry, type RestEntry } from './wiki-logs';

/**
 * The differential test: every request the gateway grants to the narrow key K
 * is checked against what the real wiki says it ran, in its own logs. K may
 * run opensearch, query with only the search submodule, and GET/HEAD
 * /v1/search/page. MWGATE_DIFF_SEED replays another generated corpus.
 */
const K = 'diff-narrow-key-0123456789abcdef';
const ISSUER = 'diff-issuer-key-0123456789abcdef';
const SALT = 'diff-salt';
const SEED = Number(process.env.MWGATE_DIFF_SEED ?? 20261204);
const GENERATED = 170;
const LOG_WAIT_MS = 5000;
const DECISION_WAIT_MS = 2000;
const READER = 'Service reader';
const APP_ACCOUNT = 'Service admin';

let wiki: WikiInfo;
let gw: RunningGateway;

beforeAll(async () => {
  wiki = readWikiInfo();
  gw = await startGateway({
    wiki: wikiSection(wiki),
    salt: SALT,
    accounts: { reader: wiki.reader, writer: wiki.writer },
    apiKeys: [
      {
        id: 'k',
        key: K,
        account: 'reader',
        allowFrom: ['127.0.0.1'],
        actionModules: ['opensearch', 'query+search'],
        restRoutes: ['GET /v1/search/page'],
      },
      {
        id: 'issuer',
        key: ISSUER,
        account: 'reader',
        allowFrom: ['127.0.0.1'],
        issueAppTokens: true,
      },
    ],
    appTokens: { account: 'writer', ttlSeconds: 600 },
  });
});
afterAll(() => gw?.close());

/** Whether an answer is the gateway's own refusal (its codes, its messages), not the wiki's. */
function refusedByGateway(res: RawResponse): boolean {
  let body: any;
  try {
    body = JSON.parse(res.body);
  } catch {
    return false;
  }
  const code: string | undefined = body?.error?.code ?? body?.errorKey;
  if (code === undefined || !(code in ERRORS)) return false;
  const message: unknown = body?.error?.info ?? body?.message;
  // The gateway's message, perhaps followed by its precise reason: `… (repeated-parameter)`.
  return (
    typeof message === 'string' && message.startsWith(ERRORS[code as keyof typeof ERRORS].message)
  );
}

/**
 * Submodules named by a multi-value parameter, split as ApiBase splits it. The
 * module reads the raw value, but the log holds WebRequest's cleaned one, in
 * which each U+001F became U+FFFD: a leading U+FFFD is a leading U+001F (the
 * gateway refuses every other non-ASCII module value).
 */
function split(value: string | undefined): string[] {
  if (value === undefined || value === '') return [];
  for (const separator of ['\u001f', '\ufffd']) {
    if (value.startsWith(separator)) return value.slice(1).split(separator);
  }
  return value.split('|');
}

const decisions = () => gw.logs.filter((line) => line.msg === 'gateway decision');

/** The gateway's own decision on the request just answered (logged on finish). */
async function lastDecision(before: number): Promise<Record<string, unknown> | undefined> {
  const deadline = Date.now() + DECISION_WAIT_MS;
  while (decisions().length === before && Date.now() < deadline) await sleep(5);
  return decisions()[before];
}

/** Why this Action API call, as the wiki logged it, is not something K allows. */
function apiDisagreement(entry: ApiRequestEntry, account: string, anyModule: boolean): string {
  if (entry.user !== account) return `ran as ${entry.user}, not ${account}`;
  if (anyModule) return '';
  const { params } = entry;
  const action = params.action ?? 'help';
  if (action === 'opensearch') return '';
  if (action !== 'query') return `ran action=${action}`;
  const submodules = ['list', 'prop', 'meta', 'generator'].flatMap((name) => split(params[name]));
  // The main module may fail (format=bogus) before query reads its submodules.
  if (submodules.length === 0 && entry.errorCodes.length > 0) return '';
  if (submodules.length === 0) return 'ran action=query with no submodule';
  const other = submodules.filter((name) => name !== 'search');
  if (other.length > 0) return `ran query submodules ${other.join(',')}`;
  if ('export' in params || 'exportnowrap' in params) return 'ran query export';
  return '';
}

/** Why this rest.php request, as the wiki logged it, is not something K allows. */
function restDisagreement(entry: RestEntry): string {
  if (entry.user !== READER) return `ran as ${entry.user}, not ${READER}`;
  const path = entry.uri.split('?')[0];
  if (path !== '/w/rest.php/v1/search/page') return `ran the route ${path}`;
  if (entry.method !== 'GET' && entry.method !== 'HEAD') return `ran ${entry.method}`;
  return '';
}

async function appToken(): Promise<string> {
  const res = await fetch(`${gw.url}/w/rest.php/mws/v1/app-token/generate`, {
    headers: { authorization: `ApiKey ${ISSUER}` },
  });
  const token = decodeWrapper(SALT, ((await res.json()) as { value: string }).value)?.token;
  if (token === undefined) throw new Error('no app token');
  return token;
}

/** The request as raw bytes, with K (or the app token), a unique User-Agent and marker. */
function rawBytes(
  request: CorpusRequest,
  id: string,
  token: string,
): { text: string; target: string } {
  const headers = request.headers.map((line) =>
    line.replace('{K}', K).replace('{APP_TOKEN}', token),
  );
  if (!headers.some((line) => /^authorization:/i.test(line)))
    headers.push(`Authorization: ApiKey ${K}`);
  // rest.log records the raw URI, not the User-Agent: a marker in the query finds it.
  const mark = request.target.includes('?') ? '&' : '?';
  const target = request.target.includes('rest.php')
    ? `${request.target}${mark}mwgate_probe=${id}`
    : request.target;
  const body = request.body ?? '';
  if (request.body !== undefined)
    headers.push(`Content-Length: ${Buffer.byteLength(body, 'latin1')}`);
  const head = [
    `${request.method} ${target} HTTP/1.1`,
    'Host: wiki',
    `User-Agent: ${id}`,
    ...headers,
  ];
  return { text: `${head.join('\r\n')}\r\nConnection: close\r\n\r\n${body}`, target };
}

describe('the gateway against the real wiki, request by request', () => {
  it('grants K nothing the wiki then runs beyond what K allows', async () => {
    const started = performance.now();
    const corpus = [
      ...sanityRequests(),
      ...listedCases(),
      ...variants(),
      ...generatedRequests(SEED, GENERATED),
    ];
    expect(corpus.length).toBeGreaterThanOrEqual(200);

    const logs = new WikiLogs(wiki.dir);
    const token = await appToken();
    const disagreements: string[] = [];
    const refusedIds: string[] = [];
    let granted = 0;

    for (const [index, request] of corpus.entries()) {
      const id = `mwgate-diff-${SEED}-${index}`;
      const { text, target } = rawBytes(request, id, token);
      const before = decisions().length;
      const res = await rawRequest(gw.url, text);
      const what = `#${index} ${request.label}: ${request.method} ${target}`;

      // HEAD answers have no body: the gateway's decision line says what it did,
      // and every answer with a body must agree with it.
      const decision = await lastDecision(before);
      if (decision === undefined) {
        disagreements.push(`${what}: the gateway logged no decision`);
        continue;
      }
      if (res.body !== '' && refusedByGateway(res) === (decision.granted === true)) {
        disagreements.push(`${what}: the answer and the decision log disagree`);
      }
      if (decision.granted !== true) {
        refusedIds.push(id);
        if (request.mustGrant) disagreements.push(`${what}: refused a plainly fine request`);
        continue;
      }
      granted++;
      const isRest = target.includes('rest.php');
      const api = await logs.apiCalls(id, isRest ? 0 : LOG_WAIT_MS);
      const rest = isRest ? await logs.restCalls(id, LOG_WAIT_MS) : [];
      if (api.length + rest.length !== 1) {
        disagreements.push(
          `${what}: granted (${res.status}), wiki logged ${api.length + rest.length} calls`,
        );
        continue;
      }
      const isAppToken = request.headers.some((line) => line.includes('AppToken'));
      const account = isAppToken ? APP_ACCOUNT : READER;
      const why =
        api.length === 1 ? apiDisagreement(api[0], account, isAppToken) : restDisagreement(rest[0]);
      if (why !== '') disagreements.push(`${what}: granted, but the wiki ${why}`);
    }

    // Refused requests must never have reached the wiki: sweep the logs once more.
    for (const id of refusedIds) {
      const seen = [...(await logs.apiCalls(id, 0)), ...(await logs.restCalls(id, 0))];
      if (seen.length > 0) disagreements.push(`${id}: refused, yet the wiki logged it`);
    }

    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `differential: ${corpus.length} requests, ${granted} granted, ${refusedIds.length} refused, ` +
        `${disagreements.length} disagreements, seed ${SEED}, ${seconds} s`,
    );
    expect(disagreements).toEqual([]);
    expect(granted).toBeGreaterThanOrEqual(sanityRequests().length);
  }, 600_000);
});
