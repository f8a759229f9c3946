import { GatewayError } from '../errors';

/** A credential the gateway owns: it is checked here and never reaches the wiki. */
export type Credential =
  | { readonly scheme: 'ApiKey'; readonly secret: string }
  | { readonly scheme: 'AppToken'; readonly secret: string };

export interface CredentialOptions {
  /** `appTokens.acceptBearer`: read `Bearer <token>` as an app token. */
  readonly acceptBearer: boolean;
}

const AUTHORIZATION = 'authorization';
/** RFC 7235 token68, which every key and token of ours fits. */
const TOKEN68 = /^[A-Za-z0-9._~+/-]+=*$/;

/**
 * Reads the gateway credential from the raw headers, or returns undefined when
 * the request carries none (it then passes through untouched).
 *
 * Node keeps only the first of two Authorization headers in `req.headers`;
 * PHP may keep another. Reading the raw list is the only way to see both.
 */
export function readCredential(
  rawHeaders: readonly string[],
  options: CredentialOptions,
): Credential | undefined {
  const values = authorizationValues(rawHeaders);
  if (values.length === 0) return undefined;
  if (values.length > 1) throw new GatewayError('mwgate-duplicate-authorization');

  const value = values[0];
  if (value.includes(',') && listsGatewayScheme(value, options)) {
    throw new GatewayError('mwgate-malformed-credential', 'authorization-list');
  }
  const space = value.indexOf(' ');
  const scheme = space === -1 ? value : value.slice(0, space);
  const kind = gatewayScheme(scheme, options);
  if (kind === undefined) return undefined;

  // Exactly one space, then one token68: no padding, no list, nothing empty.
  const secret = space === -1 ? '' : value.slice(space + 1);
  if (!TOKEN68.test(secret)) throw new GatewayError('mwgate-malformed-credential');
  return { scheme: kind, secret };
}

function authorizationValues(rawHeaders: readonly string[]): string[] {
  const values: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i].toLowerCase() === AUTHORIZATION) values.push(rawHeaders[i + 1]);
  }
  return values;
}

/** `Bearer x, ApiKey k`: a list in which any element names a gateway scheme. */
function listsGatewayScheme(value: string, options: CredentialOptions): boolean {
  return value.split(',').some((item) => {
    const scheme = item.trim().split(' ')[0];
    return gatewayScheme(scheme, options) !== undefined;
  });
}

/**
 * Schemes are case-insensitive (RFC 7235). The original component matched
 * `ApiKey` exactly; accepting `apikey` too keeps such a key from reaching the
 * wiki as an anonymous request.
 */
function gatewayScheme(
  scheme: string,
  options: CredentialOptions,
): Credential['scheme'] | undefined {
  switch (scheme.toLowerCase()) {
    case 'apikey':
      return 'ApiKey';
    case 'apptoken':
      return 'AppToken';
    case 'bearer':
      return options.acceptBearer ? 'AppToken' : undefined;
    default:
      return undefined;
  }
}
