import type { GatewayConfig } from './types';

/** What a reload changes, for its log line; never a secret, only names and ids. */
export interface ConfigChanges {
  readonly keysAdded: string[];
  readonly keysRemoved: string[];
  /** Keys whose secret or account changed; their other rules may have changed too. */
  readonly keysChanged: string[];
  /** Settings the new file changes that take effect only at the next start. */
  readonly needRestart: string[];
}

/**
 * TODO(#5): applying these live needs a second listener, wiki client, forwarder
 * and store beside the running ones, and a drain of the old; until then they
 * wait for a restart, and the reload says so.
 *
 * The config a reload can apply live: `next`, except for what is bound to a
 * socket or a connection pool at start (listeners, the wiki's address and
 * timeout, the token store, the forwarding engine, the worker processes),
 * which keeps its running value.
 */
export function liveConfig(
  current: GatewayConfig,
  next: GatewayConfig,
): { config: GatewayConfig; changes: ConfigChanges } {
  const needRestart = [
    sameJson(current.listen, next.listen) ? '' : 'listen',
    sameJson(current.admin, next.admin) ? '' : 'admin',
    current.wiki.url === next.wiki.url ? '' : 'wiki.url',
    current.wiki.timeoutMs === next.wiki.timeoutMs ? '' : 'wiki.timeoutSeconds',
    sameJson(current.store, next.store) ? '' : 'store',
    current.proxy.engine === next.proxy.engine ? '' : 'proxy.engine',
    current.workers === next.workers ? '' : 'workers',
  ].filter((name) => name !== '');

  const config: GatewayConfig = Object.freeze({
    ...next,
    listen: current.listen,
    admin: current.admin,
    wiki: Object.freeze({ ...next.wiki, url: current.wiki.url, timeoutMs: current.wiki.timeoutMs }),
    store: current.store,
    proxy: current.proxy,
    workers: current.workers,
  });
  return { config, changes: { ...keyChanges(current, next), needRestart } };
}

// TODO(#5): `keysChanged` names a key whose secret or account changed, not one
// whose allow-lists, addresses or limits did: the reload line under-reports.
function keyChanges(current: GatewayConfig, next: GatewayConfig) {
  const before = new Map(current.apiKeys.map((key) => [key.id, key]));
  const after = new Map(next.apiKeys.map((key) => [key.id, key]));
  const keysChanged = [...after.values()]
    .filter((key) => before.has(key.id))
    .filter((key) => {
      const old = before.get(key.id)!;
      return !old.digest.equals(key.digest) || old.account !== key.account;
    })
    .map((key) => key.id);
  return {
    keysAdded: [...after.keys()].filter((id) => !before.has(id)),
    keysRemoved: [...before.keys()].filter((id) => !after.has(id)),
    keysChanged,
  };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
