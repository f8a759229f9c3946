import { createHash, randomBytes } from 'node:crypto';

/** 16 random bytes, written as 32 lowercase hex characters, as the original did. */
const TOKEN_BYTES = 16;
const TOKEN_FORMAT = /^[0-9a-f]{32}$/;

export type TokenKind = 'app' | 'user';

export function newToken(): string {
  return randomBytes(TOKEN_BYTES).toString('hex');
}

export function isTokenFormat(text: string): boolean {
  return TOKEN_FORMAT.test(text);
}

/**
 * The store key of a token: its kind and the SHA-256 of the token, so that a
 * store dump yields no usable token and a user token is never found as an app
 * token.
 */
export function tokenStoreKey(kind: TokenKind, token: string): string {
  return `${kind}:${createHash('sha256').update(token).digest('hex')}`;
}
