import type { CompareOp, Expr, Operand, Range, SetMember, SliceRange } from './ast.js';
import { syntaxError, type Span } from './errors.js';
import { lex, type Token } from './lexer.js';

/**
 * Recursive descent over Wireshark 4.0's grammar, loosest binding first:
 *
 *   expr    = and { ("||" | "or") and }
 *   and     = not { ("&&" | "and") not }
 *   not     = ("!" | "not") not | "(" expr ")" | test
 *   test    = ["any" | "all"] operand [ cmp operand | ["not"] "in" set ]
 *   operand = value { ("&" | "bitwise_and") value }
 *   value   = WORD ["#" layer] [slice] | FUNC "(" [operand {"," operand}] ")" [slice] | STRING | CHAR
 *   set     = "{" member { ["," ] member } "}"      member = value [".." value]
 *
 * Comparisons do not chain (`a == b == c` is an error, as in TShark).
 *
 * Only grouping recurses: a "(" and a function call's arguments go one level deeper, up to
 * MAX_FILTER_DEPTH. Chains (`a || b || …`, `! ! …`, `x & 1 & 2 …`) are read in loops and kept
 * flat, so no filter, however long, can run the parser, the compiler or a compiled filter out
 * of stack.
 */
export const COMPARE: Readonly<Record<string, { op: CompareOp; quantifier: 'any' | 'all' }>> = {
  '==': { op: '==', quantifier: 'any' },
  eq: { op: '==', quantifier: 'any' },
  any_eq: { op: '==', quantifier: 'any' },
  '!=': { op: '!=', quantifier: 'all' },
  ne: { op: '!=', quantifier: 'all' },
  all_ne: { op: '!=', quantifier: 'all' },
  '===': { op: '==', quantifier: 'all' },
  all_eq: { op: '==', quantifier: 'all' },
  '!==': { op: '!=', quantifier: 'any' },
  '~=': { op: '!=', quantifier: 'any' },
  any_ne: { op: '!=', quantifier: 'any' },
  '<': { op: '<', quantifier: 'any' },
  lt: { op: '<', quantifier: 'any' },
  '<=': { op: '<=', quantifier: 'any' },
  le: { op: '<=', quantifier: 'any' },
  '>': { op: '>', quantifier: 'any' },
  gt: { op: '>', quantifier: 'any' },
  '>=': { op: '>=', quantifier: 'any' },
  ge: { op: '>=', quantifier: 'any' },
  contains: { op: 'contains', quantifier: 'any' },
  matches: { op: 'matches', quantifier: 'any' },
  '~': { op: 'matches', quantifier: 'any' },
};

/** Words that are operators, never fields or values. */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'and',
  'or',
  'not',
  'in',
  'contains',
  'matches',
  'eq',
  'ne',
  'gt',
  'lt',
  'ge',
  'le',
  'any_eq',
  'all_ne',
  'all_eq',
  'any_ne',
  'bitwise_and',
]);

/**
 * How deeply "(" and function calls may nest. TShark 4.0's parser (a fixed 100-entry stack)
 * gives up at 98 plain parentheses and sooner when operators sit between them; 100 levels is
 * far beyond any filter written by hand, and keeps parsing, compiling and matching within
 * a small fraction of the JavaScript stack.
 */
export const MAX_FILTER_DEPTH = 100;

/** The functions of Wireshark 4.0's filter language. */
export const FUNCTIONS = new Set(['len', 'count', 'upper', 'lower', 'string', 'max', 'min', 'abs']);

export function parse(text: string): Expr {
  return new Parser(text).parseFilter();
}

class Parser {
  readonly #text: string;
  readonly #tokens: Token[];
  #pos = 0;
  /** How many "(" and function calls enclose the current token. */
  #depth = 0;

  constructor(text: string) {
    this.#text = text;
    this.#tokens = lex(text);
  }

  parseFilter(): Expr {
    const expr = this.#or();
    const t = this.#peek();
    if (t.kind !== 'end') {
      if (t.kind === 'op' && t.text === ')') throw this.#error(t, 'this ")" has no matching "("');
      throw this.#error(t, `unexpected ${describe(t)} after a complete expression`, 'join expressions with "&&" or "||"');
    }
    return expr;
  }

  #or(): Expr {
    return this.#joined('or', '||', () => this.#and());
  }

  #and(): Expr {
    return this.#joined('and', '&&', () => this.#not());
  }

  /** `operand (kind operand)*` as one flat node; `kind` is spelled as a word or as `op`. */
  #joined(kind: 'or' | 'and', op: string, operand: () => Expr): Expr {
    const first = operand();
    if (!(this.#isWord(kind) || this.#isOp(op))) return first;
    const terms = [first];
    while (this.#isWord(kind) || this.#isOp(op)) {
      const t = this.#next();
      terms.push(this.#operandOf(t, operand));
    }
    return { kind, terms, span: join(first.span, terms.at(-1)!.span) };
  }

  #not(): Expr {
    // A run of "!" is read in a loop: `! ! ! … x` does not recurse.
    const nots: Token[] = [];
    while (this.#isWord('not') || this.#isOp('!')) {
      const t = this.#next();
      if (this.#peek().kind === 'end') throw this.#after(t, `expected an expression after "${t.text}"`);
      nots.push(t);
    }
    let expr = this.#group();
    for (let i = nots.length - 1; i >= 0; i--) expr = { kind: 'not', expr, span: join(span(nots[i]!), expr.span) };
    return expr;
  }

  /** `( expr )` one level deeper, or a test. */
  #group(): Expr {
    if (!this.#isOp('(')) return this.#test();
    const open = this.#next();
    this.#enter(open);
    const expr = this.#or();
    const close = this.#peek();
    if (!(close.kind === 'op' && close.text === ')')) {
      if (close.kind === 'end') throw this.#error(open, 'this "(" is never closed', 'add a ")"');
      throw this.#error(close, `expected ")" or an operator, found ${describe(close)}`);
    }
    this.#next();
    this.#depth--;
    return expr;
  }

  /** One level deeper at `t` (a "(" or a function's name); a syntax error past MAX_FILTER_DEPTH. */
  #enter(t: Token): void {
    if (++this.#depth > MAX_FILTER_DEPTH)
      throw this.#error(
        t,
        `the filter nests too deeply (more than ${MAX_FILTER_DEPTH} levels of "(" and function calls)`,
        'remove parentheses that group nothing, or split the filter',
      );
  }

  /** Parses what must follow operator token `t`, with "expected … after" when nothing does. */
  #operandOf<T>(t: Token, parse: () => T): T {
    const n = this.#peek();
    if (n.kind === 'end') throw this.#after(t, `expected an expression after "${t.text}"`);
    return parse();
  }

  #test(): Expr {
    let quantifier: 'any' | 'all' | undefined;
    const first = this.#peek();
    if (first.kind === 'word' && (first.text === 'any' || first.text === 'all') && startsOperand(this.#tokens[this.#pos + 1]!)) {
      this.#next();
      quantifier = first.text;
    }
    const left = this.#operand();
    const t = this.#peek();
    const cmp = t.kind === 'op' || t.kind === 'word' ? COMPARE[t.text] : undefined;
    if (cmp !== undefined) {
      this.#next();
      if (this.#peek().kind === 'end') throw this.#after(t, `expected a value after "${t.text}"`);
      const right = this.#operand();
      const after = this.#peek();
      if ((after.kind === 'op' || after.kind === 'word') && COMPARE[after.text] !== undefined) {
        throw this.#error(after, `comparisons cannot be chained ("${t.text}" then "${after.text}")`, 'join them with "&&"');
      }
      return {
        kind: 'compare',
        op: cmp.op,
        quantifier: quantifier ?? cmp.quantifier,
        left,
        right,
        opText: t.text,
        opSpan: span(t),
        span: join(first.kind === 'end' ? left.span : span(first), right.span),
      };
    }
    if (
      this.#isWord('in') ||
      (this.#isWord('not') && this.#tokens[this.#pos + 1]!.kind === 'word' && this.#tokens[this.#pos + 1]!.text === 'in')
    ) {
      const negated = this.#next().text === 'not';
      if (negated) this.#next();
      const members = this.#set();
      const last = this.#tokens[this.#pos - 1]!;
      return { kind: 'in', negated, quantifier: quantifier ?? 'any', left, members, span: join(left.span, span(last)) };
    }
    if (quantifier !== undefined)
      throw this.#after(
        this.#tokens[this.#pos - 1]!,
        `expected a comparison after "${quantifier} ${this.#text.slice(left.span.offset, left.span.offset + left.span.length)}"`,
      );
    return { kind: 'test', operand: left, span: left.span };
  }

  #set(): SetMember[] {
    const open = this.#peek();
    if (!(open.kind === 'op' && open.text === '{')) throw this.#at(open, `expected "{" to start the set of values after "in"`);
    this.#next();
    const members: SetMember[] = [];
    for (;;) {
      const t = this.#peek();
      if (t.kind === 'op' && t.text === '}') {
        if (members.length === 0) throw this.#error(t, 'the set of values is empty');
        this.#next();
        return members;
      }
      if (t.kind === 'end') throw this.#error(open, 'this "{" is never closed', 'add a "}"');
      if (members.length > 0 && t.kind === 'op' && t.text === ',') {
        this.#next();
        const n = this.#peek();
        if (n.kind === 'op' && n.text === '}') throw this.#error(n, 'expected a value after ","');
      }
      const low = this.#value();
      if (this.#isOp('..')) {
        const dots = this.#next();
        if (!startsOperand(this.#peek())) throw this.#after(dots, 'expected the end of the range after ".."');
        members.push({ low, high: this.#value() });
      } else members.push({ low });
    }
  }

  #operand(): Operand {
    const left = this.#value();
    if (!(this.#isOp('&') || this.#isWord('bitwise_and'))) return left;
    const masks: Operand[] = [];
    while (this.#isOp('&') || this.#isWord('bitwise_and')) {
      const t = this.#next();
      if (!startsOperand(this.#peek())) throw this.#after(t, `expected a value after "${t.text}"`);
      masks.push(this.#value());
    }
    return { kind: 'bitand', left, masks, span: join(left.span, masks.at(-1)!.span) };
  }

  #value(): Operand {
    const t = this.#peek();
    if (t.kind === 'string') {
      this.#next();
      return { kind: 'string', bytes: t.bytes!, text: t.text, span: span(t) };
    }
    if (t.kind === 'char') {
      this.#next();
      return { kind: 'char', value: t.char!, text: t.text, span: span(t) };
    }
    if (t.kind !== 'word' || KEYWORDS.has(t.text)) {
      if (t.kind === 'end') throw this.#at(t, 'expected a field, a value or "(" at the end of the filter');
      if (t.kind === 'slice') throw this.#error(t, 'a slice "[…]" must follow a field directly');
      throw this.#error(t, `expected a field or a value, found ${describe(t)}`);
    }
    this.#next();
    const next = this.#peek();
    if (next.kind === 'op' && next.text === '(') return this.#call(t);
    let layers: Range[] | undefined;
    if (next.kind === 'op' && next.text === '#' && next.joined) {
      this.#next();
      layers = this.#layers();
    }
    const slice = this.#slice();
    const end = this.#tokens[this.#pos - 1]!;
    return { kind: 'word', text: t.text, span: join(span(t), span(end)), ...(layers ? { layers } : {}), ...(slice ? { slice } : {}) };
  }

  #call(name: Token): Operand {
    if (!FUNCTIONS.has(name.text))
      throw this.#error(name, `"${name.text}" is not a function`, `the functions are ${[...FUNCTIONS].join(', ')}`);
    const open = this.#next();
    this.#enter(name);
    const args: Operand[] = [];
    if (!this.#isOp(')')) {
      for (;;) {
        if (this.#peek().kind === 'end') throw this.#error(open, `${name.text}( is never closed`, 'add a ")"');
        args.push(this.#operand());
        if (this.#isOp(',')) this.#next();
        else break;
      }
    }
    const close = this.#peek();
    if (!(close.kind === 'op' && close.text === ')')) {
      if (close.kind === 'end') throw this.#error(open, `${name.text}( is never closed`, 'add a ")"');
      throw this.#error(close, `expected "," or ")" in the arguments of ${name.text}(), found ${describe(close)}`);
    }
    this.#next();
    this.#depth--;
    const slice = this.#slice();
    const end = this.#tokens[this.#pos - 1]!;
    return { kind: 'call', name: name.text, args, span: join(span(name), span(end)), ...(slice ? { slice } : {}) };
  }

  /** `#2` or `#[1-3,5]` after a field. */
  #layers(): Range[] {
    const t = this.#peek();
    if (t.kind === 'word' && t.joined && /^\d+$/.test(t.text)) {
      this.#next();
      const n = Number(t.text);
      return [{ low: n, high: n }];
    }
    if (t.kind === 'slice') {
      this.#next();
      return parseRanges(t, this.#text, (piece, at) => {
        const m = /^(\d+)(?:-(\d+))?$/.exec(piece);
        if (!m) throw syntaxError(this.#text, at, `"${piece}" is not a layer number or range (e.g. #2 or #[2-4])`);
        return { low: Number(m[1]), high: Number(m[2] ?? m[1]) };
      });
    }
    throw this.#at(t, 'expected a layer number after "#" (e.g. ip.addr#2)');
  }

  #slice(): SliceRange[] | undefined {
    const t = this.#peek();
    if (t.kind !== 'slice') return undefined;
    this.#next();
    return parseRanges(t, this.#text, (piece, at) => parseSliceRange(piece, at, this.#text));
  }

  #peek(): Token {
    return this.#tokens[this.#pos]!;
  }

  #next(): Token {
    return this.#tokens[this.#pos++]!;
  }

  #isOp(text: string): boolean {
    const t = this.#peek();
    return t.kind === 'op' && t.text === text;
  }

  #isWord(text: string): boolean {
    const t = this.#peek();
    return t.kind === 'word' && t.text === text;
  }

  #error(t: Token, reason: string, hint?: string) {
    return syntaxError(this.#text, span(t), reason, hint);
  }

  /** An error at token `t`, or just past the previous token when `t` is the end. */
  #at(t: Token, reason: string) {
    if (t.kind !== 'end') return this.#error(t, reason);
    const prev = this.#tokens[this.#pos - 1];
    return prev ? this.#after(prev, reason) : syntaxError(this.#text, { offset: 0, length: 1 }, reason);
  }

  /** An error just past token `t` (where the missing piece should be). */
  #after(t: Token, reason: string, hint?: string) {
    return syntaxError(this.#text, { offset: t.offset + t.length, length: 1 }, reason, hint);
  }
}

function startsOperand(t: Token): boolean {
  return t.kind === 'string' || t.kind === 'char' || (t.kind === 'word' && !KEYWORDS.has(t.text));
}

function span(t: Token): Span {
  return { offset: t.offset, length: Math.max(1, t.length) };
}

function join(a: Span, b: Span): Span {
  return { offset: a.offset, length: b.offset + b.length - a.offset };
}

function describe(t: Token): string {
  if (t.kind === 'end') return 'the end of the filter';
  return `"${t.kind === 'slice' ? `[${t.text}]` : t.text}"`;
}

/** Splits the inside of `[…]` at commas, reporting each piece's own column. */
function parseRanges<T>(t: Token, text: string, one: (piece: string, at: Span) => T): T[] {
  const out: T[] = [];
  let offset = t.offset + 1;
  for (const raw of t.text.split(',')) {
    const lead = raw.length - raw.trimStart().length;
    const piece = raw.trim();
    const at = { offset: offset + lead, length: Math.max(1, piece.length) };
    if (piece === '') throw syntaxError(text, at, 'empty range in "[…]"');
    out.push(one(piece, at));
    offset += raw.length + 1;
  }
  return out;
}

/** `i:j` (start, length), `i-j` (start, inclusive end), `i`, `:j`, `i:`; offsets may be negative. */
function parseSliceRange(piece: string, at: Span, text: string): SliceRange {
  const m = /^(-?\d+)?(?:(:)(-?\d+)?|-(-?\d+))?$/.exec(piece.replace(/\s+/g, ''));
  if (!m || (m[1] === undefined && m[2] === undefined))
    throw syntaxError(text, at, `"${piece}" is not a slice (use [start:length], [start-end], [start] or [start:])`);
  const start = m[1] === undefined ? 0 : Number(m[1]);
  if (m[2] === ':') {
    if (m[3] === undefined) return { start };
    const length = Number(m[3]);
    if (length <= 0) throw syntaxError(text, at, `the slice length must be positive, not ${length}`);
    return { start, length };
  }
  if (m[4] !== undefined) return { start, end: Number(m[4]) };
  return { start, length: 1 };
}
