import { describe, expect, it } from 'vitest';
import { EXCERPT_WIDTH } from '../../native-bridge/filter/errors.js';
import { compileFilter, FilterError, MAX_FILTER_DEPTH } from '../../native-bridge/filter/index.js';
import { nestedQuantifier } from '../../native-bridge/filter/regex.js';
import { decode, hexBytes } from '../dissect/link-helpers.js';
import { failure } from './failure.js';

/**
 * No filter, however deep or long, runs the parser, the compiler or a compiled filter out of
 * stack: nesting past MAX_FILTER_DEPTH is a syntax error at the "(" (or function) that goes too
 * deep; chains of any length are flat and match in loops.
 */

/** An Ethernet/IPv4/TCP SYN (flags 0x02) from 10.0.0.1:1234 to 10.0.0.2:80. */
const SYN = decode(
  1,
  hexBytes(
    '020000000002 020000000001 0800' +
      '4500 0028 0001 0000 4006 0000 0a000001 0a000002' +
      '04d2 0050 00000001 00000000 5002 2000 0000 0000',
  ),
).tree;

const nested = (n: number, inner: string) => `${'('.repeat(n)}${inner}${')'.repeat(n)}`;

describe('filter nesting limit', () => {
  it('takes MAX_FILTER_DEPTH levels of parentheses and refuses one more at its "("', () => {
    expect(compileFilter(nested(MAX_FILTER_DEPTH, 'tcp.port == 80')).matches(SYN)).toBe(true);
    const e = failure(nested(MAX_FILTER_DEPTH + 1, 'tcp.port == 80'));
    expect(e.code).toBe('FILTER_SYNTAX');
    expect(e.column).toBe(MAX_FILTER_DEPTH + 1);
    expect(e.reason).toBe(`the filter nests too deeply (more than ${MAX_FILTER_DEPTH} levels of "(" and function calls)`);
    expect(e.message).toMatch(new RegExp(`^filter:${MAX_FILTER_DEPTH + 1}: the filter nests too deeply`));
    const [line, caret] = e.excerpt().split('\n') as [string, string];
    expect(line[caret.length - 1]).toBe('(');
    expect(line.slice(0, caret.length - 1)).toMatch(/^…?\(+$/);
  });

  it('answers 3,000 parentheses, open or balanced, with the same syntax error', () => {
    for (const text of [nested(3000, 'ip'), '('.repeat(3000), `${'ip && ('.repeat(3000)}ip${')'.repeat(3000)}`]) {
      const e = failure(text);
      expect(e.code).toBe('FILTER_SYNTAX');
      expect(e.reason).toMatch(/nests too deeply/);
    }
  });

  it('shows a long filter clipped around the caret in the excerpt', () => {
    const [line, caret] = failure(`ip && ${nested(3000, 'ip')}`)
      .excerpt()
      .split('\n') as [string, string];
    expect(line.length).toBeLessThanOrEqual(EXCERPT_WIDTH + 2);
    expect(line.startsWith('…') && line.endsWith('…')).toBe(true);
    expect(line[caret.length - 1]).toBe('(');
    expect(caret).toMatch(/^ +\^$/);
    const end = failure(`${'ip || '.repeat(1000)}`)
      .excerpt()
      .split('\n') as [string, string];
    expect(end[0]).toMatch(/^….*\|\| $/);
    expect(end[0].slice(end[1].length - 3, end[1].length)).toBe('|| ');
  });

  it('counts function calls as levels: len(len(…)) past the limit is refused at the function', () => {
    const text = `${'len('.repeat(3000)}tcp.port${')'.repeat(3000)} > 0`;
    const e = failure(text);
    expect(e.code).toBe('FILTER_SYNTAX');
    expect(e.column).toBe(MAX_FILTER_DEPTH * 4 + 1);
    expect(failure(`(${'len('.repeat(MAX_FILTER_DEPTH)}tcp.port${')'.repeat(MAX_FILTER_DEPTH)} > 0)`).reason).toMatch(/nests too deeply/);
  });
});

describe('long chains stay flat', () => {
  it('takes 100,000 "!" (as TShark does) and negates by their parity', () => {
    const even = compileFilter(`${'!'.repeat(100_000)}tcp`);
    const odd = compileFilter(`${'not '.repeat(100_001)}tcp`);
    expect(even.matches(SYN)).toBe(true);
    expect(odd.matches(SYN)).toBe(false);
  });

  it('compiles and matches 100,000-term || and && chains', () => {
    const or = compileFilter(
      [...Array.from({ length: 99_999 }, (_, i) => `tcp.port == ${(i % 65_000) + 100}`), 'tcp.port == 80'].join(' || '),
    );
    expect(or.matches(SYN)).toBe(true);
    expect(or.fields.length).toBe(1);
    const and = Array.from({ length: 100_000 }, () => 'ip.src == 10.0.0.1');
    expect(compileFilter(and.join(' && ')).matches(SYN)).toBe(true);
    expect(compileFilter([...and, 'udp'].join(' and ')).matches(SYN)).toBe(false);
    // Alternating "and" and "or" without parentheses is two levels, whatever its length.
    expect(compileFilter(Array.from({ length: 50_000 }, () => 'udp && ip').join(' || ')).matches(SYN)).toBe(false);
  });

  it('folds 100,000 masks of a "&" chain into one', () => {
    expect(compileFilter(`tcp.flags${' & 0xff'.repeat(100_000)} & 0x02`).matches(SYN)).toBe(true);
    expect(compileFilter(`tcp.flags${' & 0xff'.repeat(100_000)} & 0x10`).matches(SYN)).toBe(false);
    expect(compileFilter('tcp.flags & 0x12 & 0x03 == 2').matches(SYN)).toBe(true);
    expect(compileFilter('eth.src & ff:ff:ff:ff:ff:ff & 00:00:00:00:00:ff == 00:00:00:00:00:01').matches(SYN)).toBe(true);
  });

  it('matches a 20,000-term chain of "frame matches" in time linear in the chain (the frame is read as text once)', () => {
    // Fuzzing found 95,000 such terms taking 54 s over 89 packets: each test decoded the frame again.
    const big = decode(
      1,
      Uint8Array.from({ length: 60_000 }, (_, i) => (i < 12 ? 2 : 0x41)),
    ).tree;
    const chain = Array.from({ length: 20_000 }, (_, i) => `frame matches "^no such text ${i}"`).join(' || ');
    const f = compileFilter(`${chain} || frame matches "^\\x02"`);
    const start = performance.now();
    for (let i = 0; i < 3; i++) expect(f.matches(big)).toBe(true);
    // Decoding 60 kB for each of the 20,000 tests took seconds a packet.
    expect(performance.now() - start).toBeLessThan(1500);
    // Ranges of one buffer are told apart: the slice is not the frame.
    expect(compileFilter('frame matches "^\\x02" && frame[12:2] matches "^\\x08\\x00$"').matches(SYN)).toBe(true);
    expect(compileFilter('frame matches "^\\x02" && frame[12:2] matches "^\\x02"').matches(SYN)).toBe(false);
    expect(compileFilter('frame[12:2] matches "^\\x08" && frame matches "^\\x08"').matches(SYN)).toBe(false);
  });

  it('takes a set of 100,000 members', () => {
    // Ports repeat past 65,000 members: a port above 65535 does not compile.
    const members = Array.from({ length: 100_000 }, (_, i) => String((i % 65_000) + 81)).join(' ');
    expect(compileFilter(`tcp.port in {${members}}`).matches(SYN)).toBe(true);
    expect(compileFilter(`tcp.dstport in {${members}}`).matches(SYN)).toBe(false);
  });
});

describe('regular expressions that would backtrack exponentially', () => {
  it('refuses a group with an unbounded repeat inside that is itself repeated, naming it', () => {
    for (const [pattern, group] of [
      ['(a+)+$', '(a+)+'],
      ['^(x*y)*z', '(x*y)*'],
      ['((ab)+c){2,}', '((ab)+c){2,}'],
      ['(?:\\d+\\.)+x', '(?:\\d+\\.)+'],
    ] as const) {
      expect(nestedQuantifier(pattern), pattern).toBe(group);
      expect(() => compileFilter(`frame matches "${pattern.replaceAll('\\', '\\\\')}"`)).toThrow(/repeats a group that itself repeats/);
    }
  });

  it('accepts repeats that cannot nest: bounded, in classes, escaped, or one level', () => {
    for (const pattern of ['(a+)?', '(ab)+', '(a{1,3})+', '[(a+)]+', '\\(a+\\)+', 'a+b*c', '(GET|POST) /[^ ]+', '(a+)(b+)'])
      expect(nestedQuantifier(pattern), pattern).toBeUndefined();
  });

  it('a refused pattern is answered at once, before any packet is matched', () => {
    const t0 = performance.now();
    expect(() => compileFilter('frame matches "(a+)+$"')).toThrow(/exponential time/);
    expect(performance.now() - t0).toBeLessThan(100);
  });
});
