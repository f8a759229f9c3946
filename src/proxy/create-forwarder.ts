import { createHttpProxyForwarder, type Forwarder, type ForwarderOptions } from './forwarder';
import { createUndiciForwarder } from './undici-forwarder';

/** The forwarding engines `proxy.engine` may name. */
export const ENGINES = ['http-proxy', 'undici'] as const;
export type Engine = (typeof ENGINES)[number];

/** The engine gateway.yaml chose, behind the one Forwarder interface. */
export function createForwarder(engine: Engine, options: ForwarderOptions): Forwarder {
  return engine === 'undici' ? createUndiciForwarder(options) : createHttpProxyForwarder(options);
}
