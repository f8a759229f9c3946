import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Metrics } from '../observability/metrics';
import { parseConfig, readConfigText } from './load';
import { ConfigError, type GatewayConfig } from './types';

/** What applying a config reports back: plain data for the log line. */
export interface AppliedChanges {
  readonly config: { readonly needRestart: readonly string[] };
}

export interface ConfigReloaderOptions {
  readonly file: string;
  readonly env: NodeJS.ProcessEnv;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** The text the running config was read from. */
  readonly loadedText: string;
  /** Swaps the config in; throws to refuse it (an account that cannot log in). */
  readonly apply: (config: GatewayConfig) => Promise<AppliedChanges>;
}

export type ReloadTrigger = 'signal' | 'file';

/**
 * Re-reads gateway.yaml on SIGHUP (the caller calls `reload`) or when its
 * content changes. One reload at a time; a request for another while one
 * runs is served once it ends. A config with problems is refused with the
 * messages of `check-config`, and the running one stays.
 */
export class ConfigReloader {
  private running: Promise<void> = Promise.resolve();
  private digest: string;
  private watchingMs = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ConfigReloaderOptions) {
    this.digest = digestOf(options.loadedText);
  }

  /** Resolves once this reload (and any before it) has ended, whatever its result. */
  reload(trigger: ReloadTrigger): Promise<void> {
    this.running = this.running.then(() => this.reloadOnce(trigger));
    return this.running;
  }

  /**
   * Reads the file every `intervalMs` (0: not at all) and reloads when its
   * bytes changed. Reading, not `fs.watch`, sees editors' renames, Kubernetes'
   * symlink swaps and writes within one mtime tick alike; the file is small.
   */
  watch(intervalMs: number): void {
    if (intervalMs === this.watchingMs) return;
    this.stop();
    this.watchingMs = intervalMs;
    if (intervalMs === 0) return;
    this.timer = setInterval(() => void this.reload('file'), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.watchingMs = 0;
  }

  private async reloadOnce(trigger: ReloadTrigger): Promise<void> {
    const { file, env, logger, metrics } = this.options;
    let config: GatewayConfig;
    let text: string;
    try {
      text = readConfigText(file);
      // The same bytes are no change; bytes already refused are refused once, not every poll.
      if (trigger === 'file' && digestOf(text) === this.digest) return;
      this.digest = digestOf(text);
      config = parseConfig(text, file, env);
    } catch (error) {
      this.refuse(trigger, error);
      return;
    }

    try {
      const changes = await this.options.apply(config);
      metrics.reloads.inc({ result: 'ok' });
      metrics.lastReloadOk.set(1);
      logger.info({ trigger, file, ...changes }, 'config reloaded');
      if (changes.config.needRestart.length > 0) {
        const settings = changes.config.needRestart;
        logger.warn({ settings }, 'config change needs a restart to apply');
      }
    } catch (error) {
      this.refuse(trigger, error);
      return;
    }
    this.watch(config.reload.watchMs);
  }

  private refuse(trigger: ReloadTrigger, error: unknown): void {
    const { file, logger, metrics } = this.options;
    metrics.reloads.inc({ result: 'failed' });
    metrics.lastReloadOk.set(0);
    const problems =
      error instanceof ConfigError ? error.problems : [(error as Error).message ?? String(error)];
    logger.error({ trigger, file, problems }, 'config reload refused');
  }
}

function digestOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
