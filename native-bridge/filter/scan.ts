import { ProtoTree, type FieldInfo } from '../dissect/index.js';
import type { Range } from './ast.js';
import { latin1 } from './values.js';

/**
 * The per-packet index a compiled filter reads: for each field the filter uses (a "slot"),
 * the tree nodes carrying it, in tree order. `load` fills it in one pass over the tree, so a
 * filter with many tests still reads the tree once; the arrays are reused from packet to
 * packet (no allocation once they have grown to the largest packet's needs).
 *
 *   tree.fields:  frame  frame.number … eth  eth.dst eth.addr eth.src eth.addr  ip  ip.src …
 *   head[id] ──▶ slot ──next──▶ slot (same field, another layer restriction) ──▶ -1
 *   occ[slot]:   [node, node, …]   counts[slot]: how many
 *
 * A slot restricted to layers (`ip.src#2`) keeps only nodes whose protocol has been seen that
 * many times so far; it links to the slot of that protocol (`ip`), which comes first in the
 * chain when the node is the protocol itself.
 */
export class SlotTable {
  readonly fields: FieldInfo[] = [];
  readonly layers: (readonly Range[] | undefined)[] = [];
  readonly protoSlots: number[] = [];
  readonly #keys = new Map<string, number>();

  /** The slot of `field` (restricted to `layers`), created on first use. */
  slot(field: FieldInfo, layers?: readonly Range[], protocol?: FieldInfo): number {
    const key = layers ? `${field.id}#${layers.map((r) => `${r.low}-${r.high}`).join(',')}` : String(field.id);
    let s = this.#keys.get(key);
    if (s !== undefined) return s;
    // The protocol's own slot first: its count must be up to date when a layered node is seen.
    const proto = layers && protocol ? this.slot(protocol) : -1;
    s = this.fields.length;
    this.fields.push(field);
    this.layers.push(layers);
    this.protoSlots.push(proto);
    this.#keys.set(key, s);
    return s;
  }

  get size(): number {
    return this.fields.length;
  }
}

/** Up to this many distinct fields, nodes are matched by identity (cheaper than reading ids). */
const BY_IDENTITY = 8;

export class Scan {
  /** The bytes last read as text by `matches`, and that text (this packet only: pooled bytes are reused). */
  #textOf: Uint8Array | undefined;
  #text: string | undefined;
  tree: ProtoTree = new ProtoTree();
  /** tree.values, cached for the hot loops. */
  values: unknown[] = [];
  readonly counts: Int32Array;
  readonly occ: Int32Array[];
  /** The distinct fields read, and the first slot of each (identity matching). */
  readonly #keys: FieldInfo[] = [];
  readonly #first: number[] = [];
  /** Field id → first slot, or -1 (id matching, for filters reading many fields). */
  readonly #head: Int32Array;
  readonly #next: Int32Array;
  readonly #layers: (readonly Range[] | undefined)[];
  readonly #protoSlots: number[];
  /** 1 for a slot that is its field's only slot and has no layer restriction. */
  readonly #simple: Uint8Array;

  constructor(table: SlotTable, fieldCount: number) {
    const n = table.size;
    this.counts = new Int32Array(n);
    this.occ = Array.from({ length: n }, () => new Int32Array(4));
    this.#head = new Int32Array(fieldCount).fill(-1);
    this.#next = new Int32Array(n).fill(-1);
    this.#layers = table.layers;
    this.#protoSlots = table.protoSlots;
    const tail = new Map<number, number>();
    for (let s = 0; s < n; s++) {
      const field = table.fields[s]!;
      const last = tail.get(field.id);
      if (last === undefined) {
        this.#head[field.id] = s;
        this.#keys.push(field);
        this.#first.push(s);
      } else this.#next[last] = s;
      tail.set(field.id, s);
    }
    this.#simple = Uint8Array.from({ length: n }, (_, s) =>
      this.#next[s] === -1 && this.#layers[s] === undefined && this.#head[table.fields[s]!.id] === s ? 1 : 0,
    );
  }

  /**
   * `b` as Latin-1 text for a regular expression, decoded once per packet for the same bytes:
   * `frame matches "a" || frame matches "b" || …` decodes the frame once, not once per test.
   */
  latin1(b: Uint8Array): string {
    const last = this.#textOf;
    if (
      this.#text === undefined ||
      last === undefined ||
      last.buffer !== b.buffer ||
      last.byteOffset !== b.byteOffset ||
      last.length !== b.length
    ) {
      this.#textOf = b;
      this.#text = latin1(b);
    }
    return this.#text;
  }

  load(tree: ProtoTree): void {
    this.tree = tree;
    this.values = tree.values;
    this.#text = undefined;
    const counts = this.counts;
    for (let s = 0; s < counts.length; s++) counts[s] = 0;
    const fields = tree.fields;
    const n = tree.size; // a reused tree's arrays run past its nodes
    const keys = this.#keys;
    const k = keys.length;
    if (k <= BY_IDENTITY) {
      // Field objects differ in shape (optional spec keys), so reading .id is a megamorphic
      // load; comparing references against a handful of fields is several times cheaper.
      const first = this.#first;
      const simple = this.#simple;
      for (let i = 0; i < n; i++) {
        const f = fields[i];
        for (let j = 0; j < k; j++) {
          if (keys[j] !== f) continue;
          const s = first[j]!;
          const c = counts[s]!;
          const occ = this.occ[s]!;
          // The common case inline: one slot for the field, no layers, room left.
          if (simple[s] === 1 && c < occ.length) {
            occ[c] = i;
            counts[s] = c + 1;
          } else this.#record(s, i);
          break;
        }
      }
      return;
    }
    const head = this.#head;
    for (let i = 0; i < n; i++) {
      const id = fields[i]!.id;
      // Fields registered after the filter was compiled are past the end of head: not read.
      const s = id < head.length ? head[id]! : -1;
      if (s >= 0) this.#record(s, i);
    }
  }

  /** Adds node i to slot s and to the other slots of the same field (other layer ranges). */
  #record(s: number, i: number): void {
    const counts = this.counts;
    while (s >= 0) {
      const layers = this.#layers[s];
      if (layers === undefined || inLayers(counts[this.#protoSlots[s]!]!, layers)) {
        const c = counts[s]!;
        let occ = this.occ[s]!;
        if (c === occ.length) {
          const grown = new Int32Array(c * 2);
          grown.set(occ);
          this.occ[s] = occ = grown;
        }
        occ[c] = i;
        counts[s] = c + 1;
      }
      s = this.#next[s]!;
    }
  }
}

function inLayers(layer: number, ranges: readonly Range[]): boolean {
  for (const r of ranges) if (layer >= r.low && layer <= r.high) return true;
  return false;
}
