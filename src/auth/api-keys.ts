import type { RateLimit } from '../limits/rate-limiter';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AddressList } from './cidr';
import type { ActionModuleRule } from '../policy/action-modules';
import type { RestRouteRule } from '../policy/rest-routes';

/** What one API key may do, compiled from its gateway.yaml entry. */
export interface KeyPolicy {
  readonly id: string;
  /** The name of an entry of `accounts`. */
  readonly account: string;
  readonly digest: Buffer;
  readonly allowFrom: AddressList;
  readonly actionModules: ActionModuleRule;
  readonly restRoutes: RestRouteRule;
  readonly issueAppTokens: boolean;
  /** Its token bucket; none: unlimited. */
  readonly rateLimit: RateLimit | undefined;
}

export function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * Finds the key whose digest matches, comparing against every key so that the
 * time taken says nothing about which key, if any, matched.
 */
export function findKey(keys: readonly KeyPolicy[], secret: string): KeyPolicy | undefined {
  const digest = sha256(secret);
  let found: KeyPolicy | undefined;
  for (const key of keys) {
    if (timingSafeEqual(key.digest, digest) && found === undefined) found = key;
  }
  return found;
}
