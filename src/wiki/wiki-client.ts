import { Pool } from 'undici';

/** The gateway's own calls to the wiki's Action API, through undici. */
export interface WikiClient {
  /** Calls api.php with `format=json&formatversion=2`; POSTs the params when asked. */
  api(params: Record<string, string>, options?: ApiCallOptions): Promise<ApiAnswer>;
  close(): Promise<void>;
}

export interface ApiCallOptions {
  readonly cookie?: string;
  readonly post?: boolean;
}

export interface ApiAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly setCookies: readonly string[];
}

export interface WikiClientOptions {
  readonly url: string;
  readonly scriptPath: string;
  readonly timeoutMs: number;
}

/** More than one login at a time per account is pointless: few connections are enough. */
const POOL_CONNECTIONS = 4;

export function createWikiClient(options: WikiClientOptions): WikiClient {
  const origin = new URL(options.url).origin;
  const pool = new Pool(origin, {
    connections: POOL_CONNECTIONS,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });
  const apiPath = `${options.scriptPath}/api.php`;

  async function api(params: Record<string, string>, call: ApiCallOptions = {}) {
    const form = new URLSearchParams({ ...params, format: 'json', formatversion: '2' }).toString();
    const headers: Record<string, string> = { 'user-agent': 'mwgate' };
    if (call.cookie) headers.cookie = call.cookie;
    if (call.post) headers['content-type'] = 'application/x-www-form-urlencoded';

    const response = await pool.request({
      method: call.post ? 'POST' : 'GET',
      path: call.post ? apiPath : `${apiPath}?${form}`,
      headers,
      body: call.post ? form : undefined,
    });
    const text = await response.body.text();
    return {
      status: response.statusCode,
      body: parseJsonObject(text),
      setCookies: toList(response.headers['set-cookie']),
    };
  }

  return { api, close: () => pool.close() };
}

function parseJsonObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object') return value as Record<string, unknown>;
  } catch {
    // Fall through: the wiki answered with something that is not the API.
  }
  throw new Error(`the wiki answered with no JSON object: ${text.slice(0, 120)}`);
}

function toList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
