import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startGateway, type RunningGateway } from '../helpers/gateway';
import { readWikiInfo, type WikiInfo, wikiSection } from './wiki';
import { WikiLogs } from './wiki-logs';

const KEY = 'e2e-session-loss-key-0123456789';
const LOOP_REQUESTS = 60;
const PARALLEL = 4;
/** The session dies after this many requests of the loop. */
const KILL_AT = 20;
const WIKI_LOG_WAIT_MS = 5000;

let wiki: WikiInfo;
let gw: RunningGateway;

beforeAll(async () => {
  wiki = readWikiInfo();
  gw = await startGateway({
    wiki: wikiSection(wiki),
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
  // Through PHP's SQLite driver, which the wiki needs anyway (no sqlite3 CLI on CI).
  const php = `
    $db = new PDO('sqlite:' . $argv[1]);
    $db->setAttribute(PDO::ATTR_TIMEOUT, 10);
    $db->setAttribute(PDO::ATTR_ERRMODE, PDO::ERRMODE_EXCEPTION);
    $bump = $db->prepare("UPDATE bot_passwords SET bp_token = lower(hex(randomblob(16)))
      WHERE bp_user = (SELECT user_id FROM user WHERE user_name = ?)");
    $bump->execute([$argv[2]]);
    if ($bump->rowCount() !== 1) { fwrite(STDERR, "no bot password changed\n"); exit(1); }`;
  execFileSync('php', ['-r', php, db, reader]);
}

describe('a service session killed on the real wiki mid-run', () => {
  it('fails no request and runs none anonymously', async () => {
    const marker = `sessionloss${Date.now()}`;
    const wikiLogs = new WikiLogs(wiki.dir);
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

    // Found by user agent: a refused call's record lacks the parameters read after the refusal.
    const calls = await wikiLogs.apiCalls(marker, WIKI_LOG_WAIT_MS);
    const refused = calls.filter((c) => c.errorCodes.includes('assertnameduserfailed'));
    const ran = calls.filter((c) => c.errorCodes.length === 0);
    process.stdout.write(
      `session killed after ${KILL_AT} of ${LOOP_REQUESTS} calls: ${refused.length} met the dead ` +
        `session and were sent again, ${ran.length} ran, all as Service reader\n`,
    );
    // The kill took: some calls met the dead session, and each of those was sent again.
    expect(refused.length).toBeGreaterThan(0);
    expect(ran).toHaveLength(LOOP_REQUESTS);
    expect(new Set(ran.map((c) => c.user))).toEqual(new Set(['Service reader']));
    expect(gw.logs.filter((line) => line.msg === 'service account logged in again')).toHaveLength(
      1,
    );
  });
});
