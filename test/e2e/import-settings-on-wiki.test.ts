import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readComponentSettings } from '../../src/migrate/component-settings';
import { importSettings } from '../../src/migrate/gateway-settings';
import { builtInResolver, paramInfoResolver } from '../../src/migrate/module-resolver';
import { renderGatewayYaml } from '../../src/migrate/render-yaml';
import { startGateway, type RunningGateway } from '../helpers/gateway';
import { readWikiInfo, type WikiInfo } from './wiki';

const FIXTURE = join(__dirname, '..', 'fixtures', 'local-settings', 'e2e.php');
const KEY = 'e2e-imported-key-0123456789abcdef';

interface ParamInfoModule {
  path: string;
  classname: string;
  /** `action`, `format`, `list`, `prop`, `meta`: formats are no module a key allows. */
  group: string;
}

let wiki: WikiInfo;
beforeAll(() => {
  wiki = readWikiInfo();
});

describe('import-settings against a real MediaWiki 1.39', () => {
  it("resolves every core class as the wiki's paraminfo does, and as the built-in table does", async () => {
    const resolve = await paramInfoResolver(wiki.url, wiki.scriptPath);
    const url = `${wiki.url}${wiki.scriptPath}/api.php?action=paraminfo&modules=*|query%2B*&format=json&formatversion=2`;
    const body = (await (await fetch(url)).json()) as { paraminfo: { modules: ParamInfoModule[] } };
    const modules = body.paraminfo.modules;
    expect(modules.length).toBeGreaterThan(100);

    for (const { path, classname, group } of modules) {
      expect([classname, resolve(classname)]).toEqual([classname, expect.arrayContaining([path])]);
      if (group !== 'format' && !classname.includes('\\')) {
        expect([classname, builtInResolver(classname)]).toEqual([classname, resolve(classname)]);
      }
    }
  });

  describe('the imported config, served', () => {
    let gw: RunningGateway;

    beforeAll(async () => {
      const { settings, problems } = readComponentSettings(readFileSync(FIXTURE, 'utf8'));
      expect(problems).toEqual([]);
      const resolveModule = await paramInfoResolver(wiki.url, wiki.scriptPath);
      const { config } = importSettings(settings, {
        wikiUrl: wiki.url,
        scriptPath: wiki.scriptPath,
        resolveModule,
      });
      // The YAML the command writes, read back as check-config reads it.
      const written = parse(renderGatewayYaml(config)) as Record<string, unknown>;
      gw = await startGateway(written, {
        MWGATE_SERVICE_READER_PASSWORD: wiki.reader.password,
      });
    });
    afterAll(() => gw?.close());

    const call = (path: string) =>
      fetch(`${gw.url}${wiki.scriptPath}/${path}`, { headers: { authorization: `ApiKey ${KEY}` } });

    it('lets the old key call the module it was allowed, as the service account', async () => {
      const res = await call('api.php?action=opensearch&search=Main&format=json');
      expect(res.status).toBe(200);
      expect(res.headers.get('mediawiki-api-error')).toBeNull();
      expect(Array.isArray(await res.json())).toBe(true);

      // api-request.log: one JSON line per Action API call, with its params and user.
      const calls = readFileSync(join(wiki.dir, 'logs', 'api-request.log'), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line).context)
        .filter((context) => context.params?.action === 'opensearch');
      expect(calls.at(-1)).toMatchObject({
        params: { search: 'Main', assertuser: 'Service reader' },
        performer: { user_text: 'Service reader' },
      });
    });

    it('lets it call the REST prefix it had, now cut at a segment', async () => {
      expect((await call('rest.php/v1/search/page?q=Main&limit=1')).status).toBe(200);
      const refused = await call('rest.php/v1/searchx');
      expect(refused.status).toBe(403);
    });

    it('refuses what the original allowed only by accident: a module off the list', async () => {
      const res = await call('api.php?action=parse&text=x&format=json');
      expect(res.headers.get('mediawiki-api-error')).toBe('service-token-not-allowed');
    });
  });
});
