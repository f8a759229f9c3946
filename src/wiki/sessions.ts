import type { Logger } from 'pino';
import { AccountSession, type AccountCredentials, type LoginListener } from './account-session';
import type { WikiClient } from './wiki-client';

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;

type Accounts = Readonly<Record<string, AccountCredentials>>;

export interface SessionsOptions {
  readonly accounts: Accounts;
  readonly wiki: WikiClient;
  readonly logger: Logger;
  readonly checkIntervalMs: number;
  /** Told of every login's end (metrics). */
  readonly onLogin?: LoginListener;
}

/** What a reload changes in the accounts, by name. */
export interface AccountChanges {
  readonly added: string[];
  readonly removed: string[];
  readonly changed: string[];
}

/**
 * Every service account's session: logged in at start (retrying with backoff
 * until the wiki lets them in), checked periodically, ready when all are.
 */
export class Sessions {
  private sessions = new Map<string, AccountSession>();
  /** Sessions of accounts a reload removed: requests judged before it still find them. */
  private retired = new Map<string, AccountSession>();
  private accounts: Accounts;
  private checkIntervalMs: number;
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: SessionsOptions) {
    this.logger = options.logger;
    this.accounts = options.accounts;
    this.checkIntervalMs = options.checkIntervalMs;
    for (const [name, credentials] of Object.entries(options.accounts)) {
      this.sessions.set(name, this.newSession(name, credentials));
    }
  }

  get(name: string): AccountSession {
    const session = this.sessions.get(name) ?? this.retired.get(name);
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
    this.startTimer();
    return Promise.all(logins).then(() => undefined);
  }

  /** Stops checking and retrying. Logs nothing out: the sessions simply expire on the wiki. */
  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  /**
   * Logs in the accounts that `accounts` adds or whose credentials it changes,
   * once each, without touching the sessions in use. Throws if one cannot log
   * in; else returns a commit that swaps the sessions synchronously, so that
   * the caller swaps its config in the same tick.
   */
  async prepare(
    accounts: Accounts,
    checkIntervalMs: number,
  ): Promise<{ changes: AccountChanges; commit: () => void }> {
    const changes: AccountChanges = { added: [], removed: [], changed: [] };
    const next = new Map<string, AccountSession>();
    for (const [name, credentials] of Object.entries(accounts)) {
      const old = this.accounts[name];
      const same = old?.username === credentials.username && old.password === credentials.password;
      if (same) {
        next.set(name, this.get(name));
        continue;
      }
      (old === undefined ? changes.added : changes.changed).push(name);
      next.set(name, this.newSession(name, credentials));
    }
    changes.removed.push(...Object.keys(this.accounts).filter((name) => !(name in accounts)));

    const fresh = [...changes.added, ...changes.changed].map((name) => next.get(name)!);
    await Promise.all(fresh.map((session) => session.login()));

    const commit = () => {
      this.retired = new Map(changes.removed.map((name) => [name, this.get(name)]));
      this.sessions = next;
      this.accounts = accounts;
      if (checkIntervalMs !== this.checkIntervalMs) {
        this.checkIntervalMs = checkIntervalMs;
        clearInterval(this.timer);
        this.startTimer();
      }
    };
    return { changes, commit };
  }

  private newSession(name: string, credentials: AccountCredentials): AccountSession {
    return new AccountSession(
      name,
      credentials,
      this.options.wiki,
      this.logger,
      this.options.onLogin,
    );
  }

  private startTimer(): void {
    if (this.stopped) return;
    this.timer = setInterval(() => this.checkAll(), this.checkIntervalMs);
    this.timer.unref();
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
