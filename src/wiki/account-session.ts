import type { Logger } from 'pino';
import { CookieJar } from './cookie-jar';
import type { WikiClient } from './wiki-client';

/** A gateway.yaml `accounts` entry: a wiki account's bot password. */
export interface AccountCredentials {
  /** `Name@appid`, as Special:BotPasswords shows it. */
  readonly username: string;
  readonly password: string;
}

export class LoginError extends Error {
  readonly code = 'MWGATE_LOGIN_FAILED';
  constructor(
    readonly account: string,
    readonly result: string,
  ) {
    super(`account "${account}" could not log in: ${result}`);
  }
}

/** Told of every login attempt's end, for the login metrics. */
export type LoginListener = (account: string, kind: LoginKind, result: 'ok' | 'failed') => void;

/** `login`: the first of this session (or of new credentials); `relogin`: after a lost session. */
export type LoginKind = 'login' | 'relogin';

/**
 * One service account's wiki session: logs in with its bot password, keeps
 * the cookies, and logs in again (once, shared by every caller waiting) when
 * asked to.
 */
export class AccountSession {
  private readonly jar = new CookieJar();
  private loggingIn: Promise<void> | undefined;
  private loggedIn = false;
  private everLoggedIn = false;

  constructor(
    readonly name: string,
    private readonly credentials: AccountCredentials,
    private readonly wiki: WikiClient,
    private readonly logger: Logger,
    private readonly onLogin: LoginListener = () => undefined,
  ) {}

  /** The wiki user name this account acts as (`Service user` of `Service user@gateway`). */
  get userName(): string {
    return this.credentials.username.slice(0, this.credentials.username.lastIndexOf('@'));
  }

  get ready(): boolean {
    return this.loggedIn;
  }

  cookieHeader(): string {
    return this.jar.cookieHeader();
  }

  /** Takes the cookies the wiki set on a response to a swapped request. */
  absorb(setCookies: readonly string[]): void {
    if (setCookies.length > 0) this.jar.absorb(setCookies);
  }

  /** Logs in; concurrent callers share one attempt. */
  login(): Promise<void> {
    const kind: LoginKind = this.everLoggedIn ? 'relogin' : 'login';
    this.loggingIn ??= this.loginOnce(kind)
      .then(
        () => this.onLogin(this.name, kind, 'ok'),
        (error: unknown) => {
          this.onLogin(this.name, kind, 'failed');
          throw error;
        },
      )
      .finally(() => {
        this.loggingIn = undefined;
      });
    return this.loggingIn;
  }

  /** Asks the wiki who this session is; logs in again when it is no longer the account. */
  async check(): Promise<void> {
    const answer = await this.wiki.api(
      { action: 'query', meta: 'userinfo' },
      { cookie: this.cookieHeader() },
    );
    const userinfo = (answer.body.query as { userinfo?: { id?: number } } | undefined)?.userinfo;
    if (!userinfo?.id) {
      this.logger.warn({ account: this.name }, 'service session lost');
      this.loggedIn = false;
      await this.login();
    }
  }

  private async loginOnce(kind: LoginKind): Promise<void> {
    this.jar.clear();
    const tokenAnswer = await this.wiki.api({ action: 'query', meta: 'tokens', type: 'login' });
    this.jar.absorb(tokenAnswer.setCookies);
    const tokens = (tokenAnswer.body.query as { tokens?: { logintoken?: string } } | undefined)
      ?.tokens;
    if (!tokens?.logintoken) throw new LoginError(this.name, 'no login token');

    const answer = await this.wiki.api(
      {
        action: 'login',
        lgname: this.credentials.username,
        lgpassword: this.credentials.password,
        lgtoken: tokens.logintoken,
      },
      { post: true, cookie: this.cookieHeader() },
    );
    this.jar.absorb(answer.setCookies);
    const result = (answer.body.login as { result?: string; reason?: string } | undefined) ?? {};
    if (result.result !== 'Success') {
      this.loggedIn = false;
      throw new LoginError(this.name, result.reason ?? result.result ?? 'no login result');
    }

    this.loggedIn = true;
    this.everLoggedIn = true;
    const message =
      kind === 'relogin' ? 'service account logged in again' : 'service account logged in';
    this.logger.info({ account: this.name, user: this.userName }, message);
  }
}
