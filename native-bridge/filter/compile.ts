import { fieldTable, type ProtoTree } from '../dissect/index.js';
import type { CompareOp, Expr, Operand as Ast, SetMember } from './ast.js';
import { syntaxError, typeError, unknownFieldError } from './errors.js';
import { literal } from './literals.js';
import { looksLikeName, suggestField } from './names.js';
import { OperandCompiler, orderOf } from './operands.js';
import { parse } from './parser.js';
import { compileRegex } from './regex.js';
import { Scan, SlotTable } from './scan.js';
import { BYTESLIKE, NUMERIC, typeLabel, type Operand, type Pred, type ValuePred, type ValueType } from './types.js';
import { bytesContain, bytesEqual, compareTime, ipv4Mask, ipv6InPrefix, type Ipv4Literal, type Ipv6Literal } from './values.js';

/** A display filter compiled once, applied to many packets. */
export interface CompiledFilter {
  /** The filter as written. */
  readonly text: string;
  /** Ids (in the field table) of the fields and protocols it reads, ascending. */
  readonly fields: readonly number[];
  /** Does the dissected packet pass the filter? Never throws; allocates nothing for most filters. */
  matches(tree: ProtoTree): boolean;
}

/**
 * Compiles a display filter (Wireshark's syntax) against the field table. Throws a
 * FilterError (FILTER_SYNTAX, FILTER_UNKNOWN_FIELD, FILTER_TYPE) with the column of the
 * offending text. An empty filter lets everything through.
 */
export function compileFilter(text: string): CompiledFilter {
  if (text.trim() === '') return { text, fields: [], matches: () => true };
  const expr = parse(text);
  const slots = new SlotTable();
  const pred = new ExprCompiler(text, slots).expr(expr);
  const scan = new Scan(slots, fieldTable.all().length);
  const fields = [...new Set(slots.fields.map((f) => f.id))].sort((a, b) => a - b);
  return {
    text,
    fields,
    matches(tree: ProtoTree): boolean {
      scan.load(tree);
      return pred(scan);
    },
  };
}

class ExprCompiler {
  readonly #text: string;
  readonly #ops: OperandCompiler;

  constructor(text: string, slots: SlotTable) {
    this.#text = text;
    this.#ops = new OperandCompiler(text, slots);
  }

  /**
   * The predicate of `e`. Recursion follows the parse tree, which nests only through "(" and
   * function calls (at most MAX_FILTER_DEPTH levels): chains of `&&`, `||` and `!` are flat
   * here and loops at match time, so compiling and matching stay within the stack.
   */
  expr(e: Expr): Pred {
    switch (e.kind) {
      case 'and': {
        const ps = e.terms.map((t) => this.expr(t));
        if (ps.length === 2) {
          const [a, b] = ps as [Pred, Pred];
          return (s) => a(s) && b(s);
        }
        return (s) => {
          for (let i = 0; i < ps.length; i++) if (!ps[i]!(s)) return false;
          return true;
        };
      }
      case 'or': {
        const ps = e.terms.map((t) => this.expr(t));
        if (ps.length === 2) {
          const [a, b] = ps as [Pred, Pred];
          return (s) => a(s) || b(s);
        }
        return (s) => {
          for (let i = 0; i < ps.length; i++) if (ps[i]!(s)) return true;
          return false;
        };
      }
      case 'not': {
        // `! ! … x`: an odd number of "!" negates x once, an even number not at all.
        let inner: Expr = e;
        let odd = false;
        while (inner.kind === 'not') {
          inner = inner.expr;
          odd = !odd;
        }
        const a = this.expr(inner);
        return odd ? (s) => !a(s) : a;
      }
      case 'test':
        return this.#test(e.operand);
      case 'compare':
        return this.#compare(e);
      case 'in': {
        const p = this.#in(e.left, e.members, e.quantifier === 'any' ? any : all);
        return e.negated ? (s) => !p(s) : p;
      }
    }
  }

  /** A bare operand: the field or protocol is present, or a bitwise AND is non-zero. */
  #test(o: Ast): Pred {
    if (o.kind === 'string' || o.kind === 'char')
      throw unknownFieldError(this.#text, o.span, o.kind === 'string' ? o.text.replace(/^r?"|"$/g, '') : o.text, undefined);
    if (o.kind === 'call')
      throw typeError(this.#text, o.span, `${o.name}() gives a value, not a test: compare it (such as ${o.name}(…) > 0)`);
    const op = this.#left(o, undefined);
    if (o.kind === 'bitand')
      return any(op, (v) => (v instanceof Uint8Array ? v.some((b) => b !== 0) : v !== 0 && v !== 0n && v !== undefined));
    const slot = op.slot;
    if (slot >= 0) return (s) => s.counts[slot]! > 0;
    return any(op, () => true);
  }

  /** The left side of a comparison: it must read the packet. */
  #left(o: Ast, opText: string | undefined): Operand {
    if (o.kind === 'word' && !this.#ops.isDynamic(o)) {
      if (looksLikeName(o.text) || opText === undefined) throw unknownFieldError(this.#text, o.span, o.text, suggestField(o.text));
      throw syntaxError(
        this.#text,
        o.span,
        `the left side of "${opText}" must be a field or a function, not the value "${o.text}"`,
        'write the field first, such as tcp.port == 80',
      );
    }
    if (o.kind === 'string' || o.kind === 'char')
      throw syntaxError(
        this.#text,
        o.span,
        `the left side of "${opText}" must be a field or a function, not the value ${o.text}`,
        'write the field first',
      );
    return this.#ops.compile(o);
  }

  #compare(e: Extract<Expr, { kind: 'compare' }>): Pred {
    const left = this.#left(e.left, e.opText);
    this.#checkOperator(left, e.op, e.opText);
    const quantified = e.quantifier === 'any' ? any : all;
    if (!this.#ops.isDynamic(e.right)) {
      if (e.op === 'matches') {
        if (e.right.kind !== 'string')
          throw typeError(
            this.#text,
            e.right.span,
            `"${e.opText}" takes a regular expression in double quotes`,
            `write ${e.opText} "${e.right.kind === 'word' ? e.right.text : '…'}"`,
          );
        const re = compileRegex(this.#text, e.right);
        return quantified(
          left,
          left.vt === 'string' ? (v) => typeof v === 'string' && re.test(v) : (v, s) => v instanceof Uint8Array && re.test(s.latin1(v)),
        );
      }
      const value = literal(this.#text, e.right, left, e.op);
      return quantified(left, valuePred(left.vt, e.op, value));
    }
    const right = this.#ops.compile(e.right);
    if (e.op === 'matches')
      throw typeError(this.#text, e.right.span, `"${e.opText}" takes a regular expression in double quotes, not a field`);
    if (!compatible(left.vt, right.vt)) {
      // `ip.proto == tcp`: a value that is also a field name reads as the field, as in Wireshark.
      const hint =
        e.right.kind === 'word' && !e.right.slice && !e.right.layers
          ? `to compare with the value ${e.right.text}, quote it: "${e.right.text}"`
          : undefined;
      throw typeError(this.#text, e.right.span, `${typeLabel(left)} and ${typeLabel(right)} cannot be compared`, hint);
    }
    return pairs(left, right, pairPred(left.vt, e.op), e.quantifier);
  }

  #checkOperator(left: Operand, op: CompareOp, opText: string): void {
    const vt = left.vt;
    const ok =
      op === 'contains'
        ? vt === 'string' || vt === 'bytes' || vt === 'ether'
        : op === 'matches'
          ? vt === 'string' || vt === 'bytes'
          : vt !== 'none';
    if (!ok) {
      if (vt === 'none')
        throw typeError(
          this.#text,
          left.span,
          `${left.text} is a label without a value: test it alone (${left.text}) or compare one of its fields`,
        );
      throw typeError(
        this.#text,
        left.span,
        `${typeLabel(left)} cannot be used with "${opText}"`,
        op === 'contains'
          ? 'contains works on strings and bytes; use == for numbers and addresses'
          : 'matches works on strings and bytes; string(field) converts a number or an address',
      );
    }
  }

  #in(leftAst: Ast, members: readonly SetMember[], quantified: typeof any): Pred {
    const left = this.#left(leftAst, 'in');
    this.#checkOperator(left, '==', 'in');
    const preds: ValuePred[] = [];
    const exact: number[] = [];
    for (const m of members) {
      if (this.#ops.isDynamic(m.low) || (m.high && this.#ops.isDynamic(m.high)))
        throw typeError(this.#text, m.low.span, 'the members of a set must be values, not fields');
      const low = literal(this.#text, m.low, left, 'in');
      if (m.high === undefined) {
        if (typeof low === 'number' && NUMERIC.has(left.vt)) exact.push(low);
        else preds.push(valuePred(left.vt, '==', low));
        continue;
      }
      const high = literal(this.#text, m.high, left, 'in');
      const ge = valuePred(left.vt, '>=', low);
      const le = valuePred(left.vt, '<=', high);
      preds.push((v, s) => ge(v, s) && le(v, s));
    }
    if (exact.length > 0) {
      // Exact numbers: one Set lookup instead of a test per member.
      const set = new Set(exact);
      preds.unshift((v) => set.has(typeof v === 'bigint' ? Number(v) : (v as number)));
    }
    return quantified(
      left,
      preds.length === 1
        ? preds[0]!
        : (v, s) => {
            for (let i = 0; i < preds.length; i++) if (preds[i]!(v, s)) return true;
            return false;
          },
    );
  }
}

/** Some value satisfies `pred` (a missing field satisfies nothing). */
function any(op: Operand, pred: ValuePred): Pred {
  const slot = op.slot;
  if (op.direct) {
    return (s) => {
      const n = s.counts[slot]!;
      if (n === 0) return false;
      const occ = s.occ[slot]!;
      const values = s.values;
      for (let k = 0; k < n; k++) {
        const v = values[occ[k]!];
        if (v !== undefined && pred(v, s)) return true;
      }
      return false;
    };
  }
  return (s) => {
    const n = op.count(s);
    for (let k = 0; k < n; k++) {
      const v = op.get(s, k);
      if (v !== undefined && pred(v, s)) return true;
    }
    return false;
  };
}

/** Every value satisfies `pred`, and there is at least one (Wireshark's `!=` and `===`). */
function all(op: Operand, pred: ValuePred): Pred {
  return (s) => {
    const n = op.count(s);
    let seen = false;
    for (let k = 0; k < n; k++) {
      const v = op.get(s, k);
      if (v === undefined) continue;
      if (!pred(v, s)) return false;
      seen = true;
    }
    return seen;
  };
}

/** Field against field: any pair (or every pair) of values satisfies `pred`. */
function pairs(a: Operand, b: Operand, pred: (x: unknown, y: unknown) => boolean, quantifier: 'any' | 'all'): Pred {
  return (s) => {
    const n = a.count(s);
    const m = b.count(s);
    let seen = false;
    for (let i = 0; i < n; i++) {
      const x = a.get(s, i);
      if (x === undefined) continue;
      for (let j = 0; j < m; j++) {
        const y = b.get(s, j);
        if (y === undefined) continue;
        const ok = pred(x, y);
        if (quantifier === 'any' && ok) return true;
        if (quantifier === 'all' && !ok) return false;
        seen = true;
      }
    }
    return quantifier === 'all' && seen;
  };
}

function compatible(a: ValueType, b: ValueType): boolean {
  return a === b || (NUMERIC.has(a) && NUMERIC.has(b)) || (BYTESLIKE.has(a) && BYTESLIKE.has(b));
}

type Relation = (c: number) => boolean;
const RELATIONS: Readonly<Record<Exclude<CompareOp, 'contains' | 'matches'>, Relation>> = {
  '==': (c) => c === 0,
  '!=': (c) => c !== 0 && !Number.isNaN(c),
  '<': (c) => c < 0,
  '<=': (c) => c <= 0,
  '>': (c) => c > 0,
  '>=': (c) => c >= 0,
};

/** A test of one value against a literal, specialised by type so the per-packet work is small. */
function valuePred(vt: ValueType, op: CompareOp | '&', c: unknown): ValuePred {
  if (op === 'contains') {
    if (vt === 'string') return (v) => typeof v === 'string' && v.includes(c as string);
    const needle = c as Uint8Array;
    return (v) => v instanceof Uint8Array && bytesContain(v, needle);
  }
  if (op === 'matches' || op === '&') throw new Error(`internal: ${op} is not a value comparison`);
  switch (vt) {
    case 'uint':
    case 'int':
    case 'framenum':
    case 'double': {
      // Loose == and < compare numbers and bigints (64-bit fields) by value.
      const n = c as number;
      // A 64-bit field's value is a bigint even when small (`radiotap.mactime == 10016360`).
      const big = typeof n === 'bigint' || Number.isInteger(n) ? BigInt(n) : undefined;
      const same = (v: unknown): boolean => v === n || (typeof v === 'bigint' && v === big);
      switch (op) {
        case '==':
          return same;
        case '!=':
          return (v) => !same(v);
        case '<':
          return (v) => (v as number) < n;
        case '<=':
          return (v) => (v as number) <= n;
        case '>':
          return (v) => (v as number) > n;
        case '>=':
          return (v) => (v as number) >= n;
      }
      break;
    }
    case 'bool': {
      const n = c ? 1 : 0;
      const rel = RELATIONS[op];
      return (v) => rel((v ? 1 : 0) - n);
    }
    case 'ipv4': {
      const { addr, bits } = c as Ipv4Literal;
      const mask = ipv4Mask(bits);
      if (op === '==') return bits === 32 ? (v) => v === addr : (v) => ((v as number) & mask) >>> 0 === addr;
      const rel = RELATIONS[op];
      return (v) => typeof v === 'number' && rel(((v & mask) >>> 0) - addr);
    }
    case 'ipv6': {
      const lit = c as Ipv6Literal;
      if (op === '==') return (v) => v instanceof Uint8Array && v.length === 16 && ipv6InPrefix(v, lit);
      if (op === '!=') return (v) => v instanceof Uint8Array && !(v.length === 16 && ipv6InPrefix(v, lit));
      const rel = RELATIONS[op];
      const order = orderOf('ipv6')!;
      return (v) => v instanceof Uint8Array && (ipv6InPrefix(v, lit) ? rel(0) : rel(order(v, lit.bytes)));
    }
    case 'bytes':
    case 'ether': {
      const b = c as Uint8Array;
      if (op === '==') return (v) => v instanceof Uint8Array && bytesEqual(v, b);
      if (op === '!=') return (v) => v instanceof Uint8Array && !bytesEqual(v, b);
      break;
    }
    case 'string': {
      const str = c as string;
      if (op === '==') return (v) => v === str;
      if (op === '!=') return (v) => typeof v === 'string' && v !== str;
      break;
    }
    case 'time': {
      const t = c as [number, number];
      const rel = RELATIONS[op];
      return (v) => Array.isArray(v) && rel(compareTime(v as [number, number], t));
    }
    case 'none':
      break;
  }
  const order = orderOf(vt)!;
  const rel = RELATIONS[op];
  return (v) => rel(order(v, c));
}

function pairPred(vt: ValueType, op: CompareOp): (a: unknown, b: unknown) => boolean {
  if (op === 'contains') {
    if (vt === 'string') return (a, b) => typeof a === 'string' && typeof b === 'string' && a.includes(b);
    return (a, b) => a instanceof Uint8Array && b instanceof Uint8Array && bytesContain(a, b);
  }
  if (op === 'matches') throw new Error('internal: matches against a field');
  const order = orderOf(vt)!;
  const rel = RELATIONS[op];
  if (NUMERIC.has(vt) && op === '==') return (a, b) => a === b;
  return (a, b) => rel(order(a, b));
}
