import type { FieldInfo } from './fields.js';
import type { Tvb } from './tvb.js';

/**
 * A packet's detail tree, flat: node i has a field, a byte range in a data source (the frame, or
 * a buffer such as a reassembled datagram: `sources`), a parent (-1
 * for the root) and a value. Flat arrays keep a dissection cheap to build and to scan (the
 * filter engine looks fields up by id), and the byte ranges link tree and hex view.
 *
 * A tree may be reused for the next frame (`reset`, what `dissectFrame`'s `into` does): its
 * arrays keep their capacity, so a one-pass reader allocates none per frame. The arrays may then
 * hold stale entries past `size`: read nodes below `size` only.
 *
 * A tree made with `{ summary: true }` keeps no nodes at all (Wireshark's dissection with a NULL
 * tree): `add` returns -1 and the setters do nothing, so a reader that wants only the summary
 * columns pays for no tree. Decoders skip work that only feeds the tree when `building` is false.
 * With `keep`, it keeps the nodes of those fields alone (Wireshark primes a filter's fields the
 * same way): what a display filter reads, without the rest.
 */
export class ProtoTree {
  /** Whether the whole tree is built, texts and all (false: a summary-only dissection). */
  readonly building: boolean;
  /** In a summary-only tree: the fields whose nodes are kept (by field id: 1 keep), for a display filter. */
  readonly #keep: Uint8Array | undefined;

  /**
   * `summary`: keep no node but those of the fields in `keep` (their ids), with no node texts:
   * enough for the summary columns, and for a display filter or `-e` fields that read only those.
   */
  constructor(options: { summary?: boolean; keep?: readonly number[] } = {}) {
    this.building = options.summary !== true;
    if (!this.building && options.keep !== undefined && options.keep.length > 0) {
      const keep = new Uint8Array(Math.max(...options.keep) + 1);
      for (const id of options.keep) keep[id] = 1;
      this.#keep = keep;
    }
  }

  readonly fields: FieldInfo[] = [];
  readonly starts: number[] = [];
  readonly lengths: number[] = [];
  readonly parents: number[] = [];
  readonly values: unknown[] = [];
  /** Display text overriding the default `Name: value` rendering (Wireshark's proto_item_set_text). */
  readonly texts: (string | undefined)[] = [];
  /** Data source of each node's byte range: 0 the frame, i > 0 `extraSources[i - 1]`. */
  readonly sources: number[] = [];
  /** Buffers other than the frame that nodes point into (e.g. "Reassembled IPv4"). */
  readonly extraSources: { name: string; bytes: Uint8Array }[] = [];
  /** The frame's bytes (a view, not a copy; set by dissectFrame): what a protocol's value is in a display filter (`frame contains "GET"`). */
  bytes: Uint8Array = new Uint8Array(0);

  #size = 0;

  /** The number of nodes. */
  get size(): number {
    return this.#size;
  }

  /** Whether a node of `field` would be kept: a decoder may skip making a value nobody keeps. */
  wants(field: FieldInfo): boolean {
    return this.building || this.#keep?.[field.id] === 1;
  }

  /**
   * Whether a node of any of `fields` would be kept: a decoder whose walk over a payload only
   * adds such nodes (a JSON body's members) may skip the walk when none would be.
   */
  wantsAny(fields: Iterable<FieldInfo>): boolean {
    if (this.building) return true;
    if (this.#keep === undefined) return false;
    for (const field of fields) if (this.#keep[field.id] === 1) return true;
    return false;
  }

  /** Whether `other` keeps the nodes of the same fields as this tree (see `DissectSession.checkTree`). */
  keepsSameAs(other: ProtoTree): boolean {
    if (other === this || (this.building && other.building)) return true;
    if (this.building !== other.building) return false;
    const a = this.#keep;
    const b = other.#keep;
    if (a === undefined || b === undefined) return a === b;
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return false;
    return true;
  }

  /** Empties the tree for another frame's `bytes`, keeping the arrays' capacity. */
  reset(bytes: Uint8Array): void {
    this.#size = 0;
    this.extraSources.length = 0;
    this.bytes = bytes;
  }

  /** Adds a node for `field` at `offset`/`length` of `tvb` (frame-relative range), under `parent`. */
  add(parent: number, field: FieldInfo, tvb: Tvb, offset: number, length: number, value?: unknown, text?: string): number {
    if (!this.building && this.#keep?.[field.id] !== 1) return -1;
    const i = this.#size++;
    this.fields[i] = field;
    this.starts[i] = tvb.base + offset;
    this.lengths[i] = Math.max(0, length);
    this.parents[i] = parent;
    this.values[i] = value;
    this.texts[i] = text;
    this.sources[i] = tvb.source;
    return i;
  }

  /** Registers a buffer built during dissection as a data source; returns its number for `new Tvb(bytes, 0, n)`. */
  addSource(name: string, bytes: Uint8Array): number {
    this.extraSources.push({ name, bytes });
    return this.extraSources.length;
  }

  /**
   * Drops the nodes from `size` on, and the data sources from `sources` on (a layer that asked
   * TCP for more bytes took back what it had added: Wireshark removes a layer that consumed nothing).
   */
  truncate(size: number, sources = this.extraSources.length): void {
    this.#size = size;
    this.fields.length = size;
    this.starts.length = size;
    this.lengths.length = size;
    this.parents.length = size;
    this.values.length = size;
    this.texts.length = size;
    this.sources.length = size;
    this.extraSources.length = Math.min(sources, this.extraSources.length);
  }

  /**
   * The top of the tree `node` is in (Wireshark's proto_tree_get_root): the frame's node, or -1
   * in a tree that keeps no nodes. A decoder that hands its payload to the top level whatever
   * tree it was given (UDP) passes this as the parent.
   */
  root(node: number): number {
    let r = node;
    // Parents come before their children, so the climb ends within `node` steps.
    while (r >= 0 && this.parents[r]! >= 0) r = this.parents[r]!;
    return r;
  }

  /** Sets a node's length once it is known (a protocol whose header length is read later). */
  setLength(node: number, length: number): void {
    if (node >= 0) this.lengths[node] = Math.max(0, length);
  }

  setText(node: number, text: string): void {
    if (node >= 0) this.texts[node] = text;
  }

  /** Indices of the nodes carrying `field`, in tree order. */
  find(field: FieldInfo): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.#size; i++) if (this.fields[i] === field) out.push(i);
    return out;
  }

  /** The first value of a field, or undefined. */
  first(field: FieldInfo): unknown {
    for (let i = 0; i < this.#size; i++) if (this.fields[i] === field) return this.values[i];
    return undefined;
  }

  children(node: number): number[] {
    const out: number[] = [];
    for (let i = node + 1; i < this.#size; i++) if (this.parents[i] === node) out.push(i);
    return out;
  }
}
