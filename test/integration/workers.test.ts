import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeWrapper } from '../../src/tokens/wrapper';
import { startStubWiki, type StubWiki } from '../helpers/stub-wiki';
import { ISSUER_KEY, SALT, STUB_PASSWORDS, worldConfig } from './setup';
import { freePort } from '../helpers/free-port';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const TOKENS = 6;
const USES_PER_TOKEN = 10;
const READY_TIMEOUT_MS = 15_000;
const LIMITED_KEY = 'limited-key-0123456789abcdef';
const LIMITED_BURST = 5;
const LIMITED_CALLS = 20;

/** One request on a connection of its own, so that the cluster may hand it to any worker. */
function get(url: string, authorization: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, headers: { authorization } }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('a gateway with workers: 2', () => {
  let wiki: StubWiki;
  let gateway: ChildProcess;
  let dir: string;
  let url: string;
  const logs: Record<string, any>[] = [];

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
    wiki = await startStubWiki(STUB_PASSWORDS);
    const [port, adminPort] = [await freePort(), await freePort()];
    url = `http://127.0.0.1:${port}`;
    dir = mkdtempSync(join(tmpdir(), 'mwgate-workers-'));
    const world = worldConfig(wiki.url) as { apiKeys: Record<string, unknown>[] };
    const limited = {
      id: 'limited',
      key: LIMITED_KEY,
      account: 'reader',
      allowFrom: ['127.0.0.1'],
      actionModules: ['opensearch'],
      // Practically no refill during the test: the burst is all it gets.
      rateLimit: { perSecond: 0.001, burst: LIMITED_BURST },
    };
    const config = {
      ...world,
      apiKeys: [...world.apiKeys, limited],
      listen: { host: '127.0.0.1', port },
      admin: { host: '127.0.0.1', port: adminPort },
      appTokens: { account: 'admin', ttlSeconds: 60 },
      workers: 2,
    };
    writeFileSync(join(dir, 'gateway.yaml'), JSON.stringify(config));

    gateway = spawn(process.execPath, [CLI, 'serve', '--config', join(dir, 'gateway.yaml')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let rest = '';
    gateway.stdout?.on('data', (chunk: Buffer) => {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) if (line.trim() !== '') logs.push(JSON.parse(line));
    });
    await waitUntilReady(`http://127.0.0.1:${adminPort}/readyz`);
    // /readyz answers from one worker: wait until both have logged their two accounts in.
    await waitFor(
      () => logs.filter((line) => line.msg === 'service account logged in').length === 4,
    );
  });

  afterAll(async () => {
    if (gateway?.exitCode === null) {
      await new Promise((resolve) => {
        gateway.once('exit', resolve);
        gateway.kill('SIGTERM');
      });
    }
    await wiki?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('accepts in every worker the app tokens minted in any worker', async () => {
    const uses: Promise<{ status: number }>[] = [];
    for (let i = 0; i < TOKENS; i++) {
      const minted = await get(
        `${url}/w/rest.php/mws/v1/app-token/generate`,
        `ApiKey ${ISSUER_KEY}`,
      );
      expect(minted.status).toBe(200);
      const token = decodeWrapper(SALT, JSON.parse(minted.body).value)!.token;
      for (let use = 0; use < USES_PER_TOKEN; use++) {
        uses.push(get(`${url}/w/api.php?action=query&meta=siteinfo`, `AppToken ${token}`));
      }
    }
    const statuses = (await Promise.all(uses)).map((res) => res.status);
    expect(statuses).toEqual(Array(TOKENS * USES_PER_TOKEN).fill(200));

    await waitFor(() => decisions('app-token').length === TOKENS * USES_PER_TOKEN);
    const minters = new Set(decisions('app-token-issued').map((line) => line.pid));
    const users = new Set(decisions('app-token').map((line) => line.pid));
    expect(users.size).toBe(2);
    expect([...users].some((pid) => !minters.has(pid)) || minters.size === 2).toBe(true);
  });

  it('keeps one rate-limit bucket per key across the workers', async () => {
    const calls = Array.from({ length: LIMITED_CALLS }, () =>
      get(`${url}/w/api.php?action=opensearch&search=x`, `ApiKey ${LIMITED_KEY}`),
    );
    const statuses = (await Promise.all(calls)).map((res) => res.status);

    expect(statuses.filter((status) => status === 200)).toHaveLength(LIMITED_BURST);
    expect(statuses.filter((status) => status === 429)).toHaveLength(LIMITED_CALLS - LIMITED_BURST);
    await waitFor(() => limitedDecisions().length === LIMITED_CALLS);
    expect(new Set(limitedDecisions().map((line) => line.pid)).size).toBe(2);
  });

  it('stops every worker on SIGTERM', async () => {
    const exited = new Promise((resolve) => gateway.once('exit', resolve));
    gateway.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  function limitedDecisions() {
    return logs.filter((line) => line.msg === 'gateway decision' && line.keyId === 'limited');
  }

  function decisions(reason: string) {
    return logs.filter((line) => line.msg === 'gateway decision' && line.reason === reason);
  }
});

async function waitUntilReady(readyz: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const status = await fetch(readyz).then(
      (res) => res.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the gateway did not become ready');
}

async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!condition() && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
