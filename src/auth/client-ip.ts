import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { GatewayError } from '../errors';
import { parseAddress, type Address, type AddressList } from './cidr';

/**
 * The address a request comes from: the socket's, unless the socket is a
 * trusted proxy; then `X-Forwarded-For` read right to left, skipping trusted
 * hops. A malformed hop reached by the walk is refused: only a trusted proxy
 * writes the hops the walk reaches, so garbage there means the chain cannot
 * be believed, and no address of it may stand in for the client's.
 */
export function clientAddress(req: IncomingMessage, trustedProxies: AddressList): Address {
  const socketAddress = peerAddress(req.socket);
  if (socketAddress === undefined) throw new Error('socket without a remote address');
  if (trustedProxies.size === 0 || !trustedProxies.contains(socketAddress)) return socketAddress;

  const hops = forwardedForHops(req);
  let current = socketAddress;
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!trustedProxies.contains(current)) break;
    const hop = parseAddress(hops[i]);
    if (hop === undefined) {
      throw new GatewayError('mwgate-ambiguous-request', 'malformed-forwarded-for');
    }
    current = hop;
  }
  return current;
}

/** Every X-Forwarded-For header line, joined in order, split into hops. */
function forwardedForHops(req: IncomingMessage): string[] {
  const hops: string[] = [];
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i].toLowerCase() !== 'x-forwarded-for') continue;
    for (const hop of raw[i + 1].split(',')) hops.push(hop.trim());
  }
  return hops;
}

/** Parsed peer addresses, one per connection: a kept-alive client sends many requests. */
const peers = new WeakMap<Socket, Address>();

/** The socket's remote address, parsed once per connection. */
export function peerAddress(socket: Socket): Address | undefined {
  let address = peers.get(socket);
  if (address === undefined) {
    address = parseAddress(socket.remoteAddress ?? '');
    if (address !== undefined) peers.set(socket, address);
  }
  return address;
}
