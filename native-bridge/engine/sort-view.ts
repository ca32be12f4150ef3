import { performance } from 'node:perf_hooks';
import type { PacketMeta } from '../common/index.js';
import { ROW_SEPARATOR, type SortProgress, type SortSpec } from '../protocol/index.js';

/** What a sort reads of the run's store: packet i's times and lengths, and its summary columns. */
export interface SortSource {
  meta(i: number): PacketMeta;
  summary(i: number): Uint8Array;
}

/** A view's rows before any sort, in frame order: every packet of the store (row r is store index r), or a filter's. */
export interface BaseRows {
  readonly displayed: number;
  index(r: number): number;
}

/** Sorted runs made by insertion sort before the merge passes. */
const RUN = 32;
/** Work between two looks at the clock. */
const CHECK_EVERY = 2048;

type Compare = (a: number, b: number) => number;

const decoder = new TextDecoder();

/** Field `field` of a summary (0 source, 1 destination, 2 protocol, 3 info: the rest). */
function summaryField(bytes: Uint8Array, field: number): string {
  let start = 0;
  for (let f = 0; f < field; f++) {
    const at = bytes.indexOf(ROW_SEPARATOR, start);
    if (at < 0) return '';
    start = at + 1;
  }
  const end = field === 3 ? bytes.length : bytes.indexOf(ROW_SEPARATOR, start);
  return decoder.decode(bytes.subarray(start, end < 0 ? bytes.length : end));
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const MAC = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/i;
const HEX4 = /^[0-9a-f]{1,4}$/i;

/** An IPv6 address as 32 hex digits, or undefined when `s` is not one. */
function ipv6Hex(s: string): string | undefined {
  if (!s.includes(':') || s.includes('.')) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] === '' ? [] : halves[0]!.split(':');
  const tail = halves.length === 1 || halves[1] === '' ? [] : halves[1]!.split(':');
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!groups.every((g) => HEX4.test(g))) return undefined;
  return groups.map((g) => g.toLowerCase().padStart(4, '0')).join('');
}

/**
 * An address column's sort key: addresses compare as addresses of their type (Wireshark's
 * order of types: Ethernet, IPv4, IPv6; IPv4 and IPv6 numerically), anything else after them
 * as text, by UTF-16 code units.
 */
export function addressKey(s: string): string {
  const v4 = IPV4.exec(s);
  if (v4 !== null) {
    const parts = v4.slice(1).map(Number);
    if (parts.every((p) => p <= 255)) return `\u0002${parts.map((p) => p.toString(16).padStart(2, '0')).join('')}`;
  }
  if (MAC.test(s)) return `\u0001${s.toLowerCase()}`;
  const v6 = ipv6Hex(s);
  if (v6 !== undefined) return `\u0003${v6}`;
  return `\u0004${s}`;
}

/** Distinct values a text column may have and still be sorted by rank (their sort is one native call). */
const RANK_LIMIT = 1 << 16;

/** A column's keys: `read(row, storeIndex)` for every row, `prepare()` once after, then `compare(rowA, rowB)`. */
interface Keys {
  read(row: number, i: number): void;
  prepare(): void;
  compare: Compare;
}

/**
 * The keys of a text column (field `field` of the summaries, made comparable by `key`). Most
 * columns have few distinct values (addresses, protocols): each is keyed once, the distinct
 * keys are sorted once, and rows compare by rank as numbers. Past RANK_LIMIT distinct values
 * (Info) rows keep their key and compare as strings, by UTF-16 code units.
 */
function textKeys(n: number, source: SortSource, field: number, key: (s: string) => string, sign: number): Keys {
  let ids: Map<string, number> | undefined = new Map();
  const distinct: string[] = [];
  const idOf = new Uint32Array(n);
  let rowKey: string[] | undefined;
  const keys: Keys = {
    read(row, i) {
      const s = summaryField(source.summary(i), field);
      if (ids !== undefined) {
        let id = ids.get(s);
        if (id === undefined && ids.size < RANK_LIMIT) {
          id = distinct.length;
          distinct.push(key(s));
          ids.set(s, id);
        }
        if (id !== undefined) {
          idOf[row] = id;
          return;
        }
        // Too many distinct values: every row keeps its own key from now on.
        ids = undefined;
        rowKey = new Array<string>(n);
        for (let r = 0; r < row; r++) rowKey[r] = distinct[idOf[r]!]!;
      }
      rowKey![row] = key(s);
    },
    prepare() {
      if (rowKey !== undefined) {
        const k = rowKey;
        keys.compare = (a, b) => {
          const ka = k[a]!;
          const kb = k[b]!;
          return ka < kb ? -sign : ka > kb ? sign : a - b;
        };
        return;
      }
      const order = distinct.map((_, id) => id).sort((x, y) => (distinct[x]! < distinct[y]! ? -1 : distinct[x]! > distinct[y]! ? 1 : 0));
      const rank = new Uint32Array(distinct.length);
      order.forEach((id, r) => {
        rank[id] = r;
      });
      keys.compare = (a, b) => sign * (rank[idOf[a]!]! - rank[idOf[b]!]!) || a - b;
    },
    compare: (a, b) => a - b,
  };
  return keys;
}

/** How rows compare under `spec`; rows are base rows, in frame order, so ties go by frame number (ascending whichever the order). */
function keysFor(spec: SortSpec, n: number, source: SortSource): Keys {
  const sign = spec.order === 'asc' ? 1 : -1;
  const same = (s: string): string => s;
  const prepare = (): void => {};
  switch (spec.column) {
    case 'number':
      return { read: () => {}, prepare, compare: (a, b) => sign * (a - b) };
    case 'time': {
      const sec = new Float64Array(n);
      const nsec = new Uint32Array(n);
      return {
        read: (row, i) => {
          const m = source.meta(i);
          sec[row] = m.sec;
          nsec[row] = m.nsec;
        },
        prepare,
        compare: (a, b) => {
          const d = sec[a]! - sec[b]! || nsec[a]! - nsec[b]!;
          return d === 0 ? a - b : d < 0 ? -sign : sign;
        },
      };
    }
    case 'length': {
      const len = new Uint32Array(n);
      return {
        read: (row, i) => {
          len[row] = source.meta(i).wireLen;
        },
        prepare,
        compare: (a, b) => sign * (len[a]! - len[b]!) || a - b,
      };
    }
    case 'source':
      return textKeys(n, source, 0, addressKey, sign);
    case 'destination':
      return textKeys(n, source, 1, addressKey, sign);
    case 'protocol':
      return textKeys(n, source, 2, same, sign);
    case 'info':
      return textKeys(n, source, 3, same, sign);
  }
}

/**
 * One sort of a view's first `n` rows, done in slices (`step` works until a deadline and goes
 * on from there next time), so the worker answers the UI meanwhile: the rows' keys are read
 * from the store, runs of RUN rows are insertion-sorted, then merged pairwise, a pass at a
 * time (a bottom-up merge sort: stable, n log n, and stoppable after any element).
 */
export class SortJob {
  readonly spec: SortSpec;
  readonly n: number;
  readonly #keys: Keys;
  readonly #rows: (r: number) => number;
  #src: Uint32Array;
  #dst: Uint32Array;
  #keyed = 0;
  #ran = 0;
  #width = RUN;
  #passes = 0;
  /** The merge of [lo, mid) and [mid, hi) under way: i, j read, k written. */
  #lo = 0;
  #mid = 0;
  #hi = 0;
  #i = 0;
  #j = 0;
  #k = 0;
  #merging = false;

  constructor(spec: SortSpec, base: BaseRows, source: SortSource) {
    this.spec = spec;
    this.n = base.displayed;
    this.#keys = keysFor(spec, this.n, source);
    this.#rows = (r) => base.index(r);
    this.#src = new Uint32Array(this.n);
    this.#dst = new Uint32Array(this.n);
    for (let r = 0; r < this.n; r++) this.#src[r] = r;
    if (spec.column === 'number') {
      // Frame order, or its reverse: nothing to compare.
      if (spec.order === 'desc') this.#src.reverse();
      this.#keyed = this.#ran = this.n;
      this.#width = this.n;
    }
  }

  get done(): boolean {
    return this.#width >= this.n && this.#ran >= this.n;
  }

  /** How far it has got: keys read, runs sorted and merge passes, in rows. */
  progress(): SortProgress {
    const passes = Math.max(0, Math.ceil(Math.log2(this.n / RUN)));
    const merged = this.#passes * this.n + (this.#merging ? this.#k : this.#lo);
    const total = this.n * (2 + passes);
    return { sort: this.spec, done: this.done ? total : Math.min(total, this.#keyed + this.#ran + merged), total };
  }

  /** The view's base rows in sorted order (once `done`). */
  get rows(): Uint32Array {
    return this.#src;
  }

  /** Sorts on until `deadline` (performance.now() ms); true once done. */
  step(deadline: number): boolean {
    const n = this.n;
    const keys = this.#keys;
    while (this.#keyed < n) {
      const end = Math.min(n, this.#keyed + CHECK_EVERY);
      for (let r = this.#keyed; r < end; r++) keys.read(r, this.#rows(r));
      this.#keyed = end;
      if (end === n) keys.prepare();
      if (performance.now() >= deadline) return false;
    }
    while (this.#ran < n) {
      const end = Math.min(n, this.#ran + CHECK_EVERY);
      for (let lo = this.#ran; lo < end; lo += RUN) this.#insertionSort(lo, Math.min(n, lo + RUN));
      this.#ran = end;
      if (performance.now() >= deadline) return false;
    }
    while (this.#width < n) {
      if (!this.#mergePass(deadline)) return false;
    }
    return true;
  }

  #insertionSort(lo: number, hi: number): void {
    const a = this.#src;
    const cmp = this.#keys.compare;
    for (let x = lo + 1; x < hi; x++) {
      const v = a[x]!;
      let y = x - 1;
      while (y >= lo && cmp(a[y]!, v) > 0) {
        a[y + 1] = a[y]!;
        y--;
      }
      a[y + 1] = v;
    }
  }

  /** Goes on with the current pass; false when the deadline came first. */
  #mergePass(deadline: number): boolean {
    const n = this.n;
    const cmp = this.#keys.compare;
    const src = this.#src;
    const dst = this.#dst;
    while (this.#lo < n) {
      if (!this.#merging) {
        this.#mid = Math.min(this.#lo + this.#width, n);
        this.#hi = Math.min(this.#lo + 2 * this.#width, n);
        this.#i = this.#lo;
        this.#j = this.#mid;
        this.#k = this.#lo;
        this.#merging = true;
      }
      let i = this.#i;
      let j = this.#j;
      let k = this.#k;
      const mid = this.#mid;
      const hi = this.#hi;
      while (k < hi) {
        const stop = Math.min(hi, k + CHECK_EVERY);
        while (k < stop) {
          if (i < mid && (j >= hi || cmp(src[i]!, src[j]!) <= 0)) dst[k++] = src[i++]!;
          else dst[k++] = src[j++]!;
        }
        if (k < hi && performance.now() >= deadline) {
          this.#i = i;
          this.#j = j;
          this.#k = k;
          return false;
        }
      }
      this.#merging = false;
      this.#lo = hi;
      if (performance.now() >= deadline && this.#lo < n) return false;
    }
    this.#src = dst;
    this.#dst = src;
    this.#width *= 2;
    this.#passes++;
    this.#lo = 0;
    return true;
  }
}

/**
 * The order of a run's view: the sort the user asked for (it holds for later filters), the
 * one its rows are in now (`sort`, with the sorted base rows), and the sort on its way. Rows
 * past the sorted ones (packets that arrived after the sort began) follow in frame order.
 */
export class ViewOrder {
  #wanted: SortSpec | undefined;
  #applied: { sort: SortSpec; rows: Uint32Array } | undefined;
  #job: SortJob | undefined;
  /** View row of each sorted base row, made when first asked for (Go to packet). */
  #inverse: Uint32Array | undefined;

  /** The order the rows are in now (undefined: frame order). */
  get sort(): SortSpec | undefined {
    return this.#applied?.sort;
  }

  /** The sort on its way, if any. */
  get sorting(): SortProgress | undefined {
    if (this.#wanted === undefined || this.#job === undefined)
      return this.#pending() ? { sort: this.#wanted!, done: 0, total: 1 } : undefined;
    return this.#job.progress();
  }

  /** True while a sort waits to start or to finish. */
  get busy(): boolean {
    return this.#pending() || this.#job !== undefined;
  }

  #pending(): boolean {
    return this.#wanted !== undefined && this.#job === undefined && !sameSort(this.#wanted, this.#applied?.sort);
  }

  /**
   * The user asks for another order. Frame order applies at once (true: the view's rows
   * changed); a sort starts at the next `pump` and the rows keep their order until it is done.
   */
  want(spec: SortSpec | undefined): boolean {
    this.#wanted = spec;
    this.#job = undefined;
    if (spec !== undefined) return false;
    const changed = this.#applied !== undefined;
    this.#applied = undefined;
    this.#inverse = undefined;
    return changed;
  }

  /** The base rows changed (another filter): their frame order until the wanted sort is done again. */
  rebase(): void {
    this.#applied = undefined;
    this.#inverse = undefined;
    this.#job = undefined;
  }

  /**
   * Sorts on until `deadline`; `base` must be complete (a filter that has caught up). True when
   * the sort is done and applied: the view's rows are in another order.
   */
  pump(base: BaseRows, source: SortSource, deadline: number): boolean {
    if (this.#wanted === undefined) return false;
    if (this.#job === undefined) {
      if (!this.#pending()) return false;
      this.#job = new SortJob(this.#wanted, base, source);
    }
    if (!this.#job.step(deadline)) return false;
    this.#applied = { sort: this.#job.spec, rows: this.#job.rows };
    this.#inverse = undefined;
    this.#job = undefined;
    return true;
  }

  /** The base row shown at view row r. */
  baseRow(r: number): number {
    const a = this.#applied?.rows;
    return a !== undefined && r < a.length ? a[r]! : r;
  }

  /** The view row showing base row b. */
  rowOf(b: number): number {
    const a = this.#applied?.rows;
    if (a === undefined || b >= a.length) return b;
    if (this.#inverse === undefined) {
      const inv = new Uint32Array(a.length);
      for (let r = 0; r < a.length; r++) inv[a[r]!] = r;
      this.#inverse = inv;
    }
    return this.#inverse[b]!;
  }
}

function sameSort(a: SortSpec | undefined, b: SortSpec | undefined): boolean {
  return a?.column === b?.column && a?.order === b?.order;
}
