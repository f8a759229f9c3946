import type { GatewayConfig } from '../config/types';
import { GatewayError } from '../errors';
import type { Principal } from '../policy/decide';
import { isTokenFormat } from '../tokens/token';
import type { TokenStore } from '../tokens/store';
import { findKey, type KeyPolicy } from './api-keys';
import type { Address } from './cidr';
import type { Credential } from './credentials';

/**
 * Who a credential acts as. Unknown keys and unknown, expired or mistyped
 * tokens get the same 401, whatever the cause; a known key from an address
 * outside its `allowFrom` gets 403.
 */
export async function resolvePrincipal(
  credential: Credential,
  client: Address,
  config: GatewayConfig,
  tokens: TokenStore,
): Promise<Principal> {
  if (credential.scheme === 'ApiKey') {
    const key = resolveKey(credential.secret, client, config);
    return { kind: 'api-key', key, account: key.account };
  }

  const record = isTokenFormat(credential.secret)
    ? await tokens.get('app', credential.secret)
    : undefined;
  if (record?.account === undefined) {
    throw new GatewayError('mwgate-invalid-credential', 'unknown-app-token');
  }
  if (!stillIssuable(record.account, record.issuer, config)) {
    throw new GatewayError('mwgate-invalid-credential', 'revoked-app-token');
  }
  return { kind: 'app-token', account: record.account, issuer: record.issuer };
}

/**
 * Whether the config in force would still mint this token: its key still
 * exists and may issue app tokens, and app tokens still act as its account.
 * A reload that removes or narrows either revokes the tokens already out.
 */
export function stillIssuable(
  account: string,
  issuer: string | undefined,
  config: GatewayConfig,
): boolean {
  if (config.appTokens.account !== account) return false;
  return config.apiKeys.some((key) => key.id === issuer && key.issueAppTokens);
}

export function resolveKey(secret: string, client: Address, config: GatewayConfig): KeyPolicy {
  const key = findKey(config.apiKeys, secret);
  if (key === undefined) throw new GatewayError('mwgate-invalid-credential', 'unknown-key');
  if (!key.allowFrom.contains(client)) {
    throw new GatewayError('mwgate-address-not-allowed', 'address-not-allowed');
  }
  return key;
}
