import type { FieldInfo, FieldType } from '../dissect/index.js';
import type { Span } from './errors.js';
import type { Scan } from './scan.js';

/**
 * What a compiled operand yields. A protocol yields the bytes it spans (Wireshark's rule), so
 * there is no 'protocol' value type; a 'none' field (a label) has presence but no value.
 */
export type ValueType = Exclude<FieldType, 'protocol'>;

/**
 * A compiled operand: a field, a slice, a function result, a bitwise AND. `count` is how many
 * values it has in the loaded packet and `get(k)` the k-th (undefined: none, e.g. a slice
 * past the end), read without allocating for plain fields.
 */
export interface Operand {
  readonly vt: ValueType;
  /** The source text, for messages. */
  readonly text: string;
  readonly span: Span;
  /** The field, when the operand is a field read as is (value names, string()). */
  readonly field: FieldInfo | undefined;
  /** The slot of a field read as is (protocols and labels too), else -1: presence is counts[slot] > 0. */
  readonly slot: number;
  /** The values are tree.values of the slot's nodes (the fast path). */
  readonly direct: boolean;
  count(s: Scan): number;
  get(s: Scan, k: number): unknown;
  /** The tree node of the k-th value, when the operand is a field (for byte ranges, lengths). */
  node?(s: Scan, k: number): number;
}

export type Pred = (s: Scan) => boolean;
/** A test of one value; `s` is the packet being matched (for per-packet caches such as Scan.latin1). */
export type ValuePred = (v: unknown, s: Scan) => boolean;

export const NUMERIC: ReadonlySet<ValueType> = new Set(['uint', 'int', 'framenum', 'double']);
export const BYTESLIKE: ReadonlySet<ValueType> = new Set(['bytes', 'ether', 'ipv6']);

/** How messages name a value type, with its article. */
export const TYPE_NAMES: Readonly<Record<ValueType, string>> = {
  uint: 'an unsigned integer',
  int: 'a signed integer',
  framenum: 'a frame number',
  bool: 'a boolean (True, False, 1 or 0)',
  double: 'a number',
  string: 'a string',
  bytes: 'a byte string (such as 01:02:03 or "text")',
  ipv4: 'an IPv4 address',
  ipv6: 'an IPv6 address',
  ether: 'an Ethernet address (such as 00:11:22:33:44:55)',
  time: 'a time (seconds such as 1700000000.5, or "2023-11-14 22:13:20Z")',
  none: 'a value',
};

/** The short type name shown after a field: `tcp.port (unsigned integer)`. */
export function typeLabel(o: Operand): string {
  const t =
    o.field?.type === 'protocol'
      ? 'protocol'
      : o.field?.type === 'none'
        ? 'label'
        : TYPE_NAMES[o.vt].replace(/^an? /, '').replace(/ \(.*$/, '');
  return `${o.text} (${t})`;
}
