import { grown } from '../common/index.js';
import { performance } from 'node:perf_hooks';
import {
  DissectSession,
  type FrameViewer,
  ProtoTree,
  countDisplayedOnly,
  dissectFrame,
  frameDisplayed,
  setFrameViewer,
} from '../dissect/index.js';
import type { CompiledFilter } from '../filter/index.js';
import type { BufferPool } from '../pool/index.js';
import type { PacketSource } from './worker-run.js';

/** Packets read back per step: enough to make the read's set-up cheap, few enough to stay responsive. */
const STEP = 512;

/**
 * A display filter over a run's store: the packets it passes, found by dissecting every packet
 * of the run again, in order, on a session of its own (so stream state and reassembly are what
 * `wirepool read -Y` sees), reading their bytes back from the run's file. It works in slices
 * (`step`), so the worker answers the UI meanwhile; packets that arrive later (a replay still
 * going, a live capture) are filtered as the view catches up.
 */
export class FilterView {
  readonly viewId: number;
  readonly text: string;
  readonly #filter: CompiledFilter;
  /** One tree for every packet, keeping only the nodes the filter reads. */
  readonly #tree: ProtoTree;
  readonly #session: DissectSession;
  #matches = new Uint32Array(1024);
  #displayed = 0;
  #scanned = 0;

  /** `viewer`: the list's marks and time references, as the filter sees them (frame.marked). */
  constructor(viewId: number, text: string, filter: CompiledFilter, pool: BufferPool, viewer?: FrameViewer) {
    this.viewId = viewId;
    this.text = text;
    this.#filter = filter;
    this.#tree = new ProtoTree({ summary: true, keep: filter.fields });
    // Each packet once, in order: the session keeps nothing per frame for revisits.
    this.#session = new DissectSession(pool, { revisits: false });
    // frame.time_delta_displayed counts from the frames this filter passes, as `wirepool read -Y`.
    countDisplayedOnly(this.#session);
    if (viewer !== undefined) setFrameViewer(this.#session, viewer);
  }

  /** Packets the filter has looked at (store indexes 0..scanned-1). */
  get scanned(): number {
    return this.#scanned;
  }

  get displayed(): number {
    return this.#displayed;
  }

  /** The store index of displayed row r. */
  index(r: number): number {
    return this.#matches[r]!;
  }

  /** Filters packets from `scanned` on, up to store index `until` or until `deadline` (performance.now() ms). */
  step(read: (first: number, count: number) => PacketSource, until: number, deadline: number): void {
    while (this.#scanned < until && performance.now() < deadline) {
      const first = this.#scanned;
      const n = Math.min(STEP, until - first);
      read(
        first,
        n,
      )((meta, bytes) => {
        const d = dissectFrame(meta, bytes, this.#session, this.#tree);
        if (this.#filter.matches(d.tree)) {
          frameDisplayed(this.#session, meta);
          this.#push(meta.number - 1);
        }
      });
      this.#scanned = first + n;
    }
  }

  /** Lets go of the buffers its session holds (reassembled datagrams): the filter has seen the whole run, or was replaced. */
  close(): void {
    this.#session.close();
  }

  #push(i: number): void {
    this.#matches = grown(this.#matches, this.#displayed + 1);
    this.#matches[this.#displayed++] = i;
  }
}
