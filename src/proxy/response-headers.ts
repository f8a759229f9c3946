import type { IncomingHttpHeaders, ServerResponse } from 'node:http';

/**
 * Readies the wiki's response headers for the client, in place, the same for
 * every engine: the wiki's Connection speaks of the gateway's socket, not the
 * client's, so the client is told what Node agreed with it (a `close` from the
 * wiki would otherwise leave the client's socket hanging open); on a swapped
 * request the Set-Cookie lines go to the jar and never reach the client.
 */
export function adaptResponseHeaders(
  headers: IncomingHttpHeaders,
  res: ServerResponse,
  absorbCookies: ((lines: string[]) => void) | undefined,
): void {
  delete headers['keep-alive'];
  headers.connection = res.shouldKeepAlive ? 'keep-alive' : 'close';
  if (absorbCookies === undefined) return;

  // Node gives a list; undici gives a string when the wiki sent one line.
  const lines: string | string[] | undefined = headers['set-cookie'];
  delete headers['set-cookie'];
  if (lines !== undefined) absorbCookies(typeof lines === 'string' ? [lines] : lines);
}
