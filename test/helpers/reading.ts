import { decodeWrapper } from '../../src/tokens/wrapper';
import { ISSUER_KEY, NARROW_KEY, SALT, type World } from '../integration/setup';
import { rawRequest, type RawResponse } from './raw-http';

/** One request written out byte for byte, with the narrow key K unless told otherwise. */
export interface RawCall {
  readonly method?: string;
  readonly target: string;
  /** Header lines, `Name: value`; Authorization is added unless one is given. */
  readonly headers?: readonly string[];
  readonly body?: string;
}

export interface Outcome {
  readonly res: RawResponse;
  /** The requests the stub wiki received while this one was handled. */
  readonly received: World['wiki']['received'];
}

/** Sends a call through the gateway as raw bytes and reports what reached the wiki. */
export async function send(world: World, call: RawCall, url = world.gw.url): Promise<Outcome> {
  const headers = [...(call.headers ?? [])];
  if (!headers.some((line) => /^authorization:/i.test(line))) {
    headers.push(`Authorization: ApiKey ${NARROW_KEY}`);
  }
  if (call.body !== undefined) {
    headers.push(`Content-Length: ${Buffer.byteLength(call.body, 'latin1')}`);
  }
  const head = [`${call.method ?? 'GET'} ${call.target} HTTP/1.1`, 'Host: wiki', ...headers];
  const text = `${head.join('\r\n')}\r\nConnection: close\r\n\r\n${call.body ?? ''}`;

  const before = world.wiki.received.length;
  const res = await rawRequest(url, text);
  return { res, received: world.wiki.received.slice(before) };
}

/** Asserts a refusal with this status and code that never reached the wiki. */
export function expectRefused(outcome: Outcome, status: number, code?: string): void {
  expect(outcome.res.status).toBe(status);
  if (code !== undefined) expect(outcome.res.body).toContain(`"${code}"`);
  expect(outcome.received).toHaveLength(0);
}

/** Asserts the request was granted and reached the wiki exactly once. */
export function expectForwarded(outcome: Outcome): World['wiki']['received'][number] {
  expect(outcome.res.status).toBe(200);
  expect(outcome.received).toHaveLength(1);
  return outcome.received[0];
}

/** A fresh app token, minted with the issuer key at the gateway's own endpoint. */
export async function mintAppToken(world: World): Promise<string> {
  const res = await fetch(`${world.gw.url}/w/rest.php/mws/v1/app-token/generate`, {
    headers: { authorization: `ApiKey ${ISSUER_KEY}` },
  });
  const body = (await res.json()) as { value: string };
  const token = decodeWrapper(SALT, body.value)?.token;
  if (token === undefined) throw new Error('the gateway minted no app token');
  return token;
}

/** A multipart body with one field per [disposition, value], boundary `XyZ`. */
export function multipart(parts: ReadonlyArray<readonly [string, string]>): string {
  const lines = parts.map(([disposition, value]) => {
    return `--XyZ\r\nContent-Disposition: ${disposition}\r\n\r\n${value}\r\n`;
  });
  return `${lines.join('')}--XyZ--\r\n`;
}

export const MULTIPART_TYPE = 'Content-Type: multipart/form-data; boundary=XyZ';
