import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

/** The built command line: the tests run what an operator runs. */
export const DIST_CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

const START_TIMEOUT_MS = 20_000;
const POLL_MS = 50;

export interface ChildGateway {
  readonly process: ChildProcess;
  readonly configFile: string;
  readonly url: string;
  readonly adminUrl: string;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** The JSON lines of stdout so far. */
  logs(): Record<string, unknown>[];
  /** Rewrites the config file (a reload picks it up on SIGHUP or by polling). */
  writeConfig(config: Record<string, unknown>): void;
  /** Resolves with the first log line that `match` accepts. */
  waitForLog(match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills the process if it still runs, removes the config folder. */
  stop(): Promise<void>;
}

/** Runs `node dist/cli.js serve --config FILE` with `config` as YAML, ports 0 unless given. */
export async function spawnGateway(
  config: Record<string, unknown>,
  env: NodeJS.ProcessEnv = {},
): Promise<ChildGateway> {
  if (!existsSync(DIST_CLI)) throw new Error(`${DIST_CLI} is missing: npm run build first`);
  const dir = mkdtempSync(join(tmpdir(), 'mwgate-child-'));
  const configFile = join(dir, 'gateway.yaml');
  const withPorts = (value: Record<string, unknown>) => ({
    listen: { host: '127.0.0.1', port: 0 },
    admin: { host: '127.0.0.1', port: 0 },
    ...value,
  });
  writeFileSync(configFile, stringify(withPorts(config)));

  const child = spawn(process.execPath, [DIST_CLI, 'serve', '--config', configFile], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let all = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    all += chunk.toString('utf8');
  });
  child.stderr!.on('data', (chunk: Buffer) => (all += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );

  const logs = () =>
    stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  const waitForLog = async (match: (line: Record<string, unknown>) => boolean) => {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const found = logs().find(match);
      if (found) return found;
      if (child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    throw new Error(`no such log line; the gateway wrote:\n${all}`);
  };

  const listening = await waitForLog((line) => line.msg === 'gateway listening');
  const adminUrl = `http://127.0.0.1:${listening.adminPort}`;
  await waitForLog((line) => line.msg === 'service account logged in');
  while ((await fetch(`${adminUrl}/readyz`)).status !== 200) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }

  return {
    process: child,
    configFile,
    url: `http://127.0.0.1:${listening.port}`,
    adminUrl,
    output: () => all,
    logs,
    writeConfig: (next) => writeFileSync(configFile, stringify(withPorts(next))),
    waitForLog,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
