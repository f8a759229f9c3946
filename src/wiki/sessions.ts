import type { Logger } from 'pino';
import { AccountSession, type AccountCredentials } from './account-session';
import type { WikiClient } from './wiki-client';

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;

export interface SessionsOptions {
  readonly accounts: Readonly<Record<string, AccountCredentials>>;
  readonly wiki: WikiClient;
  readonly logger: Logger;
  readonly checkIntervalMs: number;
}

/**
 * Every service account's session: logged in at start (retrying with backoff
 * until the wiki lets them in), checked periodically, ready when all are.
 */
export class Sessions {
  private readonly sessions = new Map<string, AccountSession>();
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: SessionsOptions) {
    this.logger = options.logger;
    for (const [name, credentials] of Object.entries(options.accounts)) {
      this.sessions.set(name, new AccountSession(name, credentials, options.wiki, this.logger));
    }
  }

  get(name: string): AccountSession {
    const session = this.sessions.get(name);
    if (session === undefined) throw new Error(`no account named "${name}"`);
    return session;
  }

  get ready(): boolean {
    for (const session of this.sessions.values()) if (!session.ready) return false;
    return true;
  }

  /** Logs every account in, in the background; resolves once all are in. */
  start(): Promise<void> {
    const logins = [...this.sessions.values()].map((session) => this.loginUntilIn(session));
    this.timer = setInterval(() => this.checkAll(), this.options.checkIntervalMs);
    this.timer.unref();
    return Promise.all(logins).then(() => undefined);
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  private async loginUntilIn(session: AccountSession): Promise<void> {
    let delayMs = FIRST_RETRY_MS;
    while (!this.stopped) {
      try {
        await session.login();
        return;
      } catch (error) {
        this.logger.error({ account: session.name, err: error, retryMs: delayMs }, 'login failed');
        await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
        delayMs = Math.min(delayMs * 2, MAX_RETRY_MS);
      }
    }
  }

  private checkAll(): void {
    for (const session of this.sessions.values()) {
      if (!session.ready) continue; // still in loginUntilIn
      session.check().catch((error: unknown) => {
        this.logger.error({ account: session.name, err: error }, 'session check failed');
      });
    }
  }
}
