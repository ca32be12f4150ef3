import type { HostMessage, Request } from '../../../native-bridge/protocol/index.js';

/**
 * The renderer's one link to the host: Electron's MessagePort or serve mode's WebSocket, the
 * same messages either way (native-bridge/protocol/ops.ts). A broken link is reported to
 * subscribers as an `error` message, so the views show it like any other error.
 */
export interface Transport {
  readonly kind: 'electron' | 'websocket';
  send(msg: Request): void;
  /** Calls `listener` for every message from the host; returns the unsubscribe function. */
  subscribe(listener: (msg: HostMessage) => void): () => void;
  close(): void;
}

/** Fan-out to subscribers; shared by both transports. */
export class Listeners {
  readonly #set = new Set<(msg: HostMessage) => void>();

  add(listener: (msg: HostMessage) => void): () => void {
    this.#set.add(listener);
    return () => this.#set.delete(listener);
  }

  emit(msg: HostMessage): void {
    for (const l of this.#set) l(msg);
  }

  error(code: string, message: string, hint?: string): void {
    this.emit({ type: 'error', error: { code, message, ...(hint !== undefined ? { hint } : {}) } });
  }
}
