import { NARROW_KEY, startWorld, stopWorld, type World } from './setup';

let world: World;

beforeEach(async () => {
  world = await startWorld();
});
afterEach(() => stopWorld(world));

function search(n: number, init: RequestInit = {}) {
  const query = init.method === 'POST' ? '' : `?action=query&list=search&srsearch=q${n}`;
  return fetch(`${world.gw.url}/w/api.php${query}`, {
    ...init,
    headers: { authorization: `ApiKey ${NARROW_KEY}`, ...(init.headers as object) },
  });
}

describe('a service session the wiki dropped', () => {
  it('logs in again and answers with the retried call', async () => {
    const before = world.wiki.logins;
    world.wiki.killSessions();

    const res = await search(1);
    const body = (await res.json()) as { echo?: unknown };

    expect(res.status).toBe(200);
    expect(res.headers.get('mediawiki-api-error')).toBeNull();
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(body.echo).toBeDefined();
    expect(world.wiki.logins).toBe(before + 1);
  });

  it('shares one login among every request that met the dead session', async () => {
    const before = world.wiki.logins;
    world.wiki.killSessions();

    const answers = await Promise.all(Array.from({ length: 20 }, (_, n) => search(n)));

    expect(answers.map((res) => res.status)).toEqual(Array(20).fill(200));
    expect(world.wiki.logins).toBe(before + 1);
    expect(world.wiki.received.filter((r) => r.url.includes('list=search'))).toHaveLength(20);
  });

  it('retries a POST with its body', async () => {
    world.wiki.killSessions();
    const body = 'action=query&list=search&srsearch=posted';

    const res = await search(0, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });

    expect(res.status).toBe(200);
    expect(world.wiki.received.at(-1)?.body).toBe(body);
  });

  it('answers 503 in the API shape and turns not ready when the login fails', async () => {
    world.wiki.passwords.set('Service reader@gateway', 'changed');
    world.wiki.killSessions();

    const res = await search(1);
    const ready = await fetch(`${world.gw.adminUrl}/readyz`);
    const readiness = (await ready.json()) as { reasons: string[] };

    expect(res.status).toBe(503);
    expect(res.headers.get('mediawiki-api-error')).toBe('mwgate-session-lost');
    expect(ready.status).toBe(503);
    expect(readiness.reasons.join()).toContain('reader: account "reader" could not log in');
    expect(world.gw.logs.some((line) => line.msg === 'login failed')).toBe(true);
  });

  it('is ready again by itself once the login works', async () => {
    world.wiki.passwords.set('Service reader@gateway', 'changed');
    world.wiki.killSessions();
    await search(1);

    world.wiki.passwords.set('Service reader@gateway', 'reader-pass');
    await waitFor(async () => (await fetch(`${world.gw.adminUrl}/readyz`)).status === 200);

    expect((await search(2)).status).toBe(200);
  });
});

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 50));
}
