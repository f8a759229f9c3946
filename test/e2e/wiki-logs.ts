import { openSync, readSync, closeSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** One Action API call as the wiki's api-request channel recorded it. */
export interface ApiRequestEntry {
  readonly userAgent: string | undefined;
  readonly user: string | undefined;
  readonly params: Readonly<Record<string, string>>;
  /** The API error codes of the answer, empty when it succeeded. */
  readonly errorCodes: readonly string[];
}

/** One rest.php request as the wiki's own shutdown hook recorded it. */
export interface RestEntry {
  readonly method: string;
  readonly uri: string;
  readonly status: number;
  readonly user: string | null;
}

/** Reads the JSON lines a log file gains from the moment this follower was made. */
class JsonLineFollower {
  private offset: number;
  private partial = '';

  constructor(private readonly file: string) {
    this.offset = existsSync(file) ? statSync(file).size : 0;
  }

  /** Every complete line written since the last call, parsed. */
  next(): Record<string, any>[] {
    if (!existsSync(this.file)) return [];
    const size = statSync(this.file).size;
    if (size <= this.offset) return [];
    const buffer = Buffer.alloc(size - this.offset);
    const fd = openSync(this.file, 'r');
    try {
      readSync(fd, buffer, 0, buffer.length, this.offset);
    } finally {
      closeSync(fd);
    }
    this.offset = size;
    const lines = (this.partial + buffer.toString('utf8')).split('\n');
    this.partial = lines.pop() ?? '';
    return lines.filter((line) => line.trim() !== '').map((line) => JSON.parse(line));
  }
}

const POLL_MS = 25;

/**
 * What the wiki itself says it ran: api-request.log (params as the modules
 * read them, the performing user, the User-Agent) and rest.log (method, raw
 * URI, status, user), both written by the wiki, not by the gateway.
 */
export class WikiLogs {
  private readonly api: JsonLineFollower;
  private readonly rest: JsonLineFollower;
  private readonly apiSeen: ApiRequestEntry[] = [];
  private readonly restSeen: RestEntry[] = [];

  constructor(wikiDir: string) {
    this.api = new JsonLineFollower(join(wikiDir, 'logs', 'api-request.log'));
    this.rest = new JsonLineFollower(join(wikiDir, 'logs', 'rest.log'));
  }

  /** The Action API calls sent with this User-Agent, waiting up to `waitMs` for one. */
  async apiCalls(userAgent: string, waitMs: number): Promise<ApiRequestEntry[]> {
    return this.poll(waitMs, () => {
      for (const line of this.api.next()) {
        const context = line.context ?? {};
        this.apiSeen.push({
          userAgent: context.http?.request_headers?.['user-agent'],
          user: context.performer?.user_text,
          params: context.params ?? {},
          errorCodes: context.api_error_codes ?? [],
        });
      }
      return this.apiSeen.filter((entry) => entry.userAgent === userAgent);
    });
  }

  /** The rest.php requests whose raw URI holds `marker`, waiting up to `waitMs` for one. */
  async restCalls(marker: string, waitMs: number): Promise<RestEntry[]> {
    return this.poll(waitMs, () => {
      for (const line of this.rest.next()) this.restSeen.push(line.context as RestEntry);
      return this.restSeen.filter((entry) => entry.uri.includes(marker));
    });
  }

  private async poll<T>(waitMs: number, read: () => T[]): Promise<T[]> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const found = read();
      if (found.length > 0 || Date.now() >= deadline) return found;
      await sleep(POLL_MS);
    }
  }
}
