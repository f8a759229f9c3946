import type { Worker } from 'node:cluster';
import type { TokenKind } from './token';
import type { TokenRecord, TokenStore } from './store';

/**
 * The memory store shared by the workers of one host: it lives in the cluster
 * primary, and each worker reaches it over the IPC channel, so a token minted
 * in one worker is found by every other.
 */

const REQUEST = 'mwgate-token-store';
const REPLY = 'mwgate-token-store-reply';

type StoreRequest =
  | {
      type: typeof REQUEST;
      id: number;
      op: 'put';
      kind: TokenKind;
      token: string;
      record: TokenRecord;
      ttlSeconds: number;
    }
  | { type: typeof REQUEST; id: number; op: 'get'; kind: TokenKind; token: string };

interface StoreReply {
  type: typeof REPLY;
  id: number;
  record?: TokenRecord;
  error?: string;
}

/** A worker's side: each call is a message to the primary, answered by id. */
export class IpcTokenStore implements TokenStore {
  private nextId = 0;
  private readonly pending = new Map<number, (reply: StoreReply) => void>();

  constructor(private readonly channel: NodeJS.Process = process) {
    channel.on('message', (message: StoreReply) => {
      if (message?.type !== REPLY) return;
      this.pending.get(message.id)?.(message);
      this.pending.delete(message.id);
    });
  }

  async put(kind: TokenKind, token: string, record: TokenRecord, ttlSeconds: number) {
    await this.call({
      type: REQUEST,
      id: ++this.nextId,
      op: 'put',
      kind,
      token,
      record,
      ttlSeconds,
    });
  }

  async get(kind: TokenKind, token: string) {
    return (await this.call({ type: REQUEST, id: ++this.nextId, op: 'get', kind, token })).record;
  }

  async close() {
    this.pending.clear();
  }

  private call(request: StoreRequest): Promise<StoreReply> {
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, (reply) => {
        if (reply.error === undefined) resolve(reply);
        else reject(new Error(`token store: ${reply.error}`));
      });
      this.channel.send?.(request, undefined, undefined, (error: Error | null) => {
        if (error === null) return;
        this.pending.delete(request.id);
        reject(error);
      });
    });
  }
}

/** The primary's side: answers one worker's store calls from the one real store. */
export function serveTokenStore(worker: Worker, store: TokenStore): void {
  worker.on('message', (message: StoreRequest) => {
    if (message?.type !== REQUEST) return;
    const done =
      message.op === 'put'
        ? store.put(message.kind, message.token, message.record, message.ttlSeconds)
        : store.get(message.kind, message.token);
    Promise.resolve(done).then(
      (record) => reply(worker, { type: REPLY, id: message.id, record: record ?? undefined }),
      (error: unknown) => reply(worker, { type: REPLY, id: message.id, error: String(error) }),
    );
  });
}

function reply(worker: Worker, message: StoreReply): void {
  // A worker that died meanwhile has no one left waiting for the answer.
  if (worker.isConnected()) worker.send(message);
}
