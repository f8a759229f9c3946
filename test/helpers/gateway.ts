import { Writable } from 'node:stream';
import { stringify } from 'yaml';
import { parseConfig } from '../../src/config/load';
import { createGateway, type Gateway } from '../../src/http/server';
import type { Logger } from 'pino';
import { createLogger } from '../../src/observability/logger';
import { Metrics } from '../../src/observability/metrics';

export interface RunningGateway {
  readonly url: string;
  readonly adminUrl: string;
  readonly gateway: Gateway;
  /** Every JSON log line the gateway wrote. */
  readonly logs: Record<string, unknown>[];
  readonly logger: Logger;
  readonly metrics: Metrics;
  close(): Promise<void>;
}

/** Starts a gateway on port 0 from a config object (YAML rules and validation apply). */
export async function startGateway(
  config: Record<string, unknown>,
  env: NodeJS.ProcessEnv = {},
): Promise<RunningGateway> {
  const full = {
    listen: { host: '127.0.0.1', port: 0 },
    admin: { host: '127.0.0.1', port: 0 },
    ...config,
  };
  const parsed = parseConfig(stringify(full), 'test config', env);
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() !== '') logs.push(JSON.parse(line));
      }
      done();
    },
  });
  const logger = createLogger('debug', sink);
  const metrics = new Metrics();
  const gateway = createGateway({ config: parsed, logger, metrics });
  const { port, adminPort } = await gateway.listen();
  await gateway.loggedIn;
  return {
    url: `http://127.0.0.1:${port}`,
    adminUrl: `http://127.0.0.1:${adminPort}`,
    gateway,
    logs,
    logger,
    metrics,
    close: () => gateway.close(),
  };
}
