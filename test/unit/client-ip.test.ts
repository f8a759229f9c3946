import type { IncomingMessage } from 'node:http';
import { AddressList } from '../../src/auth/cidr';
import { clientAddress } from '../../src/auth/client-ip';

/** Just what clientAddress reads of a request: the socket and the raw headers. */
function request(socket: string, ...forwardedFor: string[]): IncomingMessage {
  const rawHeaders = forwardedFor.flatMap((value) => ['X-Forwarded-For', value]);
  return { socket: { remoteAddress: socket }, rawHeaders } as unknown as IncomingMessage;
}

const proxies = new AddressList(['127.0.0.1', '10.0.0.0/8']);
const none = new AddressList([]);

describe('clientAddress', () => {
  it.each([
    ['203.0.113.9', [], none, '203.0.113.9'],
    ['203.0.113.9', ['10.1.2.3'], none, '203.0.113.9'],
    ['203.0.113.9', ['10.1.2.3'], proxies, '203.0.113.9'],
    ['::ffff:10.1.2.3', [], none, '10.1.2.3'],
    ['::1', [], none, '::1'],
    ['127.0.0.1', [], proxies, '127.0.0.1'],
    ['127.0.0.1', ['198.51.100.1'], proxies, '198.51.100.1'],
    ['::ffff:127.0.0.1', ['198.51.100.1'], proxies, '198.51.100.1'],
    ['127.0.0.1', ['198.51.100.1, 10.0.0.2, 10.0.0.1'], proxies, '198.51.100.1'],
    ['127.0.0.1', ['192.0.2.7, 198.51.100.1, 10.0.0.1'], proxies, '198.51.100.1'],
    ['127.0.0.1', ['192.0.2.7', '198.51.100.1, 10.0.0.1'], proxies, '198.51.100.1'],
    ['127.0.0.1', ['garbage, 198.51.100.1'], proxies, '198.51.100.1'],
    ['127.0.0.1', ['::ffff:10.1.2.3'], new AddressList(['127.0.0.1']), '10.1.2.3'],
    ['127.0.0.1', ['10.0.0.3, 10.0.0.2'], proxies, '10.0.0.3'],
  ])('from %p with X-Forwarded-For %j is %p', (socket, xff, trusted, expected) => {
    expect(clientAddress(request(socket, ...xff), trusted).toString()).toBe(expected);
  });

  it.each([['198.51.100.1, garbage'], ['1.2.3.4:80'], ['unknown'], ['']])(
    'refuses the malformed hop in %p that the walk reaches',
    (xff) => {
      expect(() => clientAddress(request('127.0.0.1', xff), proxies)).toThrow(
        expect.objectContaining({ status: 400, reason: 'malformed-forwarded-for' }),
      );
    },
  );
});
