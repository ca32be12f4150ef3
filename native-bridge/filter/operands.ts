import { concatBytes } from '../common/index.js';
import { fieldValueText } from '../dissect/index.js';
import type { Operand as Ast, SliceRange } from './ast.js';
import { syntaxError, typeError, unknownFieldError } from './errors.js';
import { literal } from './literals.js';
import { lookupField, suggestField } from './names.js';
import type { Scan, SlotTable } from './scan.js';
import { NUMERIC, typeLabel, type Operand, type ValueType } from './types.js';
import { bytesCompare, compareTime, utf8Length } from './values.js';

/**
 * Compiles the operands that read the packet: fields (with layers and slices), function
 * calls and bitwise ANDs. Literals are compiled against the operand they meet (literals.ts).
 */
export class OperandCompiler {
  constructor(
    readonly text: string,
    readonly slots: SlotTable,
  ) {}

  /** Does this operand read the packet (as opposed to being a literal)? */
  isDynamic(o: Ast): boolean {
    if (o.kind === 'call' || o.kind === 'bitand') return true;
    return o.kind === 'word' && (lookupField(o.text) !== undefined || o.layers !== undefined || o.slice !== undefined);
  }

  compile(o: Ast): Operand {
    switch (o.kind) {
      case 'word':
        return this.field(o);
      case 'call':
        return this.call(o);
      case 'bitand':
        return this.bitand(o);
      case 'string':
      case 'char':
        throw syntaxError(this.text, o.span, `${o.text} is a value, not a field: a test needs a field, a protocol or a function here`);
    }
  }

  field(o: Extract<Ast, { kind: 'word' }>): Operand {
    const info = lookupField(o.text);
    const nameSpan = { offset: o.span.offset, length: o.text.length };
    if (info === undefined) throw unknownFieldError(this.text, nameSpan, o.text, suggestField(o.text));
    const protocol = info.type === 'protocol' ? info : lookupField(info.protocol);
    const slot = this.slots.slot(info, o.layers, protocol);
    const text = this.text.slice(o.span.offset, o.span.offset + o.span.length);
    const node = (s: Scan, k: number) => s.occ[slot]![k]!;
    const count = (s: Scan) => s.counts[slot]!;
    let op: Operand =
      info.type === 'protocol'
        ? { vt: 'bytes', text, span: o.span, field: info, slot, direct: false, count, node, get: (s, k) => nodeBytes(s, node(s, k)) }
        : { vt: info.type, text, span: o.span, field: info, slot, direct: true, count, node, get: (s, k) => s.values[s.occ[slot]![k]!] };
    if (o.slice) op = this.slice(op, o.slice, text);
    return op;
  }

  /** `x[…]`: bytes of a byte-like value (or of the field's bytes in the frame), characters of a string. */
  slice(inner: Operand, ranges: readonly SliceRange[], text: string): Operand {
    const base = { text, span: inner.span, field: undefined, slot: -1, direct: false, count: inner.count };
    if (inner.vt === 'string') {
      return {
        ...base,
        vt: 'string',
        get: (s, k) => {
          const v = inner.get(s, k);
          return typeof v === 'string' ? sliceString(v, ranges) : undefined;
        },
      };
    }
    if (inner.vt === 'none') throw typeError(this.text, inner.span, `${typeLabel(inner)} has no value to slice`);
    const node = inner.node;
    return {
      ...base,
      vt: 'bytes',
      get: (s, k) => {
        const v = inner.get(s, k);
        const b = v instanceof Uint8Array ? v : node ? nodeBytes(s, node(s, k)) : undefined;
        return b === undefined ? undefined : sliceBytes(b, ranges);
      },
    };
  }

  call(o: Extract<Ast, { kind: 'call' }>): Operand {
    const text = this.text.slice(o.span.offset, o.span.offset + o.span.length);
    const arg = (a: Ast) => {
      if (!this.isDynamic(a))
        throw typeError(
          this.text,
          a.span,
          `the arguments of ${o.name}() must be fields, not the value ${this.text.slice(a.span.offset, a.span.offset + a.span.length)}`,
        );
      return this.compile(a);
    };
    /** The argument of a one-argument function. */
    const single = (): Operand => {
      if (o.args.length !== 1) throw typeError(this.text, o.span, `${o.name}() takes 1 argument, not ${o.args.length}`);
      return arg(o.args[0]!);
    };
    const base = { text, span: o.span, field: undefined, slot: -1, direct: false };
    /** A function of one field: its k-th value is `f` of the field's k-th value. */
    const mapped = (a: Operand, vt: ValueType, f: (v: unknown, s: Scan, k: number) => unknown): Operand => ({
      ...base,
      vt,
      count: a.count,
      get: (s, k) => f(a.get(s, k), s, k),
    });
    let op: Operand;
    switch (o.name) {
      case 'count': {
        const a = single();
        if (a.slot < 0) throw typeError(this.text, a.span, 'count() takes a field');
        op = { ...base, vt: 'uint', count: (s) => (a.count(s) > 0 ? 1 : 0), get: (s) => a.count(s) };
        break;
      }
      case 'len': {
        const a = single();
        op = mapped(a, 'uint', (v, s, k) => {
          if (v instanceof Uint8Array) return v.length;
          if (typeof v === 'string') return utf8Length(v);
          return a.node ? s.tree.lengths[a.node(s, k)] : undefined;
        });
        break;
      }
      case 'upper':
      case 'lower': {
        const a = single();
        if (a.vt !== 'string') throw typeError(this.text, a.span, `${o.name}() takes a string field, not ${typeLabel(a)}`);
        const up = o.name === 'upper';
        op = mapped(a, 'string', (v) => (typeof v === 'string' ? (up ? v.toUpperCase() : v.toLowerCase()) : undefined));
        break;
      }
      case 'string': {
        const a = single();
        const field = a.field;
        if (field === undefined || !a.direct || a.vt === 'string' || a.vt === 'bytes' || a.vt === 'none')
          throw typeError(this.text, a.span, `string() converts a non-string field (a number, an address, a time), not ${typeLabel(a)}`);
        op = mapped(a, 'string', (v) => (v === undefined ? undefined : fieldValueText(field, v)));
        break;
      }
      case 'abs': {
        const a = single();
        if (!NUMERIC.has(a.vt)) throw typeError(this.text, a.span, `abs() takes a number, not ${typeLabel(a)}`);
        op = mapped(a, a.vt, (v) => {
          const n = v as number | bigint | undefined;
          return n === undefined ? undefined : n < 0 ? -n : n;
        });
        break;
      }
      case 'max':
      case 'min': {
        if (o.args.length === 0) throw typeError(this.text, o.span, `${o.name}() takes at least one field`);
        const args = o.args.map(arg);
        const vt = args[0]!.vt;
        for (const a of args) {
          if (!(a.vt === vt || (NUMERIC.has(a.vt) && NUMERIC.has(vt))))
            throw typeError(
              this.text,
              a.span,
              `the arguments of ${o.name}() must have one type: ${typeLabel(a)} is not like ${typeLabel(args[0]!)}`,
            );
        }
        const cmp = orderOf(vt);
        if (cmp === undefined)
          throw typeError(this.text, args[0]!.span, `${o.name}() needs values that can be ordered, not ${typeLabel(args[0]!)}`);
        const sign = o.name === 'max' ? 1 : -1;
        const pick = (s: Scan) => {
          let best: unknown;
          for (const a of args) {
            const n = a.count(s);
            for (let k = 0; k < n; k++) {
              const v = a.get(s, k);
              if (v !== undefined && (best === undefined || sign * cmp(v, best) > 0)) best = v;
            }
          }
          return best;
        };
        op = { ...base, vt, count: (s) => (pick(s) === undefined ? 0 : 1), get: pick };
        break;
      }
      default:
        throw syntaxError(this.text, o.span, `"${o.name}" is not a function`);
    }
    return o.slice ? this.slice(op, o.slice, text) : op;
  }

  /** `x & m1 & m2 …`: the masks are literals, so they fold into one mask at compile time. */
  bitand(o: Extract<Ast, { kind: 'bitand' }>): Operand {
    const left = this.compile(o.left);
    const text = this.text.slice(o.span.offset, o.span.offset + o.span.length);
    for (const m of o.masks)
      if (this.isDynamic(m)) throw typeError(this.text, m.span, 'the mask after "&" must be a literal (such as 0x02)');
    const base = { text, span: o.span, field: undefined, slot: -1, direct: false, count: left.count };
    if (left.vt === 'uint' || left.vt === 'int' || left.vt === 'framenum' || left.vt === 'bool') {
      let big = -1n;
      let allNumbers = true;
      for (const ast of o.masks) {
        const mask = literal(this.text, ast, left, '&');
        const m = typeof mask === 'boolean' ? (mask ? 1 : 0) : (mask as number | bigint);
        if (typeof m !== 'number') allNumbers = false;
        big &= BigInt(m);
      }
      // A number mask keeps the 32-bit fast path below; bigger or bigint masks take BigInt.
      const m = allNumbers && Number.isSafeInteger(Number(big)) ? Number(big) : big;
      return {
        ...base,
        vt: left.vt === 'bool' ? 'uint' : left.vt,
        get: (s, k) => {
          const v = left.get(s, k);
          if (typeof v === 'number')
            return Number.isSafeInteger(v) && v >= 0 && v <= 0xffffffff && typeof m === 'number'
              ? (v & m) >>> 0
              : Number(BigInt(Math.trunc(v)) & big);
          if (typeof v === 'bigint') return v & big;
          if (typeof v === 'boolean') return (v ? 1 : 0) & Number(big);
          return undefined;
        },
      };
    }
    if (left.vt === 'bytes' || left.vt === 'ether') {
      let mask: Uint8Array | undefined;
      for (const ast of o.masks) {
        const m = literal(this.text, ast, left, '&') as Uint8Array;
        mask = mask === undefined ? m : mask.subarray(0, Math.min(mask.length, m.length)).map((b, i) => b & m[i]!);
      }
      const folded = mask!;
      return {
        ...base,
        vt: 'bytes',
        get: (s, k) => {
          const v = left.get(s, k);
          if (!(v instanceof Uint8Array)) return undefined;
          const out = new Uint8Array(Math.min(v.length, folded.length));
          for (let i = 0; i < out.length; i++) out[i] = v[i]! & folded[i]!;
          return out;
        },
      };
    }
    throw typeError(this.text, left.span, `"&" works on integers and bytes, not on ${typeLabel(left)}`);
  }
}

/** The bytes a tree node spans, in the frame or in the buffer it points into (a reassembly). */
export function nodeBytes(s: Scan, node: number): Uint8Array {
  const tree = s.tree;
  const source = tree.sources[node] ?? 0;
  const bytes = source === 0 ? tree.bytes : (tree.extraSources[source - 1]?.bytes ?? tree.bytes);
  const start = tree.starts[node]!;
  return bytes.subarray(start, start + tree.lengths[node]!);
}

/** [from, to) of one slice range over a value of `n` units, or undefined when it does not fit. */
function bounds(r: SliceRange, n: number): [number, number] | undefined {
  const from = r.start < 0 ? n + r.start : r.start;
  const to = r.length !== undefined ? from + r.length : r.end !== undefined ? (r.end < 0 ? n + r.end : r.end) + 1 : n;
  return from < 0 || to > n || from >= to ? undefined : [from, to];
}

/** A slice of bytes; undefined when a range falls outside (Wireshark then has no value). */
export function sliceBytes(b: Uint8Array, ranges: readonly SliceRange[]): Uint8Array | undefined {
  if (ranges.length === 1) {
    const r = bounds(ranges[0]!, b.length);
    return r && b.subarray(r[0], r[1]);
  }
  const parts: Uint8Array[] = [];
  for (const range of ranges) {
    const r = bounds(range, b.length);
    if (!r) return undefined;
    parts.push(b.subarray(r[0], r[1]));
  }
  return concatBytes(parts);
}

function sliceString(v: string, ranges: readonly SliceRange[]): string | undefined {
  let out = '';
  for (const range of ranges) {
    const r = bounds(range, v.length);
    if (!r) return undefined;
    out += v.slice(r[0], r[1]);
  }
  return out;
}

/** An ordering of values of one type (negative, 0, positive), or undefined when there is none. */
export function orderOf(vt: ValueType): ((a: unknown, b: unknown) => number) | undefined {
  switch (vt) {
    case 'uint':
    case 'int':
    case 'framenum':
    case 'double':
    case 'ipv4':
      return (a, b) => ((a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0);
    case 'bool':
      return (a, b) => (a ? 1 : 0) - (b ? 1 : 0);
    case 'string':
      return (a, b) => (typeof a !== 'string' || typeof b !== 'string' ? NaN : a < b ? -1 : a > b ? 1 : 0);
    case 'bytes':
    case 'ether':
    case 'ipv6':
      return (a, b) => (a instanceof Uint8Array && b instanceof Uint8Array ? bytesCompare(a, b) : NaN);
    case 'time':
      return (a, b) => (Array.isArray(a) && Array.isArray(b) ? compareTime(a as [number, number], b as [number, number]) : NaN);
    case 'none':
      return undefined;
  }
}
