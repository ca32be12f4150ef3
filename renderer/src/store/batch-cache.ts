import type { BatchPacket, BatchView } from '../../../native-bridge/batch/index.js';
import type { RowsResult } from '../../../native-bridge/protocol/index.js';

/** What a rows reply says of its rows besides the batch: the times they count from, marks, references. */
export type RowExtras = Pick<RowsResult, 'bases' | 'marked' | 'refs'>;

interface Held {
  id: number;
  view: BatchView;
  first: number;
  bytes: number;
  /** (sec, nsec) pairs by slot, when the rows were asked with a time base. */
  bases: number[] | undefined;
  marked: ReadonlySet<number>;
  refs: ReadonlySet<number>;
}

/**
 * The row batches the renderer holds: whole batch buffers (as the host sent them, never
 * copied), least recently used first out once they exceed the memory budget. Row → batch is
 * two typed arrays (batch id, slot in the batch), so looking a row up costs no allocation; a
 * row whose batch was let go reads as missing and is asked for again.
 */
export class BatchCache {
  readonly budget: number;
  /** Map iteration order is the LRU order: touched entries move to the end. */
  readonly #held = new Map<number, Held>();
  #nextId = 1;
  #bytes = 0;
  #cap = 0;
  /** Batch id holding each row, 0 = none. */
  #batchOf = new Uint32Array(0);
  #slotOf = new Uint32Array(0);
  evictions = 0;

  constructor(budget: number) {
    this.budget = budget;
  }

  /** Bytes of batch buffers held now. */
  get bytes(): number {
    return this.#bytes;
  }

  get batches(): number {
    return this.#held.size;
  }

  /** Holds a batch for rows first..first+view.count-1, then trims to the budget (never the new batch). */
  put(first: number, view: BatchView, extras: RowExtras = {}): void {
    const end = first + view.count;
    if (end > this.#cap) this.#grow(end);
    const id = this.#nextId++;
    const bytes = view.buffer.byteLength;
    this.#held.set(id, { id, view, first, bytes, bases: extras.bases, marked: new Set(extras.marked), refs: new Set(extras.refs) });
    this.#bytes += bytes;
    for (let i = 0; i < view.count; i++) {
      this.#batchOf[first + i] = id;
      this.#slotOf[first + i] = i;
    }
    for (const old of this.#held.values()) {
      if (this.#bytes <= this.budget) break;
      if (old.id !== id) this.#evict(old);
    }
  }

  has(row: number): boolean {
    return row < this.#cap && this.#batchOf[row] !== 0;
  }

  /** The packet bytes of `row` (a view into its batch), marking the batch recently used; undefined when not held. */
  data(row: number): Uint8Array | undefined {
    const held = this.#find(row);
    return held === undefined ? undefined : held.view.data(this.#slotOf[row]!);
  }

  /**
   * Row `row`'s frame number, times and lengths, marking the batch recently used (the list
   * draws a row whose text it decoded before from this alone); undefined when not held.
   */
  packet(row: number): BatchPacket | undefined {
    const held = this.#find(row);
    return held === undefined ? undefined : held.view.packet(this.#slotOf[row]!);
  }

  /** The time row `row`'s Time column counts from (as the engine answered), undefined when not held or not asked. */
  base(row: number): { sec: number; nsec: number } | undefined {
    const held = this.#find(row);
    const b = held?.bases;
    if (b === undefined) return undefined;
    const slot = this.#slotOf[row]!;
    return { sec: b[2 * slot]!, nsec: b[2 * slot + 1]! };
  }

  /** Whether row `row`'s frame is marked, and whether it is a time reference (false when not held). */
  marked(row: number): boolean {
    const held = this.#find(row);
    return held?.marked.has(this.#slotOf[row]!) === true;
  }

  isRef(row: number): boolean {
    const held = this.#find(row);
    return held?.refs.has(this.#slotOf[row]!) === true;
  }

  /** Row `row`'s frame number, or undefined when not held. */
  number(row: number): number | undefined {
    return this.packet(row)?.number;
  }

  /** The batch holding `row`, moved to the recent end of the LRU order. */
  #find(row: number): Held | undefined {
    if (row >= this.#cap) return undefined;
    const id = this.#batchOf[row]!;
    if (id === 0) return undefined;
    const held = this.#held.get(id)!;
    this.#held.delete(id);
    this.#held.set(id, held);
    return held;
  }

  clear(): void {
    this.#held.clear();
    this.#bytes = 0;
    this.#cap = 0;
    this.#batchOf = new Uint32Array(0);
    this.#slotOf = new Uint32Array(0);
  }

  #evict(held: Held): void {
    this.#held.delete(held.id);
    this.#bytes -= held.bytes;
    this.evictions++;
    for (let i = 0; i < held.view.count; i++) {
      const r = held.first + i;
      // A later batch (a refetch) may hold the row now.
      if (this.#batchOf[r] === held.id) this.#batchOf[r] = 0;
    }
  }

  #grow(need: number): void {
    let cap = Math.max(1024, this.#cap * 2);
    while (cap < need) cap *= 2;
    const b = new Uint32Array(cap);
    b.set(this.#batchOf);
    const s = new Uint32Array(cap);
    s.set(this.#slotOf);
    this.#batchOf = b;
    this.#slotOf = s;
    this.#cap = cap;
  }
}
