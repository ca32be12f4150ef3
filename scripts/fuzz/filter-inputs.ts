import { fieldTable } from '../../native-bridge/dissect/index.js';
import { COMPARE, KEYWORDS, MAX_FILTER_DEPTH } from '../../native-bridge/filter/index.js';
import type { Random } from './random.js';

/**
 * Display-filter inputs for the filter fuzz target: token soups, mutated valid filters, deep
 * nesting, long chains, odd Unicode, huge numbers and slices. Each generator takes the
 * iteration's Random, so an input is rebuilt from (seed, iteration) alone.
 */

/** Every operator and keyword the parser knows (its own tables), then the other punctuation a filter may hold. */
const OPERATORS = [
  ...new Set([
    ...Object.keys(COMPARE),
    ...KEYWORDS,
    '~=',
    'in',
    'not in',
    '&',
    '&&',
    '||',
    '!',
    'any',
    'all',
    '(',
    ')',
    '{',
    '}',
    ',',
    '..',
    '#',
    '[',
    ']',
    '=',
    '|',
    '^',
    '+',
    '*',
    '%',
    '$',
    '\\',
    '"',
    "'",
    ':',
    '-',
    '/',
  ]),
];

const LITERALS = [
  '0',
  '1',
  '-1',
  '80',
  '0x10',
  '0xffffffff',
  '0x1ffffffffffffffff',
  '18446744073709551616',
  '99999999999999999999999999',
  '-9223372036854775809',
  '1e308',
  '1e-400',
  '1.5',
  '.5',
  '5.',
  'NaN',
  'Infinity',
  '-0',
  '0b101',
  '0o17',
  '017',
  '10.0.0.1',
  '10.0.0.0/8',
  '10.0.0.0/33',
  '999.1.1.1',
  '::1',
  '2001:db8::/32',
  '2001:db8::/129',
  ':::',
  'fe80::1%eth0',
  'ff:ff:ff:ff:ff:ff',
  '00-11-22-33-44-55',
  '0011.2233.4455',
  '01:02',
  '1:2:3',
  'True',
  'False',
  'true',
  'TRUE',
  '"x"',
  '""',
  '"\\x41\\101\\u00e9\\U0001F600"',
  '"\\xZZ"',
  '"\\u12"',
  '"\\777"',
  'r"\\d+(\\w)*$"',
  '"(a+)+$"',
  '"[[:digit:]]"',
  "'a'",
  "'\\n'",
  "'\\x41'",
  "'ab'",
  "''",
  '"2023-11-14 22:13:20Z"',
  '"Jan  1, 1970 00:00:00"',
  '1700000000.123456789',
];

const SLICES = [
  '[0]',
  '[0:2]',
  '[-1]',
  '[-4:]',
  '[1-3]',
  '[:3]',
  '[2:]',
  '[0:0]',
  '[0:-1]',
  '[3-1]',
  '[1,3-5,9:]',
  '[99999999999]',
  '[-99999999999:2]',
  '[0:4294967296]',
  '[9007199254740993]',
  '[ 1 : 2 ]',
  '[]',
  '[,]',
  '[a]',
  '[1:2:3]',
  '[--1]',
];
const LAYERS = ['#1', '#2', '#0', '#[1-3]', '#[3-1]', '#999999999', '#[1-2,4]', '#-1', '#', '#x'];
const FUNCTIONS = ['len', 'count', 'upper', 'lower', 'string', 'max', 'min', 'abs', 'nosuch'];

/** Odd Unicode: astral, combining, right-to-left, full-width look-alikes, lone surrogates, controls. */
const UNICODE = [
  '\u{1F600}',
  'e\u0301',
  '\u202Etcp',
  '\uFF1D\uFF1D',
  'ｔｃｐ',
  '\uD800',
  '\uDC00',
  '\u0000',
  '\u00A0',
  '\u2028',
  '\uFEFF',
  '\t',
  '\n',
  '\r',
  'İ',
  'ß',
  'ﬀ',
  '"\u{1F600}"',
  "'\u{1F600}'",
  'tcp\u0000.port',
  'ip\u200B.src',
];

let fieldNames: string[] | undefined;

/** The registered filter names (read once: the table is complete once dissect has loaded). */
function fields(): string[] {
  fieldNames ??= fieldTable.all().map((f) => f.abbrev);
  return fieldNames;
}

function field(r: Random): string {
  const name = r.pick(fields());
  if (r.chance(0.15)) return name + r.pick(SLICES);
  if (r.chance(0.08)) return name + r.pick(LAYERS);
  return name;
}

function token(r: Random): string {
  switch (r.int(6)) {
    case 0:
    case 1:
      return field(r);
    case 2:
    case 3:
      return r.pick(OPERATORS);
    case 4:
      return r.chance(0.8) ? r.pick(LITERALS) : r.pick(UNICODE);
    default:
      return r.chance(0.5) ? `${r.pick(FUNCTIONS)}(` : r.pick(SLICES);
  }
}

/** 1–30 tokens, blank-separated or not. */
export function tokenSoup(r: Random): string {
  const n = r.range(1, 30);
  const sep = r.pick([' ', '', ' ', '  ']);
  return Array.from({ length: n }, () => token(r)).join(sep);
}

/** A valid filter from the conformance cases, changed in one to three places. */
export function mutated(r: Random, seeds: readonly string[]): string {
  let text = r.pick(seeds);
  for (let n = r.range(1, 3); n > 0; n--) {
    const at = r.int(text.length + 1);
    const len = r.int(Math.min(8, text.length - at) + 1);
    switch (r.int(7)) {
      case 0:
        text = text.slice(0, at) + text.slice(at + len);
        break;
      case 1:
        text = `${text.slice(0, at)} ${token(r)} ${text.slice(at)}`;
        break;
      case 2:
        text = text.slice(0, at) + text.slice(at, at + len).repeat(r.range(2, 50)) + text.slice(at + len);
        break;
      case 3:
        text = text.slice(0, at) + String.fromCodePoint(r.chance(0.5) ? r.int(0x80) : r.int(0x110000) & ~0x800) + text.slice(at + 1);
        break;
      case 4:
        text = r.chance(0.5) ? `!(${text})` : `(${text}) ${r.pick(['&&', '||'])} ${r.pick(seeds)}`;
        break;
      case 5:
        text = text.slice(0, at) + r.pick(UNICODE) + text.slice(at);
        break;
      default:
        text = text.slice(0, at) + r.pick(LITERALS) + text.slice(at + len);
    }
  }
  return text;
}

/** Nesting around a seed: "(", "!", "not ", function calls, mixed, closed or not, near and far past the limit. */
export function deep(r: Random, seeds: readonly string[]): string {
  const depth = r.chance(0.5) ? MAX_FILTER_DEPTH + r.range(-2, 2) : r.range(1, 5000);
  const inner = r.chance(0.7) ? r.pick(seeds) : field(r);
  const opens: string[] = [];
  const closes: string[] = [];
  const kinds = r.chance(0.5)
    ? [r.pick(['(', '!', 'not ', 'len(', '!(', 'ip && (', 'max(tcp.port,'])]
    : ['(', '!', 'not ', 'len(', '!(', 'ip && ('];
  for (let i = 0; i < depth; i++) {
    const k = r.pick(kinds);
    opens.push(k);
    closes.push(k.endsWith('(') || k.endsWith(',') ? ')' : '');
  }
  const balanced = r.chance(0.8);
  return opens.join('') + inner + (balanced ? closes.reverse().join('') : '') + (r.chance(0.3) ? ' > 0' : '');
}

/** A long flat chain: ||/&& terms, & masks or set members, up to `max` pieces. */
export function chain(r: Random, seeds: readonly string[], max: number): string {
  const n = r.range(2, max);
  switch (r.int(4)) {
    case 0: {
      const ops = r.chance(0.5) ? [r.pick(['||', '&&', 'or', 'and'])] : ['||', '&&', 'or', 'and'];
      const terms = r.chance(0.5) ? [r.pick(seeds)] : seeds;
      return Array.from({ length: n }, () => `${r.pick(terms)} ${r.pick(ops)}`).join(' ') + ` ${r.pick(terms)}`;
    }
    case 1:
      return `${r.pick(['tcp.flags', 'ip.flags', 'eth.src', 'frame.len', 'udp.port'])}${' & 0xff'.repeat(n)} ${r.pick(['', '== 2', '!= 0'])}`;
    case 2:
      return `tcp.port in {${Array.from({ length: n }, (_, i) => (r.chance(0.1) ? `${i}..${i + r.int(100)}` : String(i))).join(r.pick([' ', ', ']))}}`;
    default:
      return `${'!'.repeat(n)}${r.pick(seeds)}`;
  }
}

/** One input of the filter target; `longChains` bounds the chain lengths (the CI run keeps them short). */
export function filterInput(r: Random, seeds: readonly string[], longChains: number): string {
  const kind = r.int(20);
  if (kind < 7) return tokenSoup(r);
  if (kind < 16) return mutated(r, seeds);
  if (kind < 18) return deep(r, seeds);
  return chain(r, seeds, longChains);
}
