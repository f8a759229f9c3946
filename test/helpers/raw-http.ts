import { connect } from 'node:net';

export interface RawResponse {
  readonly status: number;
  readonly headers: string;
  readonly body: string;
}

/**
 * Sends bytes exactly as given, for requests that fetch would normalise away
 * (two Authorization lines, a path with `..`, odd header names).
 */
export function rawRequest(url: string, request: string): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    // Write without ending: Node's server aborts a request whose client half-closes.
    const host = hostname.replace(/^\[(.*)\]$/, '$1'); // URL keeps IPv6 brackets
    const socket = connect(Number(port), host, () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const head = text.slice(0, split);
      resolve({
        status: Number(head.split(' ')[1]),
        headers: head,
        body: text.slice(split + 4),
      });
    });
  });
}
