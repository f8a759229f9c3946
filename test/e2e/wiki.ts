import { readFileSync } from 'node:fs';

/** Names the wiki.json of the wiki that the e2e global setup started. */
export const WIKI_JSON_ENV = 'MWGATE_E2E_WIKI_JSON';

export interface WikiAccount {
  username: string;
  password: string;
}

/** The wiki.json written by scripts/wiki/create.sh. */
export interface WikiInfo {
  /** Origin of the wiki, e.g. `http://127.0.0.1:PORT` (no trailing slash). */
  url: string;
  /** Entry points are at `${url}${scriptPath}/api.php`, `.../rest.php`, ... */
  scriptPath: string;
  /** Folder holding the wiki's whole state; its logs are in `${dir}/logs`. */
  dir: string;
  /** Pid of the PHP server, also the process group id of its workers. */
  pid: number;
  /** Sysop made by install.php; logs in with its main password. */
  admin: WikiAccount;
  /** Bot password `Service reader@gateway`, grants basic and highvolume. */
  reader: WikiAccount;
  /** Bot password `Service admin@gateway` (bot and sysop), grants editing, delete, protect... */
  writer: WikiAccount;
  /** Ordinary user, for browser-style logins. */
  alice: WikiAccount;
}

export function readWikiInfo(): WikiInfo {
  const file = process.env[WIKI_JSON_ENV];
  if (!file) {
    throw new Error(`${WIKI_JSON_ENV} is not set: the e2e global setup started no wiki`);
  }
  return JSON.parse(readFileSync(file, 'utf8')) as WikiInfo;
}

/** The gateway.yaml `wiki` section for this wiki. */
export function wikiSection(wiki: WikiInfo): { url: string; scriptPath: string } {
  return { url: wiki.url, scriptPath: wiki.scriptPath };
}

/** An `apiKeys` entry of the reader account, from this host only, that may mint app tokens. */
export function issuerKeyEntry(key: string): Record<string, unknown> {
  return { id: 'issuer', key, account: 'reader', allowFrom: ['127.0.0.1'], issueAppTokens: true };
}
