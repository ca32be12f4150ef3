import { BufferPool } from '../../pool/index.js';

/** The keys protocols keep their capture-wide state under: a misspelt key does not compile. */
export type SessionStateKey =
  | 'ip.reassembly'
  | 'icmp.echo'
  | 'udp.conversations'
  | 'tcp.conversations'
  | 'dns.transactions'
  | 'http.conversations'
  | 'tls.sessions';

/**
 * State that lives across the packets of one capture: IP fragment tables, TCP stream
 * numbering and sequence analysis, DNS transaction matching. Frames must be dissected in
 * capture order on a session for this state to be right (the engine's first pass does).
 */
export class DissectSession {
  /** Where reassembled datagrams are built (64 KiB datagrams use the large tier). */
  readonly pool: BufferPool;
  readonly #state = new Map<SessionStateKey, unknown>();

  constructor(pool: BufferPool = new BufferPool()) {
    this.pool = pool;
  }

  /** The state object a protocol keeps under `key`, created by `init` on first use. */
  state<T>(key: SessionStateKey, init: () => T): T {
    let s = this.#state.get(key) as T | undefined;
    if (s === undefined) {
      s = init();
      this.#state.set(key, s);
    }
    return s;
  }

  /**
   * Lets go of the pooled buffers the protocols' state holds (reassembled and half-reassembled
   * datagrams): the pass over the capture is over. State that holds such buffers has a
   * `close()`; the session is not used after.
   */
  close(): void {
    for (const s of this.#state.values()) {
      const close = (s as { close?: unknown }).close;
      if (typeof close === 'function') close.call(s);
    }
    this.#state.clear();
  }
}
