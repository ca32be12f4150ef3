import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { WirepoolError } from '../common/errors.js';
import type { PacketMeta } from '../common/index.js';
import { DissectSession, dissectFrame, shownTree, type ShownNode } from '../dissect/index.js';
import type { BufferPool } from '../pool/index.js';
import type { PacketSource } from './worker-run.js';

/** Packets read back per step on the way to the one asked for. */
const STEP = 512;
/** Longest run of dissection before the worker looks at its messages again. */
const SLICE_MS = 8;

/** One packet as the detail pane shows it: its tree, and copies of its bytes (the frame, then each extra data source). */
export interface PacketDetail {
  index: number;
  meta: PacketMeta;
  nodes: ShownNode[];
  sources: string[];
  /** [0] the frame's bytes, [i] the data source sources[i - 1]'s (a reassembled datagram…). */
  datas: Uint8Array[];
}

/**
 * One packet's detail tree with the state the run's in-order pass had at that packet (TCP
 * analysis, reassembly, request/response matching: what `wirepool read` and TShark show).
 * Dissectors keep state across packets and do not know a packet they saw before, so a packet
 * dissected again on a session that has moved past it comes out wrong (frame 9 of the sample,
 * an HTTP response, as a TCP out-of-order segment without its HTTP).
 *
 * So the cursor keeps a session of its own that has seen packets 0..next-1, in order: a packet
 * at or after `next` costs the packets in between (the next packet, the usual selection, costs
 * one); one before it starts a fresh session from the first packet. The packets on the way are
 * dissected in slices, so the worker keeps answering meanwhile. The last answer is kept, so
 * asking again for the same packet costs nothing.
 */
export class DetailCursor {
  readonly #pool: BufferPool;
  #session: DissectSession | undefined;
  #next = 0;
  #last: PacketDetail | undefined;
  #closed = false;
  /** One request at a time: each moves the one session on. */
  #queue: Promise<unknown> = Promise.resolve();

  /** `pool`: where the session builds reassembled datagrams (the run's view pool). */
  constructor(pool: BufferPool) {
    this.#pool = pool;
  }

  /**
   * Packet `index` (0-based in the run), read through `read` (the run's packets, read back).
   * `from`: the first packet that can still be read (a capture in memory only lets its oldest
   * packets go): the pass starts there, as if the run had.
   */
  detail(index: number, read: (first: number, count: number) => PacketSource, from = 0): Promise<PacketDetail> {
    const p = this.#queue.then(() => this.#detail(index, read, Math.min(from, index)));
    this.#queue = p.catch(() => {});
    return p;
  }

  /** Lets go of the session's buffers; requests still on their way fail. */
  close(): void {
    this.#closed = true;
    this.#reset();
  }

  async #detail(index: number, read: (first: number, count: number) => PacketSource, from: number): Promise<PacketDetail> {
    this.#check();
    if (this.#last?.index === index) return this.#last;
    if (this.#session === undefined || index < this.#next || this.#next < from) {
      this.#reset();
      this.#session = new DissectSession(this.#pool);
      this.#next = from;
    }
    const session = this.#session;
    try {
      let deadline = performance.now() + SLICE_MS;
      while (this.#next < index) {
        if (performance.now() >= deadline) {
          await nextTurn();
          this.#check();
          deadline = performance.now() + SLICE_MS;
        }
        const first = this.#next;
        const n = Math.min(STEP, index - first);
        read(first, n)((meta, bytes) => void dissectFrame(meta, bytes, session));
        this.#next = first + n;
      }
      let detail: PacketDetail | undefined;
      read(
        index,
        1,
      )((meta, bytes) => {
        const { tree } = dissectFrame(meta, bytes, session);
        detail = {
          index,
          meta: { ...meta },
          nodes: shownTree(tree),
          sources: tree.extraSources.map((x) => x.name),
          datas: [bytes.slice(), ...tree.extraSources.map((x) => x.bytes.slice())],
        };
      });
      this.#next = index + 1;
      if (detail === undefined)
        throw new WirepoolError('ENGINE_REREAD', `packet ${index + 1} could not be read back`, {
          hint: 'the file changed since the run; open it again',
        });
      this.#last = detail;
      return detail;
    } catch (e) {
      // A read that failed part-way left the session between packets: start over next time.
      this.#reset();
      throw e;
    }
  }

  #check(): void {
    if (this.#closed)
      throw new WirepoolError('ENGINE_STALE_RUN', 'packet: the run was replaced while its packet was being read', {
        hint: 'ask again for the current run',
      });
  }

  #reset(): void {
    this.#session?.close();
    this.#session = undefined;
    this.#next = 0;
    this.#last = undefined;
  }
}
