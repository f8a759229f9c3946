import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startGateway, type RunningGateway } from '../helpers/gateway';
import { readWikiInfo, type WikiInfo } from './wiki';

const KEY = 'e2e-session-loss-key-0123456789';
const LOOP_REQUESTS = 60;
const PARALLEL = 4;
/** The session dies after this many requests of the loop. */
const KILL_AT = 20;

let wiki: WikiInfo;
let gw: RunningGateway;

beforeAll(async () => {
  wiki = readWikiInfo();
  gw = await startGateway({
    wiki: { url: wiki.url, scriptPath: wiki.scriptPath },
    accounts: { reader: wiki.reader },
    apiKeys: [
      {
        id: 'loop',
        key: KEY,
        account: 'reader',
        allowFrom: ['127.0.0.1'],
        actionModules: ['query+search'],
      },
    ],
  });
});
afterAll(() => gw?.close());

/**
 * Ends every session of the reader's bot password at once, as Special:BotPasswords
 * does when it invalidates them: MediaWiki checks the token on each request.
 * (Deleting session rows races with requests that write their session back.)
 */
function killReaderSessions(): void {
  const db = join(wiki.dir, 'db', 'my_wiki.sqlite');
  const reader = wiki.reader.username.split('@')[0];
  const sql =
    'UPDATE bot_passwords SET bp_token = lower(hex(randomblob(16))) WHERE bp_user = ' +
    `(SELECT user_id FROM user WHERE user_name = '${reader}')`;
  execFileSync('sqlite3', ['-cmd', '.timeout 10000', db, sql]);
}

interface ApiRequestLine {
  context: {
    params: Record<string, string>;
    performer: { user_text: string };
    api_error_codes?: string[] | null;
  };
}

/**
 * The wiki's own record of each Action API call of this run, found by its
 * user agent: a refused call's record holds only the parameters read before
 * the refusal.
 */
function wikiCalls(marker: string): ApiRequestLine['context'][] {
  const log = readFileSync(join(wiki.dir, 'logs', 'api-request.log'), 'utf8');
  return log
    .split('\n')
    .filter((line) => line.includes(marker))
    .map((line) => (JSON.parse(line) as ApiRequestLine).context);
}

describe('a service session killed on the real wiki mid-run', () => {
  it('fails no request and runs none anonymously', async () => {
    const marker = `sessionloss${Date.now()}`;
    const statuses: number[] = [];
    const errors: string[] = [];
    let next = 0;

    // Between two waves of parallel requests, which then all meet the dead session.
    async function worker(last: number): Promise<void> {
      while (next < last) {
        const n = next++;
        const res = await fetch(
          `${gw.url}/w/api.php?action=query&list=search&srsearch=${marker}${n}&format=json`,
          { headers: { authorization: `ApiKey ${KEY}`, 'user-agent': marker } },
        );
        const body = (await res.json()) as { error?: { code: string } };
        statuses.push(res.status);
        if (body.error) errors.push(body.error.code);
      }
    }
    await Promise.all(Array.from({ length: PARALLEL }, () => worker(KILL_AT)));
    killReaderSessions();
    await Promise.all(Array.from({ length: PARALLEL }, () => worker(LOOP_REQUESTS)));

    expect(statuses).toEqual(Array(LOOP_REQUESTS).fill(200));
    expect(errors).toEqual([]);

    const calls = wikiCalls(marker);
    const refused = calls.filter((c) => c.api_error_codes?.includes('assertnameduserfailed'));
    const ran = calls.filter((c) => !c.api_error_codes);
    process.stdout.write(
      `session killed after ${KILL_AT} of ${LOOP_REQUESTS} calls: ${refused.length} met the dead ` +
        `session and were sent again, ${ran.length} ran, all as Service reader\n`,
    );
    // The kill took: some calls met the dead session, and each of those was sent again.
    expect(refused.length).toBeGreaterThan(0);
    expect(ran).toHaveLength(LOOP_REQUESTS);
    expect(new Set(ran.map((c) => c.performer.user_text))).toEqual(new Set(['Service reader']));
    expect(gw.logs.filter((line) => line.msg === 'service account logged in again')).toHaveLength(
      1,
    );
  });
});
