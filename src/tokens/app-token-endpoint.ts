import type { GatewayConfig } from '../config/types';
import { resolveKey, stillIssuable } from '../auth/principal';
import type { Address } from '../auth/cidr';
import type { Credential } from '../auth/credentials';
import { GatewayError } from '../errors';
import type { TokenStore } from './store';
import { isTokenFormat, newToken } from './token';
import { encodeWrapper } from './wrapper';

export interface AppTokenGrant {
  readonly keyId: string;
  readonly account: string;
  readonly body: { readonly value: string };
}

/**
 * `GET …/rest.php/mws/v1/app-token/generate`: only a key with
 * `issueAppTokens` gets a token; the original let anyone who could read the
 * wiki mint one. The answer is the original's signed wrapper.
 */
export async function generateAppToken(
  credential: Credential | undefined,
  client: Address,
  config: GatewayConfig,
  tokens: TokenStore,
): Promise<AppTokenGrant> {
  if (credential?.scheme !== 'ApiKey') {
    throw new GatewayError('mwgate-app-tokens-not-allowed', 'app-token-needs-key');
  }
  const key = resolveKey(credential.secret, client, config);
  const account = config.appTokens.account;
  if (!key.issueAppTokens || account === undefined) {
    throw new GatewayError('mwgate-app-tokens-not-allowed', 'key-may-not-issue');
  }

  const token = newToken();
  await tokens.put('app', token, { account, issuer: key.id }, config.appTokens.ttlSeconds);
  const verifyCallback = `${config.wiki.scriptPath}/rest.php`;
  return {
    keyId: key.id,
    account,
    body: { value: encodeWrapper(config.salt, verifyCallback, token) },
  };
}

/** `GET …/app-token/verify/{token}`: `{"wiki", "app": true}` as the original, or undefined. */
export async function verifyAppToken(
  token: string,
  tokens: TokenStore,
  wikiId: () => Promise<string>,
  config: GatewayConfig,
): Promise<Record<string, unknown> | undefined> {
  if (!isTokenFormat(token)) return undefined;
  const record = await tokens.get('app', token);
  if (record?.account === undefined) return undefined;
  if (!stillIssuable(record.account, record.issuer, config)) return undefined;
  return { wiki: await wikiId(), app: true };
}
