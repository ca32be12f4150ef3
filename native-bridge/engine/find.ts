import { performance } from 'node:perf_hooks';
import { WirepoolError } from '../common/errors.js';
import { type DissectSession, type ProtoTree, dissectFrame, nodeLabel } from '../dissect/index.js';
import { compileFilter } from '../filter/index.js';
import { type FindResult, type OpArgs, parseFindHex } from '../protocol/index.js';
import type { PacketSource } from './worker-run.js';

/** Rows looked at per read: enough to make a read-back's set-up cheap, few enough to stay responsive. */
const CHUNK = 256;

/** A view of the run's store as Find sees it: its rows, the store index of each, and how to read packets back. */
export interface FindView {
  readonly total: number;
  index(row: number): number;
  /** Store packets first..first+count-1, read back in order. */
  read(first: number, count: number): PacketSource;
  /** Store packet i's list columns (UTF-8, ROW_SEPARATOR between). */
  summary(i: number): Uint8Array;
  /** The store's session: a packet dissected again sees what the first pass decided (streams, analysis). */
  readonly session: DissectSession;
}

/** What a row must have: tested on its list columns, its bytes, or its dissection. */
type RowTest =
  | { needs: 'summary'; test(summary: Uint8Array): boolean }
  | { needs: 'bytes'; test(bytes: Uint8Array): boolean }
  | { needs: 'tree'; test(tree: ProtoTree): boolean };

const encoder = new TextEncoder();
const lowerByte = (b: number): number => (b >= 0x41 && b <= 0x5a ? b + 32 : b);

/** True when `hay` holds `needle` (ASCII letters in any case unless `exact`). */
function holds(hay: Uint8Array, needle: Uint8Array, exact: boolean): boolean {
  const n = needle.length;
  const last = hay.length - n;
  outer: for (let i = 0; i <= last; i++) {
    for (let j = 0; j < n; j++) {
      const h = hay[i + j]!;
      if ((exact ? h : lowerByte(h)) !== needle[j]) continue outer;
    }
    return true;
  }
  return false;
}

/** The test a find request makes of each row; bad input (a filter that does not compile, odd hex, nothing to find) throws what is wrong and how to fix it. */
export function findTest(a: OpArgs<'find'>): RowTest {
  if (a.kind === 'filter') {
    if (a.text.trim() === '')
      throw new WirepoolError('FIND_EMPTY', 'find: no display filter given', { hint: 'type a filter, such as tcp.flags.syn == 1' });
    const f = compileFilter(a.text);
    return { needs: 'tree', test: (tree) => f.matches(tree) };
  }
  if (a.kind === 'hex') {
    const bytes = parseFindHex(a.text);
    if (typeof bytes === 'string') throw new WirepoolError('FIND_BAD_HEX', `find: ${bytes}`);
    return { needs: 'bytes', test: (b) => holds(b, bytes, true) };
  }
  if (a.text === '') throw new WirepoolError('FIND_EMPTY', 'find: no string given', { hint: 'type the text to find' });
  const exact = a.caseSensitive === true;
  const needle = encoder.encode(exact ? a.text : a.text.replace(/[A-Z]/g, (c) => c.toLowerCase()));
  const scope = a.scope ?? 'bytes';
  if (scope === 'bytes') return { needs: 'bytes', test: (b) => holds(b, needle, exact) };
  if (scope === 'list') return { needs: 'summary', test: (s) => holds(s, needle, exact) };
  const text = exact ? a.text : a.text.toLowerCase();
  return {
    needs: 'tree',
    test: (tree) => {
      for (let i = 0; i < tree.size; i++) {
        const label = nodeLabel(tree, i);
        if ((exact ? label : label.toLowerCase()).includes(text)) return true;
      }
      return false;
    },
  };
}

/**
 * Looks at rows in search order until one matches, all were seen, or `deadline` passes. Search
 * order: from the row after `origin` (before it, backwards) around to `origin` itself; without
 * one, from the first row (the last, backwards). `examined` rows were seen by an earlier step.
 */
export function findStep(view: FindView, test: RowTest, a: OpArgs<'find'>, deadline: number): Omit<FindResult, 'runId' | 'viewId'> {
  const total = view.total;
  const back = a.backward === true;
  const origin = a.origin !== undefined && a.origin < total ? a.origin : undefined;
  const rowAt = (k: number): number =>
    origin === undefined ? (back ? total - 1 - k : k) : back ? (origin - 1 - k + 2 * total) % total : (origin + 1 + k) % total;
  let examined = Math.min(a.examined ?? 0, total);
  while (examined < total) {
    const n = Math.min(CHUNK, total - examined);
    const hit = firstMatch(view, test, examined, n, rowAt);
    if (hit !== undefined) {
      const row = rowAt(hit);
      const wrapped = origin !== undefined && (back ? row >= origin : row <= origin);
      return { done: true, examined: hit + 1, total, row, number: view.index(row) + 1, ...(wrapped ? { wrapped } : {}) };
    }
    examined += n;
    if (performance.now() >= deadline) break;
  }
  return { done: examined >= total, examined, total };
}

/** The first k in from..from+n-1 whose row passes `test`, reading the packets back in store order. */
function firstMatch(view: FindView, test: RowTest, from: number, n: number, rowAt: (k: number) => number): number | undefined {
  if (test.needs === 'summary') {
    for (let k = from; k < from + n; k++) if (test.test(view.summary(view.index(rowAt(k))))) return k;
    return undefined;
  }
  // Store indexes in ascending order, each with its k; read back in runs of consecutive packets.
  const items = Array.from({ length: n }, (_, j) => ({ i: view.index(rowAt(from + j)), k: from + j })).sort((x, y) => x.i - y.i);
  let best: number | undefined;
  for (let s = 0; s < items.length; ) {
    let e = s + 1;
    while (e < items.length && items[e]!.i === items[e - 1]!.i + 1) e++;
    const first = items[s]!.i;
    const ks = items.slice(s, e).map((x) => x.k);
    view.read(
      first,
      e - s,
    )((meta, bytes) => {
      const k = ks[meta.number - 1 - first]!;
      if (best !== undefined && k > best) return;
      const ok = test.needs === 'bytes' ? test.test(bytes) : test.test(dissectFrame(meta, bytes, view.session).tree);
      if (ok) best = k;
    });
    s = e;
  }
  return best;
}
