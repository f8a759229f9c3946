import { request } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ConfigReloader } from '../../src/config/config-reloader';
import { loadConfigFile } from '../../src/config/load';
import { ConfigError } from '../../src/config/types';
import { startGateway, type RunningGateway } from '../helpers/gateway';
import { startStubWiki, STUB_SESSION_COOKIE, type StubWiki } from '../helpers/stub-wiki';

const READER = 'Service reader@gateway';
const OLD_KEY = 'reload-old-key-0123456789abcdef';
const NEW_KEY = 'reload-new-key-0123456789abcdef';
const STABLE_KEY = 'reload-stable-key-0123456789abcd';

let wiki: StubWiki;
let gw: RunningGateway;
let reloader: ConfigReloader;
let dir: string;
let file: string;

interface Options {
  password?: string;
  keys?: Record<string, unknown>[];
  extra?: Record<string, unknown>;
}

const key = (id: string, secret: string, modules = ['query']) => ({
  id,
  key: secret,
  account: 'reader',
  allowFrom: ['127.0.0.1'],
  actionModules: modules,
});

function configOf({ password = 'reader-pass', keys, extra = {} }: Options = {}) {
  return {
    listen: { host: '127.0.0.1', port: 0 },
    admin: { host: '127.0.0.1', port: 0 },
    wiki: { url: wiki.url },
    accounts: { reader: { username: READER, password } },
    apiKeys: keys ?? [key('old', OLD_KEY), key('stable', STABLE_KEY)],
    reload: { watchSeconds: 0 },
    ...extra,
  };
}

function write(options: Options = {}): void {
  writeFileSync(file, stringify(configOf(options)));
}

beforeEach(async () => {
  wiki = await startStubWiki({ [READER]: 'reader-pass' });
  dir = mkdtempSync(join(tmpdir(), 'mwgate-reload-'));
  file = join(dir, 'gateway.yaml');
  write();
  gw = await startGateway(configOf());
  reloader = new ConfigReloader({
    file,
    env: {},
    logger: gw.logger,
    metrics: gw.metrics,
    loadedText: stringify(configOf()),
    apply: (config) => gw.gateway.reload(config),
  });
});
afterEach(async () => {
  reloader.stop();
  await gw.close();
  await wiki.close();
  rmSync(dir, { recursive: true, force: true });
});

async function query(secret: string): Promise<number> {
  const res = await fetch(`${gw.url}/w/api.php?action=query&meta=siteinfo`, {
    headers: { authorization: `ApiKey ${secret}` },
  });
  await res.arrayBuffer();
  return res.status;
}

const logged = (msg: string) => gw.logs.filter((line) => line.msg === msg);
const metric = (name: string) => gw.metrics.registry.getSingleMetricAsString(name);
const lastCookie = () => wiki.received[wiki.received.length - 1].headers.cookie;

describe('a config reload', () => {
  it('makes a changed key take effect and the old one stop', async () => {
    write({ keys: [key('old', NEW_KEY), key('stable', STABLE_KEY)] });
    await reloader.reload('signal');

    expect(await query(NEW_KEY)).toBe(200);
    expect(await query(OLD_KEY)).toBe(401);
    expect(logged('config reloaded')[0]).toMatchObject({
      trigger: 'signal',
      config: { keysChanged: ['old'], keysAdded: [], keysRemoved: [], needRestart: [] },
    });
    expect(await metric('mwgate_config_reloads_total')).toContain('result="ok"} 1');
  });

  it('refuses an invalid file with the messages of check-config and keeps the old config', async () => {
    writeFileSync(file, 'wiki: { url: ftp://x }\naccounts: {}\nbogus: 1\n');
    const expected = checkConfigProblems(file);
    await reloader.reload('signal');

    expect(expected.length).toBeGreaterThan(1);
    expect(logged('config reload refused')[0]).toMatchObject({ file, problems: expected });
    expect(await query(OLD_KEY)).toBe(200);
    expect(await metric('mwgate_config_reloads_total')).toContain('result="failed"} 1');
    expect(await metric('mwgate_config_last_reload_successful')).toMatch(/ 0$/m);
  });

  it('logs an account in again when its password changed', async () => {
    await query(OLD_KEY);
    const before = lastCookie();
    wiki.passwords.set(READER, 'rotated-pass');
    write({ password: 'rotated-pass' });
    await reloader.reload('signal');

    expect(await query(OLD_KEY)).toBe(200);
    expect(lastCookie()).not.toBe(before);
    expect(lastCookie()).toContain(STUB_SESSION_COOKIE);
    expect(logged('config reloaded')[0]).toMatchObject({
      accounts: { added: [], removed: [], changed: ['reader'] },
    });
    expect(await metric('mwgate_logins_total')).toContain(
      'account="reader",kind="login",result="ok"} 2',
    );
  });

  it('refuses a new password the wiki rejects and keeps the running session', async () => {
    write({ password: 'wrong-pass' });
    await reloader.reload('signal');

    expect(logged('config reload refused')[0].problems).toEqual([
      'account "reader" could not log in: Incorrect password',
    ]);
    expect(await query(OLD_KEY)).toBe(200);
  });

  it('logs in an added account and forgets a removed one', async () => {
    wiki.passwords.set('Service admin@gateway', 'admin-pass');
    const admin = { username: 'Service admin@gateway', password: 'admin-pass' };
    const adminKey = { ...key('admin', NEW_KEY), account: 'admin' };
    write({ keys: [adminKey], extra: { accounts: { admin } } });
    await reloader.reload('signal');

    expect(await query(NEW_KEY)).toBe(200);
    expect(await query(OLD_KEY)).toBe(401);
    expect(lastCookie()).toContain(encodeURIComponent('Service admin@gateway'));
    expect(logged('config reloaded')[0]).toMatchObject({
      accounts: { added: ['admin'], removed: ['reader'], changed: [] },
    });
  });

  it('warns that a listener change needs a restart and keeps listening where it did', async () => {
    write({ extra: { listen: { host: '127.0.0.1', port: 1 }, log: { accessLevel: 'debug' } } });
    await reloader.reload('signal');

    expect(logged('config change needs a restart to apply')[0]).toMatchObject({
      settings: ['listen'],
    });
    expect(await query(OLD_KEY)).toBe(200);
  });

  it('finishes a request in flight under the config it started with', async () => {
    const { port } = new URL(gw.url);
    const body = 'action=query&meta=siteinfo';
    const status = new Promise<number>((resolve, reject) => {
      const req = request({
        port,
        host: '127.0.0.1',
        method: 'POST',
        path: '/w/api.php',
        headers: {
          authorization: `ApiKey ${OLD_KEY}`,
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': body.length,
        },
      });
      req.on('response', (res) => resolve(res.statusCode ?? 0)).on('error', reject);
      req.write(body.slice(0, 10));
      globalThis.setTimeout(() => void finish(req), 0);
    });
    const finish = async (req: ReturnType<typeof request>) => {
      // The gateway has the request (and its config) before the reload starts.
      while ((await gw.metrics.inFlight.get()).values[0].value === 0) {
        await new Promise((r) => setTimeout(r, 5));
      }
      write({ keys: [key('stable', STABLE_KEY)] });
      await reloader.reload('signal');
      req.end(body.slice(10));
    };

    expect(await status).toBe(200);
    expect(await query(OLD_KEY)).toBe(401);
  });

  it('picks up a change of the file without a signal', async () => {
    reloader.watch(50);
    write({ keys: [key('stable', STABLE_KEY), key('new', NEW_KEY)] });
    while (logged('config reloaded').length === 0) await new Promise((r) => setTimeout(r, 20));

    expect(logged('config reloaded')[0]).toMatchObject({
      trigger: 'file',
      config: { keysAdded: ['new'] },
    });
    expect(await query(NEW_KEY)).toBe(200);
  });

  it('refuses a broken file once, not at every poll, and keeps serving', async () => {
    reloader.watch(20);
    writeFileSync(file, 'wiki: [not, a, mapping]\n');
    while (logged('config reload refused').length === 0)
      await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));

    expect(logged('config reload refused')).toHaveLength(1);
    expect(logged('config reload refused')[0]).toMatchObject({ trigger: 'file' });
    expect(await query(OLD_KEY)).toBe(200);
  });

  it('drops no request while keys, modules and passwords change under load', async () => {
    const statuses: number[] = [];
    let running = true;
    const worker = async () => {
      while (running) statuses.push(await query(STABLE_KEY).catch(() => 0));
    };
    const workers = Array.from({ length: 8 }, worker);

    for (let round = 0; round < 12; round++) {
      const password = `pass-${round % 3}`;
      wiki.passwords.set(READER, password);
      const modules = round % 2 === 0 ? ['query', 'opensearch'] : ['query'];
      const others = [
        key(`extra-${round}`, `${NEW_KEY}-${round}`),
        key('old', `${OLD_KEY}${round}`),
      ];
      write({ password, keys: [...others, key('stable', STABLE_KEY, modules)] });
      await reloader.reload('signal');
      await new Promise((r) => setTimeout(r, 20));
    }
    running = false;
    await Promise.all(workers);

    expect(logged('config reloaded')).toHaveLength(12);
    expect(statuses.length).toBeGreaterThan(50);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
  });
});

/** What check-config reports for the file. */
function checkConfigProblems(path: string): readonly string[] {
  try {
    loadConfigFile(path, {});
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
}
