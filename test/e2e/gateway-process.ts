import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify } from 'yaml';

export const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const READY_TIMEOUT_MS = 20_000;

export interface GatewayProcess {
  readonly url: string;
  readonly adminUrl: string;
  stop(): Promise<void>;
}

/**
 * Runs `node dist/cli.js serve --config FILE` as its own process, as an
 * operator would, and waits until /readyz says its accounts are logged in.
 */
export async function spawnGateway(
  dir: string,
  name: string,
  config: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): Promise<GatewayProcess> {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, stringify(config), { mode: 0o600 });
  const child = spawn(process.execPath, [CLI, 'serve', '--config', file], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));

  const ports = await new Promise<{ port: number; adminPort: number }>((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      for (const line of buffered.split('\n')) {
        if (line.includes('"gateway listening"')) resolve(JSON.parse(line));
      }
    });
    child.once('exit', (code) => reject(new Error(`${name} exited ${code}: ${output.join('')}`)));
    const timer = setTimeout(() => reject(new Error(`${name} logged no port`)), READY_TIMEOUT_MS);
    timer.unref();
  }).catch(async (error: unknown) => {
    await stop(child);
    throw error;
  });
  const url = `http://127.0.0.1:${ports.port}`;
  const adminUrl = `http://127.0.0.1:${ports.adminPort}`;
  await waitReady(adminUrl, name);
  return { url, adminUrl, stop: () => stop(child) };
}

async function waitReady(adminUrl: string, name: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const res = await fetch(`${adminUrl}/readyz`).catch(() => undefined);
    if (res?.status === 200) return;
    await sleep(100);
  }
  throw new Error(`${name} did not log its accounts in`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
