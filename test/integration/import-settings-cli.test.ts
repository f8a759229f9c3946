import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'local-settings');
const run = promisify(execFile);

/** What the written files need before check-config passes: the variables import-settings named. */
const ENV = {
  MWGATE_WIKI_URL: 'http://127.0.0.1:8081',
  MWGATE_SALT: 'salt-for-the-test',
  WIKI_TOKEN_SALT: 'salt-for-the-test',
  SEARCH_INDEXER_KEY: 'indexer-key-0123456789',
  MWGATE_CHATBOT_SERVICE_USER_PASSWORD: 'p',
  MWGATE_INDEXER_PASSWORD: 'p',
  MWGATE_INTERNAL_SERVICE_USER_PASSWORD: 'p',
};

async function mwgate(args: string[], env: NodeJS.ProcessEnv = {}) {
  try {
    const { stdout, stderr } = await run('node', [CLI, ...args], {
      env: { PATH: process.env.PATH, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('mwgate import-settings', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mwgate-import-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['v1.php', 'v2.php', 'mixed.php'])(
    'writes a gateway.yaml from %s that check-config accepts once the variables are set',
    async (fixture) => {
      const out = join(dir, `${fixture}.yaml`);
      const imported = await mwgate(['import-settings', join(FIXTURES, fixture), '--out', out]);
      expect(imported.code).toBe(0);
      expect(imported.stderr).toMatch(/^warning: /m);

      const checked = await mwgate(['check-config', out], ENV);
      expect(checked).toMatchObject({ code: 0, stderr: '' });
      expect(checked.stdout).toMatch(/: ok \(\d key\(s\)\)/);
    },
  );

  it('writes a config that check-config refuses without the variables, naming each', async () => {
    const out = join(dir, 'unset.yaml');
    await mwgate(['import-settings', join(FIXTURES, 'v1.php'), '--out', out]);
    const checked = await mwgate(['check-config', out]);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain('environment variable MWGATE_SALT is not set');
  });

  it('exits 1 and names the lines of a file it could not read a key from', async () => {
    const imported = await mwgate(['import-settings', join(FIXTURES, 'broken.php')]);
    expect(imported.code).toBe(1);
    expect(imported.stderr).toMatch(/broken\.php: line 3: /);
  });

  it.each([[[]], [['a.php', 'b.php']], [['--wiki']], [['x.php', '--bogus']]])(
    'refuses bad arguments %j with the usage and exit 2',
    async (args) => {
      const result = await mwgate(['import-settings', ...args]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('Usage: mwgate');
    },
  );

  describe('with --wiki', () => {
    let wiki: Server;
    let wikiUrl: string;
    const asked: string[] = [];

    beforeAll(async () => {
      wiki = createServer((req, res) => {
        asked.push(req.url ?? '');
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            paraminfo: {
              modules: [
                { name: 'parse', path: 'parse', classname: 'ApiParse' },
                {
                  name: 'flow',
                  path: 'flow',
                  classname: 'MediaWiki\\Extension\\Flow\\ApiFlowThing',
                },
              ],
            },
          }),
        );
      });
      await new Promise<void>((resolve) => wiki.listen(0, '127.0.0.1', resolve));
      wikiUrl = `http://127.0.0.1:${(wiki.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise((resolve) => wiki.close(resolve)));

    it("resolves extension classes through the wiki's paraminfo", async () => {
      const out = join(dir, 'paraminfo.yaml');
      const args = [
        'import-settings',
        join(FIXTURES, 'mixed.php'),
        '--wiki',
        wikiUrl,
        '--out',
        out,
      ];
      const imported = await mwgate(args);

      expect(imported.code).toBe(0);
      expect(asked).toEqual([
        '/w/api.php?action=paraminfo&modules=*%7Cquery%2B*&format=json&formatversion=2',
      ]);
      expect(imported.stderr).not.toContain('ApiFlowThing');
      const yaml = readFileSync(out, 'utf8');
      expect(yaml).toContain(`url: ${wikiUrl}`);
      expect(yaml).toMatch(/actionModules:\n\s+- parse\n\s+- flow\n/);
    });

    it('falls back to the built-in table when the wiki does not answer', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));

      const imported = await mwgate([
        'import-settings',
        join(FIXTURES, 'v1.php'),
        '--wiki',
        `http://127.0.0.1:${port}`,
      ]);
      expect(imported.code).toBe(0);
      expect(imported.stderr).toContain('using the built-in table of core classes');
      expect(imported.stdout).toMatch(/actionModules:\n\s+- opensearch\n\s+- query\n/);
    });
  });
});
