import type { Address } from '../auth/cidr';
import type { GatewayConfig } from '../config/types';
import { GatewayError } from '../errors';
import type { Sessions } from '../wiki/sessions';
import type { WikiClient } from '../wiki/wiki-client';
import type { TokenStore, UserInfo } from './store';
import { newToken, isTokenFormat } from './token';
import { askWikiUser } from './wiki-user';
import { readWithIssuer } from './with-issuer';
import { encodeWrapper } from './wrapper';

export interface UserTokenDeps {
  readonly tokens: TokenStore;
  readonly wiki: WikiClient;
  readonly sessions: Sessions;
}

/** Who asked for a user token: the account of a credential, or a browser's wiki session. */
export interface TokenCaller {
  /** The account of the request's gateway credential, already checked. */
  readonly account: string | undefined;
  readonly client: Address;
  /** The request's own Cookie header ('' when none). */
  readonly cookie: string;
}

export type EndpointAnswer = {
  readonly status: number;
  readonly body: unknown;
  readonly reason: string;
  readonly account?: string;
};

/**
 * `GET …/user-token/generate?withIssuer=`: a token for whoever the caller is.
 * A credential's account is asked of the wiki with the account's own session;
 * anyone else with the request's own cookies, so the wiki alone says who that is.
 */
export async function generateUserToken(
  caller: TokenCaller,
  query: string,
  config: GatewayConfig,
  deps: UserTokenDeps,
): Promise<EndpointAnswer> {
  const withIssuer = readWithIssuer(query);
  if (!withIssuer.ok) return { status: 400, body: withIssuer.body, reason: 'bad-with-issuer' };

  const account = caller.account;
  if (account === undefined && caller.cookie === '' && !config.userTokens.allowAnonymous) {
    throw new GatewayError('mwgate-login-required', 'anonymous-user-token');
  }
  const { user, wikiId } =
    account === undefined
      ? await askWikiUser(deps.wiki, caller.cookie)
      : await askAsAccount(account, deps);
  if (user.anon && !config.userTokens.allowAnonymous) {
    throw new GatewayError('mwgate-login-required', 'anonymous-user-token');
  }

  // An anonymous user is named by the address the gateway computed; the wiki sees only the gateway.
  const named: UserInfo = user.anon ? { ...user, username: caller.client.toString() } : user;
  const token = newToken();
  await deps.tokens.put(
    'user',
    token,
    { user: named, wiki: wikiId, account },
    config.userTokens.ttlSeconds,
  );
  const value = withIssuer.value
    ? encodeWrapper(config.salt, `${config.wiki.scriptPath}/rest.php`, token)
    : token;
  return { status: 200, body: { value }, reason: 'user-token-issued', account };
}

/** `GET …/user-token/verify/{token}`: the original's user fields, or undefined. */
export async function verifyUserToken(
  token: string,
  config: GatewayConfig,
  tokens: TokenStore,
): Promise<Record<string, unknown> | undefined> {
  if (!isTokenFormat(token)) return undefined;
  const record = config.userTokens.singleUse
    ? await tokens.take('user', token)
    : await tokens.get('user', token);
  const user = record?.user;
  if (user === undefined) return undefined;

  return {
    username: user.username,
    real_name: user.real_name,
    id: user.id,
    wiki_id: record?.wiki ?? '',
    lang_code: user.lang_code,
    groups: user.groups,
    // PHP's json_encode writes an empty array as [], a keyed one as an object.
    meta: user.anon ? { anon: true } : [],
  };
}

/**
 * Who the account's session is to the wiki. A credential's token names its
 * account, never an anonymous user: a session the wiki has dropped is logged
 * in again once (shared with other waiters), and a second anonymous answer is
 * a lost session, not an anonymous caller.
 */
async function askAsAccount(account: string, deps: UserTokenDeps) {
  if (!deps.sessions.ready) throw new GatewayError('mwgate-not-ready', 'not-ready');
  const session = deps.sessions.get(account);
  const generation = session.generation;
  const first = await askWikiUser(deps.wiki, session.cookieHeader());
  if (!first.user.anon) return first;

  await session.renew(generation);
  const second = await askWikiUser(deps.wiki, session.cookieHeader());
  if (second.user.anon) throw new GatewayError('mwgate-session-lost', 'session-lost');
  return second;
}
