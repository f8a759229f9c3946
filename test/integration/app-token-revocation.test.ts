import { stringify } from 'yaml';
import { parseConfig } from '../../src/config/load';
import { decodeWrapper } from '../../src/tokens/wrapper';
import { ISSUER_KEY, SALT, startWorld, stopWorld, worldConfig, type World } from './setup';

let world: World;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(() => stopWorld(world));

async function mint(): Promise<string> {
  const res = await fetch(`${world.gw.url}/w/rest.php/mws/v1/app-token/generate`, {
    headers: { authorization: `ApiKey ${ISSUER_KEY}` },
  });
  const body = (await res.json()) as { value: string };
  return decodeWrapper(SALT, body.value)!.token;
}

function use(token: string): Promise<number> {
  return fetch(`${world.gw.url}/w/api.php?action=query&meta=siteinfo`, {
    headers: { authorization: `AppToken ${token}` },
  }).then((res) => res.status);
}

/** Reloads the world's config with `change` applied to it. */
async function reloadWith(change: (config: any) => void): Promise<void> {
  const config: any = {
    ...worldConfig(world.wiki.url),
    listen: { host: '127.0.0.1', port: 0 },
    admin: { host: '127.0.0.1', port: 0 },
  };
  change(config);
  await world.gw.gateway.reload(parseConfig(stringify(config), 'reloaded', {}));
}

describe('an app token minted before a reload', () => {
  it.each([
    [
      'its key may no longer issue app tokens',
      (config: any) => {
        config.apiKeys.find((key: any) => key.id === 'issuer').issueAppTokens = false;
      },
    ],
    [
      'its key is gone',
      (config: any) => {
        config.apiKeys = config.apiKeys.filter((key: any) => key.id !== 'issuer');
      },
    ],
    [
      'app tokens act as another account',
      (config: any) => {
        config.appTokens = { ...config.appTokens, account: 'reader' };
      },
    ],
  ])('is refused once %s', async (_why, change) => {
    const token = await mint();
    expect(await use(token)).toBe(200);

    await reloadWith(change);

    expect(await use(token)).toBe(401);
    const verify = await fetch(`${world.gw.url}/w/rest.php/mws/v1/app-token/verify/${token}`);
    expect(verify.status).toBe(400);
  });

  it('still works when the reload leaves its key and account alone', async () => {
    const token = await mint();
    await reloadWith((config) => {
      config.limits = { maxParams: 100 };
    });
    expect(await use(token)).toBe(200);
  });
});
