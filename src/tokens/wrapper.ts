import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signed wrapper of the original component ("withIssuer"):
 * base64 of PHP's `json_encode(['verifyCallback' => …, 'token' => …, 'sig' => …])`,
 * where `sig` is hex HMAC-SHA256 of `verifyCallback . token` keyed with the salt.
 */
export interface Wrapper {
  readonly verifyCallback: string;
  readonly token: string;
  readonly sig: string;
}

export function signature(salt: string, verifyCallback: string, token: string): string {
  return createHmac('sha256', Buffer.from(salt, 'utf8'))
    .update(verifyCallback + token, 'utf8')
    .digest('hex');
}

export function encodeWrapper(salt: string, verifyCallback: string, token: string): string {
  const json = phpJsonEncode({
    verifyCallback,
    token,
    sig: signature(salt, verifyCallback, token),
  });
  return Buffer.from(json, 'utf8').toString('base64');
}

/** Decodes a wrapper and says whether its signature holds under `salt`. */
export function decodeWrapper(
  salt: string,
  wrapper: string,
): (Wrapper & { readonly valid: boolean }) | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(wrapper, 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
  const { verifyCallback, token, sig } = (parsed ?? {}) as Partial<Wrapper>;
  if (typeof verifyCallback !== 'string' || typeof token !== 'string' || typeof sig !== 'string') {
    return undefined;
  }
  const expected = Buffer.from(signature(salt, verifyCallback, token), 'utf8');
  const given = Buffer.from(sig, 'utf8');
  const valid = expected.length === given.length && timingSafeEqual(expected, given);
  return { verifyCallback, token, sig, valid };
}

/**
 * JSON as PHP's json_encode writes it with default flags: `/` escaped as `\/`,
 * every non-ASCII character as `\uXXXX` (JSON.stringify leaves both alone);
 * DEL (0x7f) is ASCII and stays raw. Checked against PHP in wrapper-php.test.ts.
 */
export function phpJsonEncode(value: Record<string, string>): string {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(
      /[\u0080-\uffff]/g,
      (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
}
