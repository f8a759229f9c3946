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
  const cookie = account === undefined ? caller.cookie : sessionCookie(account, deps.sessions);
  if (cookie === '' && !config.userTokens.allowAnonymous) {
    throw new GatewayError('mwgate-login-required', 'anonymous-user-token');
  }
  const { user, wikiId } = await askWikiUser(deps.wiki, cookie);
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

function sessionCookie(account: string, sessions: Sessions): string {
  if (!sessions.ready) throw new GatewayError('mwgate-not-ready', 'not-ready');
  return sessions.get(account).cookieHeader();
}
