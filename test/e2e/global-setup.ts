import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WIKI_JSON_ENV } from './wiki';
import { freePort } from '../helpers/free-port';

export const WIKI_SCRIPTS = join(__dirname, '..', '..', 'scripts', 'wiki');

/** Key on globalThis where global-teardown finds the folder of the wiki started here. */
export const WIKI_DIR_KEY = '__mwgateE2eWikiDir';

/** The one field of jest's GlobalConfig used here. */
interface GlobalConfig {
  testPathPattern?: string;
}

/**
 * Starts one throw-away MediaWiki for the whole run, when an e2e test will run.
 * Failures throw with the script's output: the run must fail, never skip the e2e tests.
 */
export default async function globalSetup(globalConfig: GlobalConfig): Promise<void> {
  // Integration tests of the shared store need Debian's redis-server.
  runScript('../install-redis.sh');
  if (!e2eTestsSelected(globalConfig.testPathPattern ?? '')) return;
  runScript('install-packages.sh');
  const dir = mkdtempSync(join(tmpdir(), 'mwgate-e2e-wiki-'));
  try {
    runScript('create.sh', dir, String(await freePort()));
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  process.env[WIKI_JSON_ENV] = join(dir, 'wiki.json');
  (globalThis as Record<string, unknown>)[WIKI_DIR_KEY] = dir;
}

/** Whether jest will run a test under test/e2e (it matches the pattern on absolute paths). */
function e2eTestsSelected(testPathPattern: string): boolean {
  const pattern = new RegExp(testPathPattern, 'i');
  return readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts'))
    .some((file) => pattern.test(join(__dirname, file)));
}

export function runScript(name: string, ...args: string[]): string {
  try {
    return execFileSync('bash', [join(WIKI_SCRIPTS, name), ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 10 * 60_000,
    });
  } catch (err) {
    const e = err as {
      status?: number | null;
      signal?: string | null;
      stdout?: string;
      stderr?: string;
    };
    const how = e.signal ? `signal ${e.signal}` : `exit ${e.status}`;
    throw new Error(
      `${name} ${args.join(' ')} failed (${how}):\n${e.stdout ?? ''}${e.stderr ?? ''}`,
    );
  }
}
