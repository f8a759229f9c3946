/** Keys allowed from one network each, for the client-address tests. */
export const INSIDE_KEY = 'inside-key-0123456789abcdef01';
export const LOOPBACK_KEY = 'loopback-key-0123456789abcdef';

/** `extra` for startWorld: the two keys, opensearch only, and these trusted proxies. */
export function addressWorld(trustedProxies: string[], extra: Record<string, unknown> = {}) {
  return {
    trustedProxies,
    apiKeys: [
      {
        id: 'inside',
        key: INSIDE_KEY,
        account: 'reader',
        allowFrom: ['10.0.0.0/8'],
        actionModules: ['opensearch'],
      },
      {
        id: 'loopback',
        key: LOOPBACK_KEY,
        account: 'reader',
        allowFrom: ['127.0.0.1/32'],
        actionModules: ['opensearch'],
      },
    ],
    ...extra,
  };
}
