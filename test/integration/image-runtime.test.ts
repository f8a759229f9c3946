import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);
/** npm ci from the local cache, which the repository's own `npm ci` filled. */
const NPM_CI_TIMEOUT_MS = 180_000;

/**
 * No container engine runs here, so the Dockerfile's runtime stage is replayed
 * in a folder: its production install, the dist of the build stage, and its
 * entry command. It proves that nothing the gateway needs at run time is a
 * dev dependency.
 */
describe('the runtime stage of deploy/Dockerfile, replayed without an engine', () => {
  const dockerfile = readFileSync(join(ROOT, 'deploy', 'Dockerfile'), 'utf8');
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mwgate-runtime-'));
    for (const file of ['package.json', 'package-lock.json'])
      cpSync(join(ROOT, file), join(dir, file));
    const install = /^RUN (npm ci [^&\n]+)/m.exec(runtime)?.[1].trim().split(/\s+/) ?? [];
    expect(install).toEqual(['npm', 'ci', '--omit=dev', '--ignore-scripts']);
    await run(install[0], [...install.slice(1), '--offline', '--no-audit', '--no-fund'], {
      cwd: dir,
      timeout: NPM_CI_TIMEOUT_MS,
    });
    cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
  }, NPM_CI_TIMEOUT_MS);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('installs no dev dependency', () => {
    const devDependencies = Object.keys(require('../../package.json').devDependencies);
    expect(devDependencies.filter((name) => existsSync(join(dir, 'node_modules', name)))).toEqual(
      [],
    );
  });

  it('runs the entry command with production dependencies only', async () => {
    const entrypoint = JSON.parse(/^ENTRYPOINT (\[.*\])$/m.exec(runtime)?.[1] ?? '[]') as string[];
    const [file, ...args] = entrypoint;
    const env = {
      PATH: process.env.PATH,
      MWGATE_SALT: 'dummy-salt',
      MWGATE_READER_PASSWORD: 'dummy',
      MWGATE_ADMIN_PASSWORD: 'dummy',
      MWGATE_CHATBOT_KEY: 'dummy-key-0123456789',
    };
    const config = join(ROOT, 'deploy', 'compose', 'gateway.yaml');
    const { stdout } = await run(file, [...args, 'check-config', config], { cwd: dir, env });
    expect(stdout).toContain(': ok (1 key(s))');
  });
});
