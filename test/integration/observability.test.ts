import { startGateway } from '../helpers/gateway';
import { startStubWiki } from '../helpers/stub-wiki';
import { startWorld, stopWorld, NARROW_KEY, type World } from './setup';

let world: World;
afterEach(() => stopWorld(world));

const lines = (msg: string) => world.gw.logs.filter((line) => line.msg === msg);

async function get(base: string, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, { headers });
  return { status: res.status, text: await res.text() };
}

describe('the admin listener', () => {
  it('serves the request, upstream, login and reload metrics', async () => {
    world = await startWorld();
    await get(world.gw.url, '/w/api.php?action=opensearch&search=x', {
      authorization: `ApiKey ${NARROW_KEY}`,
    });
    await get(world.gw.url, '/w/index.php?title=Main_Page');
    const { status, text } = await get(world.gw.adminUrl, '/metrics');

    expect(status).toBe(200);
    expect(text).toContain(
      'mwgate_requests_total{api="action",decision="granted",reason="module-allowed",status="200"} 1',
    );
    expect(text).toMatch(
      /mwgate_upstream_duration_seconds_count\{api="action",traffic="gateway",status="200"\} 1/,
    );
    expect(text).toMatch(
      /mwgate_upstream_duration_seconds_count\{api="none",traffic="pass-through",status="200"\} 1/,
    );
    expect(text).toContain('mwgate_logins_total{account="reader",kind="login",result="ok"} 1');
    expect(text).toContain('# TYPE mwgate_config_reloads_total counter');
    expect(text).toContain('mwgate_config_last_reload_successful 1');
  });

  it('counts a re-login after a lost session apart from the first login', async () => {
    // The stub answers meta=userinfo with an echo and no user id: every check finds the session lost.
    const wiki = await startStubWiki({ 'Service reader@gateway': 'reader-pass' });
    const gw = await startGateway({
      wiki: { url: wiki.url, sessionCheckSeconds: 0.05 },
      accounts: { reader: { username: 'Service reader@gateway', password: 'reader-pass' } },
    });
    world = { wiki, gw };
    while (!gw.logs.some((line) => line.msg === 'service account logged in again')) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const { text } = await get(gw.adminUrl, '/metrics');

    expect(gw.logs.find((line) => line.msg === 'service session lost')).toMatchObject({
      account: 'reader',
    });
    expect(text).toContain('mwgate_logins_total{account="reader",kind="login",result="ok"} 1');
    expect(text).toMatch(
      /mwgate_logins_total\{account="reader",kind="relogin",result="ok"\} [1-9]/,
    );
  });

  it.each([['/metrics'], ['/healthz'], ['/readyz']])(
    'leaves %s on the public listener to the wiki',
    async (path) => {
      world = await startWorld();
      const { text } = await get(world.gw.url, path);

      expect(text).not.toContain('mwgate_');
      expect(text).toContain('"echo"');
      expect(world.wiki.received.map((r) => r.url)).toContain(path);
    },
  );

  it('refuses a gateway credential on /metrics of the public listener', async () => {
    world = await startWorld();
    const { status, text } = await get(world.gw.url, '/metrics', {
      authorization: `ApiKey ${NARROW_KEY}`,
    });

    expect(status).toBe(403);
    expect(text).not.toContain('mwgate_');
  });
});

describe('the logs', () => {
  it('write one decision line per gateway request with every field', async () => {
    world = await startWorld();
    await get(world.gw.url, '/w/api.php?action=edit&title=X', {
      authorization: `ApiKey ${NARROW_KEY}`,
    });

    expect(lines('gateway decision')).toEqual([
      expect.objectContaining({
        level: 'info',
        reqId: expect.any(String),
        keyId: 'narrow',
        account: 'reader',
        client: '127.0.0.1',
        api: 'action',
        subject: 'edit',
        granted: false,
        reason: 'module-not-allowed',
        status: 403,
        ms: expect.any(Number),
      }),
    ]);
  });

  it('write an access line for pass-through traffic, without the query string', async () => {
    world = await startWorld();
    await get(world.gw.url, '/w/api.php?action=login&lgpassword=hunter2-secret');

    expect(lines('access')).toEqual([
      expect.objectContaining({
        level: 'info',
        client: '127.0.0.1',
        method: 'GET',
        path: '/w/api.php',
        status: 200,
        ms: expect.any(Number),
      }),
    ]);
    expect(JSON.stringify(world.gw.logs)).not.toContain('hunter2-secret');
  });

  it('censor the token of a verify route in access lines', async () => {
    world = await startWorld();
    const token = '0123456789abcdef0123456789abcdef';
    await get(world.gw.url, `/w/rest.php/mws/v1/user-token/verify/${token}`);

    expect(lines('access')[0].path).toBe('/w/rest.php/mws/v1/user-token/verify/[redacted]');
    expect(JSON.stringify(world.gw.logs)).not.toContain(token);
  });

  it.each([
    ['debug', 1],
    ['silent', 0],
  ])('write access lines at log.accessLevel %s', async (level, count) => {
    world = await startWorld({ log: { accessLevel: level } });
    await get(world.gw.url, '/w/index.php');

    expect(lines('access')).toHaveLength(count);
    if (count > 0) expect(lines('access')[0].level).toBe(level);
  });
});
