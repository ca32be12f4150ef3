import { describe, expect, it } from 'vitest';
import { WirepoolError } from '../../native-bridge/common/errors.js';
import { checkFilter, compileFilter, FilterError } from '../../native-bridge/filter/index.js';
import type { Expr, Operand } from '../../native-bridge/filter/ast.js';
import { lex } from '../../native-bridge/filter/lexer.js';
import { parse } from '../../native-bridge/filter/parser.js';
import { failure } from './failure.js';

/** The parse tree as an s-expression, to check precedence and grouping. */
function show(e: Expr): string {
  const op = (o: Operand): string => {
    switch (o.kind) {
      case 'word':
        return (
          o.text +
          (o.layers ? `#${o.layers.map((r) => `${r.low}-${r.high}`).join(',')}` : '') +
          (o.slice
            ? `[${o.slice.map((r) => `${r.start}${r.length !== undefined ? `:${r.length}` : r.end !== undefined ? `-${r.end}` : ':'}`).join(',')}]`
            : '')
        );
      case 'string':
        return JSON.stringify(new TextDecoder().decode(o.bytes));
      case 'char':
        return `'${o.value}'`;
      case 'call':
        return `${o.name}(${o.args.map(op).join(',')})`;
      case 'bitand':
        // A chain prints grouped from the left, as `&` binds.
        return o.masks.reduce((l, m) => `(& ${l} ${op(m)})`, op(o.left));
    }
  };
  switch (e.kind) {
    case 'and':
    case 'or':
      // A chain prints grouped from the left, as it binds.
      return e.terms.slice(1).reduce((l, t) => `(${e.kind} ${l} ${show(t)})`, show(e.terms[0]!));
    case 'not':
      return `(not ${show(e.expr)})`;
    case 'test':
      return op(e.operand);
    case 'compare':
      return `(${e.quantifier === 'all' ? 'all ' : ''}${e.op} ${op(e.left)} ${op(e.right)})`;
    case 'in':
      return `(${e.negated ? 'not-in' : 'in'} ${op(e.left)} {${e.members.map((m) => (m.high ? `${op(m.low)}..${op(m.high)}` : op(m.low))).join(' ')}})`;
  }
}

describe('lexer', () => {
  it('reads addresses, CIDR, MACs and names as single words, and stops words at ".."', () => {
    const words = (t: string) =>
      lex(t)
        .filter((k) => k.kind !== 'end')
        .map((k) => `${k.kind}:${k.text}`);
    expect(words('ip.addr==10.0.0.0/8')).toEqual(['word:ip.addr', 'op:==', 'word:10.0.0.0/8']);
    expect(words('ipv6.addr == 2001:db8::/32')).toEqual(['word:ipv6.addr', 'op:==', 'word:2001:db8::/32']);
    expect(words('eth.addr eq 00-11-22-33-44-55')).toEqual(['word:eth.addr', 'word:eq', 'word:00-11-22-33-44-55']);
    expect(words('tcp.port in {80..90,443}')).toEqual([
      'word:tcp.port',
      'word:in',
      'op:{',
      'word:80',
      'op:..',
      'word:90',
      'op:,',
      'word:443',
      'op:}',
    ]);
    expect(words('!tcp&&udp||x')).toEqual(['op:!', 'word:tcp', 'op:&&', 'word:udp', 'op:||', 'word:x']);
    expect(words('a === 1 !== 2 ~= 3 ~ "x"')).toEqual([
      'word:a',
      'op:===',
      'word:1',
      'op:!==',
      'word:2',
      'op:~=',
      'word:3',
      'op:~',
      'string:"x"',
    ]);
    expect(words('eth.src[0:3] ip.src#2')).toEqual(['word:eth.src', 'slice:0:3', 'word:ip.src', 'op:#', 'word:2']);
  });

  it('decodes string escapes, raw strings and character constants', () => {
    const str = (t: string) => new TextDecoder().decode(lex(t)[0]!.bytes);
    expect(str('"\\x48EAD"')).toBe('HEAD');
    expect(str('"\\110EAD"')).toBe('HEAD');
    expect(str('"a\\"b\\\\c\\n"')).toBe('a"b\\c\n');
    expect(str('"\\u00e9\\U0001F600"')).toBe('é😀');
    expect(str('r"\\\\SERVER\\SHARE"')).toBe('\\\\SERVER\\SHARE');
    expect([...lex('"\\xff\\x00"')[0]!.bytes!]).toEqual([0xff, 0]);
    expect(lex("'\\n'")[0]!.char).toBe(10);
    expect(lex("'\\x41'")[0]!.char).toBe(0x41);
    expect(lex("'\\012'")[0]!.char).toBe(10);
    expect(lex("'a'")[0]!.char).toBe(97);
  });
});

describe('parser', () => {
  it('binds not tighter than and, and tighter than or (left to right)', () => {
    expect(show(parse('a and b or not c or d and not e or f'))).toBe('(or (or (or (and a b) (not c)) (and d (not e))) f)');
    expect(show(parse('a && (b || c)'))).toBe('(and a (or b c))');
    expect(show(parse('!a == 1'))).toBe('(not (== a 1))');
    expect(show(parse('not not a'))).toBe('(not (not a))');
  });

  it('reads every comparison operator and its quantifier', () => {
    const ops = ['== eq any_eq', '!= ne all_ne', '=== all_eq', '!== ~= any_ne', '< lt', '<= le', '> gt', '>= ge'];
    const want = ['(== a 1)', '(all != a 1)', '(all == a 1)', '(!= a 1)', '(< a 1)', '(<= a 1)', '(> a 1)', '(>= a 1)'];
    ops.forEach((group, i) => {
      for (const o of group.split(' ')) expect(show(parse(`a ${o} 1`))).toBe(want[i]);
    });
    expect(show(parse('a contains "x"'))).toBe('(contains a "x")');
    expect(show(parse('a matches "x" || a ~ "y"'))).toBe('(or (matches a "x") (matches a "y"))');
    expect(show(parse('all a > 1'))).toBe('(all > a 1)');
    expect(show(parse('any a != 1'))).toBe('(!= a 1)');
  });

  it('reads sets with commas or blanks, ranges, and not in', () => {
    expect(show(parse('p in {80 443}'))).toBe('(in p {80 443})');
    expect(show(parse('p in {80, 443, 8000..8080}'))).toBe('(in p {80 443 8000..8080})');
    expect(show(parse('p in {1 .. 3}'))).toBe('(in p {1..3})');
    expect(show(parse('m in {"GET" "HEAD"}'))).toBe('(in m {"GET" "HEAD"})');
    expect(show(parse('p not in {1}'))).toBe('(not-in p {1})');
  });

  it('reads slices, layers, functions and bitwise and', () => {
    expect(show(parse('eth.src[0:3] == 00:00:83'))).toBe('(== eth.src[0:3] 00:00:83)');
    expect(show(parse('frame[-4:] == 1 && frame[1,3-5,9:] && frame[2]'))).toBe(
      '(and (and (== frame[-4:] 1) frame[1:1,3-5,9:]) frame[2:1])',
    );
    expect(show(parse('ip.addr#2 == 1 && tcp.port#[2-4]'))).toBe('(and (== ip.addr#2-2 1) tcp.port#2-4)');
    expect(show(parse('len(http.host) > 3 && upper(a) == "X"'))).toBe('(and (> len(http.host) 3) (== upper(a) "X"))');
    expect(show(parse('tcp.flags & 0x02 && eth.addr[0] bitwise_and 0x0f == 2'))).toBe(
      '(and (& tcp.flags 0x02) (== (& eth.addr[0:1] 0x0f) 2))',
    );
  });
});

describe('errors', () => {
  it('are WirepoolErrors with a code, a 1-based column and a length', () => {
    const e = failure('frame.len == ');
    expect(e).toBeInstanceOf(WirepoolError);
    expect(e.code).toBe('FILTER_SYNTAX');
    expect(e.message).toBe('filter:13: expected a value after "=="');
    expect([e.column, e.length]).toEqual([13, 1]);
    expect(failure('tcp.port == ').message).toBe('filter:12: expected a value after "=="');
    expect(e.excerpt()).toBe('frame.len == \n            ^');
  });

  it.each([
    ['frame.len == 1 &&', 18, 'expected an expression after "&&"'],
    ['frame.len == 1 or', 18, 'expected an expression after "or"'],
    ['not', 4, 'expected an expression after "not"'],
    ['(frame.len == 1', 1, 'this "(" is never closed'],
    ['frame.len == 1)', 15, 'this ")" has no matching "("'],
    ['frame.len = 1', 11, '"=" is not an operator'],
    ['frame.len == 1 | eth', 16, '"|" is not an operator'],
    ['frame.len == 1 == 2', 16, 'comparisons cannot be chained ("==" then "==")'],
    ['frame.len == 1 frame.len == 2', 16, 'unexpected "frame.len" after a complete expression'],
    ['frame.len in {1, 2,}', 20, 'expected a value after ","'],
    ['frame.len in {}', 15, 'the set of values is empty'],
    ['frame.len in {1', 14, 'this "{" is never closed'],
    ['frame.len in 1', 14, 'expected "{" to start the set of values after "in"'],
    ['frame.len in {1..}', 18, 'expected the end of the range after ".."'],
    ['frame.protocols == "abc', 20, 'the string has no closing quote (")'],
    ['frame.protocols == "a\\.b"', 22, '\\. is not a valid escape sequence'],
    ['frame[1', 6, 'missing "]" after the slice'],
    ['frame[a:b] == 1', 7, '"a:b" is not a slice (use [start:length], [start-end], [start] or [start:])'],
    ['foo(frame.len) == 1', 1, '"foo" is not a function'],
    ['frame.len + 1 == 2', 11, 'arithmetic ("+") is not supported in filters'],
    ['any frame.len', 14, 'expected a comparison after "any frame.len"'],
    ['frame.len == and', 14, 'expected a field or a value, found "and"'],
    ['80 == frame.len', 1, 'the left side of "==" must be a field or a function, not the value "80"'],
    ['frame.protocols matches "("', 25, '"(" is not a valid regular expression: Unterminated group'],
  ])('%s → column %i: %s', (text, column, reason) => {
    const e = failure(text);
    expect(e.code).toBe('FILTER_SYNTAX');
    expect(e.reason).toBe(reason);
    expect(e.column).toBe(column);
  });

  it('name unknown fields, with the closest registered name', () => {
    const e = failure('frame.lne == 60');
    expect(e.code).toBe('FILTER_UNKNOWN_FIELD');
    expect(e.message).toBe('filter:1: "frame.lne" is not a field or protocol; did you mean frame.len?');
    expect([e.column, e.length]).toEqual([1, 9]);
    expect(failure('eth.typ == 0x800').message).toContain('did you mean eth.type?');
    expect(failure('tcp.prot == 80').message).toBe('filter:1: "tcp.prot" is not a field or protocol; did you mean tcp.port?');
    expect(failure('tls.handshake.extension_server_name').hint).toBe('did you mean tls.handshake.extensions_server_name?');
    expect(failure('ip.addr == 10.0.0.1 && tpc').message).toBe('filter:24: "tpc" is not a field or protocol; did you mean tcp?');
    expect(failure('eth && frame.cap_lenn > 1').column).toBe(8);
    expect(failure('frame.len == frame.cap_ln').message).toBe(
      'filter:14: "frame.cap_ln" is not a field or protocol; did you mean frame.cap_len?',
    );
    const far = failure('nosuchproto.field');
    expect(far.message).toBe('filter:1: "nosuchproto.field" is not a field or protocol');
    expect(far.hint).toBeUndefined();
    expect(failure('"abc"').message).toBe('filter:1: "abc" is not a field or protocol');
  });

  it.each([
    ['frame.len == "abc"', 14, 5, '"abc" is not an unsigned integer'],
    ['frame.len == 1.5', 14, 3, '"1.5" is not an unsigned integer'],
    ['eth.src == "abc"', 12, 5, '"abc" is not an Ethernet address (such as 00:11:22:33:44:55)'],
    ['eth.addr == 00:11:22', 13, 8, '"00:11:22" has 3 bytes: an Ethernet address has 6 (such as 00:11:22:33:44:55)'],
    ['frame.len contains 80', 1, 9, 'frame.len (unsigned integer) cannot be used with "contains"'],
    ['frame.len matches "1"', 1, 9, 'frame.len (unsigned integer) cannot be used with "matches"'],
    ['eth.src matches "x"', 1, 7, 'eth.src (Ethernet address) cannot be used with "matches"'],
    ['frame.protocols matches eth', 25, 3, '"matches" takes a regular expression in double quotes, not a field'],
    ['frame.protocols matches abc', 25, 3, '"matches" takes a regular expression in double quotes'],
    ['frame.len == eth.src', 14, 7, 'frame.len (unsigned integer) and eth.src (Ethernet address) cannot be compared'],
    ['frame.time_epoch > "yesterday"', 20, 11, '"yesterday" is not a time (seconds such as 1700000000.5, or "2023-11-14 22:13:20Z")'],
    ['upper(frame.len) == "X"', 7, 9, 'upper() takes a string field, not frame.len (unsigned integer)'],
    ['len(frame.len, eth.src) == 1', 1, 23, 'len() takes 1 argument, not 2'],
    ['len(frame.len)', 1, 14, 'len() gives a value, not a test: compare it (such as len(…) > 0)'],
    ['eth.src & 0x01', 11, 4, '"0x01" has 1 byte: an Ethernet address has 6 (such as 00:11:22:33:44:55)'],
  ])('%s → FILTER_TYPE at column %i (length %i): %s', (text, column, length, reason) => {
    const e = failure(text);
    expect(e.code).toBe('FILTER_TYPE');
    expect(e.reason).toBe(reason);
    expect([e.column, e.length]).toEqual([column, length]);
  });

  it('checkFilter returns the error instead of throwing', () => {
    expect(checkFilter('eth && frame.len > 60')).toBeUndefined();
    expect(checkFilter('eth &&')?.column).toBe(7);
  });

  it('an empty filter lets everything through', () => {
    const f = compileFilter('  ');
    expect(f.fields).toEqual([]);
    expect(f.text).toBe('  ');
  });
});

describe('robustness', () => {
  it('any input either compiles or throws a FilterError (never another exception)', () => {
    const pieces = [
      'eth',
      'eth.addr',
      'frame.len',
      'frame',
      '==',
      '!=',
      '===',
      '!==',
      '~=',
      '<',
      '>=',
      'contains',
      'matches',
      '~',
      'in',
      'not',
      '!',
      'and',
      '&&',
      'or',
      '||',
      '(',
      ')',
      '{',
      '}',
      ',',
      '..',
      '[',
      ']',
      '[0:2]',
      '[-1]',
      '#',
      '#2',
      '&',
      '0x10',
      '80',
      '-1',
      '1.5',
      '"x"',
      '"\\x41"',
      "'a'",
      'r"\\d"',
      '10.0.0.0/8',
      '2001:db8::/32',
      'ff:ff:ff:ff:ff:ff',
      'len(',
      'count(',
      'upper(',
      'any',
      'all',
      'True',
      '"',
      "'",
      '\\',
      '=',
      '|',
      '$',
      ' ',
    ];
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < 5000; i++) {
      const n = 1 + rand(7);
      const text = Array.from({ length: n }, () => pieces[rand(pieces.length)]).join(rand(3) === 0 ? '' : ' ');
      try {
        compileFilter(text);
      } catch (e) {
        if (!(e instanceof FilterError)) throw new Error(`"${text}" threw ${String(e)}`);
        expect(e.column, text).toBeGreaterThanOrEqual(1);
        expect(e.column + e.length - 1, text).toBeLessThanOrEqual(Math.max(1, text.length + 1));
      }
    }
  });
});
