import { RpcClient, type RpcHandlers } from '../ipc/ipc-rpc';
import type { TokenKind } from './token';
import type { TokenRecord, TokenStore } from './store';

/**
 * The memory store shared by the workers of one host: it lives in the cluster
 * primary, and each worker reaches it over IPC, so a token minted in one
 * worker is found by every other, and single use holds across them.
 */
export class IpcTokenStore implements TokenStore {
  constructor(private readonly rpc: RpcClient) {}

  async put(kind: TokenKind, token: string, record: TokenRecord, ttlSeconds: number) {
    await this.rpc.call('tokens.put', kind, token, record, ttlSeconds);
  }

  get(kind: TokenKind, token: string) {
    return this.rpc.call<TokenRecord | undefined>('tokens.get', kind, token);
  }

  take(kind: TokenKind, token: string) {
    return this.rpc.call<TokenRecord | undefined>('tokens.take', kind, token);
  }

  async close() {
    this.rpc.close();
  }
}

/** The primary's handlers for the workers' store calls. */
export function tokenStoreHandlers(store: TokenStore): RpcHandlers {
  return {
    'tokens.put': (kind, token, record, ttlSeconds) => store.put(kind, token, record, ttlSeconds),
    'tokens.get': (kind, token) => store.get(kind, token),
    'tokens.take': (kind, token) => store.take(kind, token),
  };
}
