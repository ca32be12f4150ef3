import { syntaxError } from './errors.js';

/**
 * Tokens of the display-filter language. Like Wireshark's scanner, anything made of letters,
 * digits and `_ . : - /` is one `word`: a field name (`tcp.port`), a number (`0x50`), an
 * address (`10.0.0.0/8`, `2001:db8::1`, `00:11:22:33:44:55`) or a bare string. What a word
 * means is decided later, from the field on the other side of the operator. A word never
 * contains `..` (the range operator in sets, `{80..90}`).
 */
export type TokenKind =
  | 'word'
  | 'string' // "…" or r"…"; `bytes` holds the decoded bytes
  | 'char' // 'a', '\n', '\x41': an integer
  | 'slice' // [ … ] right after an operand; `text` holds what is inside
  | 'op' // punctuation and symbolic operators
  | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** The source text (for `string`: with quotes; for `slice`: inside the brackets). */
  readonly text: string;
  readonly offset: number;
  readonly length: number;
  /** Decoded bytes of a string literal. */
  readonly bytes?: Uint8Array;
  /** Value of a character constant. */
  readonly char?: number;
  /** True when no blank separates this token from the previous one (`ip.addr#2`, `eth.src[0]`, `len(`). */
  readonly joined: boolean;
}

const WORD = /[A-Za-z0-9_.:\-/]/;
/** Symbolic operators, longest first so `===` wins over `==`. */
const OPS = [
  '===',
  '!==',
  '==',
  '!=',
  '~=',
  '<=',
  '>=',
  '&&',
  '||',
  '..',
  '!',
  '~',
  '<',
  '>',
  '&',
  '(',
  ')',
  '{',
  '}',
  ',',
  '#',
  '=',
  '|',
  '+',
  '*',
  '%',
  '^',
];

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { "'": 0x27, '"': 0x22, '\\': 0x5c, a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11 };
const utf8 = new TextEncoder();

export function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let lastEnd = -1;
  const push = (t: Omit<Token, 'joined'>) => {
    // Adds `joined` to the literal in place: a spread copy made long filters lex 5× slower.
    tokens.push(Object.assign(t, { joined: t.offset === lastEnd }));
    lastEnd = t.offset + t.length;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '"' || (c === 'r' && text[i + 1] === '"')) {
      const raw = c === 'r';
      const end = scanString(text, raw ? i + 1 : i);
      push({
        kind: 'string',
        text: text.slice(i, end),
        offset: i,
        length: end - i,
        bytes: decodeString(text, raw ? i + 2 : i + 1, end - 1, raw),
      });
      i = end;
      continue;
    }
    if (c === "'") {
      const end = scanChar(text, i);
      push({ kind: 'char', text: text.slice(i, end), offset: i, length: end - i, char: decodeChar(text, i, end) });
      i = end;
      continue;
    }
    if (c === '[' && tokens.length > 0 && lastEnd === i) {
      const close = text.indexOf(']', i);
      if (close < 0) throw syntaxError(text, { offset: i, length: text.length - i }, 'missing "]" after the slice');
      push({ kind: 'slice', text: text.slice(i + 1, close), offset: i, length: close + 1 - i });
      i = close + 1;
      continue;
    }
    if (WORD.test(c) && !text.startsWith('..', i)) {
      let j = i;
      while (j < text.length && WORD.test(text[j]!) && !text.startsWith('..', j)) j++;
      push({ kind: 'word', text: text.slice(i, j), offset: i, length: j - i });
      i = j;
      continue;
    }
    if (c === '[') throw syntaxError(text, { offset: i, length: 1 }, 'a slice "[…]" must follow its field directly, without a space');
    const op = OPS.find((o) => text.startsWith(o, i));
    if (op === undefined) throw syntaxError(text, { offset: i, length: 1 }, `"${c}" is not allowed here`);
    if (op === '=') throw syntaxError(text, { offset: i, length: 1 }, '"=" is not an operator', 'use "==" to compare');
    if (op === '|') throw syntaxError(text, { offset: i, length: 1 }, '"|" is not an operator', 'use "||" or "or"');
    if (op === '^')
      throw syntaxError(
        text,
        { offset: i, length: 1 },
        '"^" is not an operator',
        'Wireshark 4.0 filters have no xor; write (a && !b) || (!a && b)',
      );
    if (op === '+' || op === '*' || op === '%')
      throw syntaxError(text, { offset: i, length: 1 }, `arithmetic ("${op}") is not supported in filters`);
    push({ kind: 'op', text: op, offset: i, length: op.length });
    i += op.length;
  }
  tokens.push({ kind: 'end', text: '', offset: text.length, length: 0, joined: false });
  return tokens;
}

/** Index just past the closing quote of the string starting at `q` (a `"`). */
function scanString(text: string, q: number): number {
  for (let j = q + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '"') return j + 1;
  }
  throw syntaxError(text, { offset: q, length: text.length - q }, 'the string has no closing quote (")');
}

function scanChar(text: string, q: number): number {
  for (let j = q + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === "'") return j + 1;
  }
  throw syntaxError(text, { offset: q, length: text.length - q }, "the character constant has no closing quote (')");
}

/**
 * Decodes text[from, to) with Wireshark's escapes: \" \\ \a \b \f \n \r \t \v \' , \NNN
 * (octal byte), \xNN (hex byte), \uNNNN and \UNNNNNNNN (code points, as UTF-8). A raw string
 * keeps every backslash (only `\"` does not end it).
 */
function decodeString(text: string, from: number, to: number, raw: boolean): Uint8Array {
  const out: number[] = [];
  const addText = (s: string) => {
    for (const b of utf8.encode(s)) out.push(b);
  };
  let j = from;
  while (j < to) {
    const c = text[j]!;
    if (c !== '\\' || raw) {
      const cp = text.codePointAt(j)!;
      addText(String.fromCodePoint(cp));
      j += cp > 0xffff ? 2 : 1;
      if (raw && c === '\\' && j < to) addText(text[j++]!); // \" stays as both characters
      continue;
    }
    const [value, next, isCodePoint] = readEscape(text, j, to);
    if (isCodePoint) addText(String.fromCodePoint(value));
    else out.push(value);
    j = next;
  }
  return Uint8Array.from(out);
}

/** Decodes the escape at text[j] (a backslash): [value, index after it, value is a code point]. */
function readEscape(text: string, j: number, to: number): [number, number, boolean] {
  const e = text[j + 1];
  if (e !== undefined && SIMPLE_ESCAPES[e] !== undefined) return [SIMPLE_ESCAPES[e]!, j + 2, false];
  /** End of the run of at most `max` characters matching `re` from `from`. */
  const digits = (re: RegExp, max: number, from = j + 2) => {
    let k = from;
    while (k < to && k < from + max && re.test(text[k]!)) k++;
    return k;
  };
  if (e !== undefined && e >= '0' && e <= '7') {
    const k = digits(/[0-7]/, 3, j + 1);
    const v = parseInt(text.slice(j + 1, k), 8);
    if (v > 0xff)
      throw syntaxError(text, { offset: j, length: k - j }, `\\${text.slice(j + 1, k)} is not a byte (octal escapes go up to \\377)`);
    return [v, k, false];
  }
  if (e === 'x') {
    const k = digits(/[0-9A-Fa-f]/, 2);
    if (k === j + 2) throw syntaxError(text, { offset: j, length: 2 }, '\\x must be followed by one or two hex digits');
    return [parseInt(text.slice(j + 2, k), 16), k, false];
  }
  if (e === 'u' || e === 'U') {
    const n = e === 'u' ? 4 : 8;
    const k = digits(/[0-9A-Fa-f]/, n);
    const v = parseInt(text.slice(j + 2, k), 16);
    if (k !== j + 2 + n || v > 0x10ffff)
      throw syntaxError(text, { offset: j, length: k - j }, `\\${e} must be followed by ${n} hex digits of a Unicode code point`);
    return [v, k, true];
  }
  throw syntaxError(
    text,
    { offset: j, length: 2 },
    `\\${e ?? ''} is not a valid escape sequence`,
    'write a backslash as \\\\ (or use a raw string, r"…")',
  );
}

function decodeChar(text: string, q: number, end: number): number {
  const body = text.slice(q + 1, end - 1);
  if (body.length === 0) throw syntaxError(text, { offset: q, length: end - q }, 'the character constant is empty');
  if (body[0] === '\\') {
    const [v, next, isCodePoint] = readEscape(text, q + 1, end - 1);
    if (next === end - 1 && (!isCodePoint || v <= 0xff)) return v;
  } else if (body.length === 1 && body.charCodeAt(0) <= 0xff) return body.charCodeAt(0);
  throw syntaxError(text, { offset: q, length: end - q }, `${text.slice(q, end)} is not a one-byte character constant`);
}
