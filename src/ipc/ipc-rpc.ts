import type { Worker } from 'node:cluster';

/**
 * Calls from a cluster worker to the primary over the IPC channel, answered
 * by id. The primary holds what all workers must share (the memory token
 * store, the rate-limit buckets); each worker reaches it through a client.
 */

const REQUEST = 'mwgate-rpc';
const REPLY = 'mwgate-rpc-reply';

interface RpcRequest {
  readonly type: typeof REQUEST;
  readonly id: number;
  readonly method: string;
  readonly args: readonly unknown[];
}

interface RpcReply {
  readonly type: typeof REPLY;
  readonly id: number;
  readonly result?: unknown;
  readonly error?: string;
}

/** What the primary answers: a method name to an async function. */
export type RpcHandlers = Readonly<Record<string, (...args: any[]) => Promise<unknown>>>;

/** A worker's side of the channel. */
export class RpcClient {
  private nextId = 0;
  private readonly pending = new Map<number, (reply: RpcReply) => void>();

  constructor(private readonly channel: NodeJS.Process = process) {
    channel.on('message', (message: RpcReply) => {
      if (message?.type !== REPLY) return;
      this.pending.get(message.id)?.(message);
      this.pending.delete(message.id);
    });
  }

  call<T>(method: string, ...args: unknown[]): Promise<T> {
    const request: RpcRequest = { type: REQUEST, id: ++this.nextId, method, args };
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, (reply) => {
        if (reply.error === undefined) resolve(reply.result as T);
        else reject(new Error(`${method} in the primary: ${reply.error}`));
      });
      this.channel.send?.(request, undefined, undefined, (error: Error | null) => {
        if (error === null) return;
        this.pending.delete(request.id);
        reject(error);
      });
    });
  }

  close(): void {
    this.pending.clear();
  }
}

/** The primary's side: answers one worker's calls from the handlers. */
export function serveRpc(worker: Worker, handlers: RpcHandlers): void {
  worker.on('message', (message: RpcRequest) => {
    if (message?.type !== REQUEST) return;
    const handler = handlers[message.method];
    const done = handler
      ? handler(...message.args)
      : Promise.reject(new Error(`no method ${message.method}`));
    done.then(
      (result) => reply(worker, { type: REPLY, id: message.id, result: result ?? undefined }),
      (error: unknown) => reply(worker, { type: REPLY, id: message.id, error: String(error) }),
    );
  });
}

function reply(worker: Worker, message: RpcReply): void {
  // A worker that died meanwhile has no one left waiting for the answer.
  if (worker.isConnected()) worker.send(message);
}
