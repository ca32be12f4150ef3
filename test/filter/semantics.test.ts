import { describe, expect, it } from 'vitest';
import { fieldTable, frameFields, ProtoTree } from '../../native-bridge/dissect/index.js';
import { Tvb } from '../../native-bridge/dissect/core/tvb.js';
import { compileFilter } from '../../native-bridge/filter/index.js';

/**
 * Semantics on hand-built trees of a test protocol with a field of every type, so each rule
 * is checked whatever decoders exist (the conformance test checks real frames against TShark).
 */
const P = fieldTable.register('fltest', 'Filter test', [
  {
    abbrev: 'fltest.u',
    name: 'Port',
    type: 'uint',
    bits: 16,
    strings: { 1: 'one', 2: 'Two Words', 3: 'AAAA (IPv6 Address)', 4: 'X (first)', 5: 'X (second)' },
  },
  { abbrev: 'fltest.i', name: 'Signed', type: 'int' },
  { abbrev: 'fltest.big', name: 'Big', type: 'uint', bits: 64 },
  { abbrev: 'fltest.b', name: 'Flag', type: 'bool' },
  { abbrev: 'fltest.d', name: 'Double', type: 'double' },
  { abbrev: 'fltest.s', name: 'Name', type: 'string' },
  { abbrev: 'fltest.by', name: 'Payload', type: 'bytes' },
  { abbrev: 'fltest.v4', name: 'Address', type: 'ipv4' },
  { abbrev: 'fltest.v6', name: 'Address6', type: 'ipv6' },
  { abbrev: 'fltest.mac', name: 'MAC', type: 'ether' },
  { abbrev: 'fltest.t', name: 'Time', type: 'time' },
  { abbrev: 'fltest.n', name: 'Label', type: 'none' },
  { abbrev: 'fltest.fn', name: 'Frame', type: 'framenum' },
]);

type Layer = Partial<Record<keyof typeof P.f, unknown[]>>;

function isField(name: string): name is keyof typeof P.f {
  return Object.hasOwn(P.f, name);
}

const FRAME = Uint8Array.from('\x01\x02GET /index.html HTTP/1.1\r\n\xff', (c) => c.charCodeAt(0));

/** A frame with one `fltest` layer per argument; each field node spans byte 2 + its index. */
function packet(...layers: Layer[]): ProtoTree {
  const tree = new ProtoTree();
  tree.bytes = FRAME;
  const tvb = new Tvb(FRAME);
  const root = tree.add(-1, frameFields.proto, tvb, 0, FRAME.length);
  tree.add(root, frameFields.f.number, tvb, 0, 0, 7);
  layers.forEach((layer, n) => {
    const node = tree.add(root, P.proto, tvb, n * 2, FRAME.length - n * 2);
    for (const [name, values] of Object.entries(layer)) {
      if (!isField(name)) throw new Error(`no field fltest.${name}`);
      for (const v of values ?? []) tree.add(node, P.f[name], tvb, 2, 3, v);
    }
  });
  return tree;
}

const ip = (s: string) => s.split('.').reduce((a, b) => a * 256 + Number(b), 0);
const v6 = (...bytes: number[]) => Uint8Array.from({ length: 16 }, (_, i) => bytes[i] ?? 0);
const mac = (s: string) => Uint8Array.from(s.split(':'), (b) => parseInt(b, 16));

/** Filters that must match `tree` (true) and must not (false). */
function check(tree: ProtoTree, yes: string[], no: string[]): void {
  for (const f of yes) expect(compileFilter(f).matches(tree), f).toBe(true);
  for (const f of no) expect(compileFilter(f).matches(tree), f).toBe(false);
}

describe('fields with several values (Wireshark 4.0 rules)', () => {
  const two = packet({ u: [80, 443], v4: [ip('10.0.0.1'), ip('192.168.1.2')] });
  it('== is "any equals", != is "all not equal", === all equal, !== / ~= any not equal', () => {
    check(
      two,
      [
        'fltest.u == 80',
        'fltest.u == 443',
        'fltest.u != 22',
        'fltest.u !== 80',
        'fltest.u ~= 80',
        'fltest.u any_ne 80',
        'fltest.v4 == 10.0.0.1',
      ],
      ['fltest.u != 80', 'fltest.u === 80', 'fltest.u all_eq 80', 'fltest.u == 22', 'fltest.v4 != 10.0.0.1'],
    );
    check(packet({ u: [80, 80] }), ['fltest.u === 80'], ['fltest.u !== 80']);
  });
  it('any / all modifiers apply to any comparison', () => {
    check(
      two,
      [
        'any fltest.u > 100',
        'all fltest.u > 50',
        'all fltest.u != 22',
        'all fltest.u in {80, 443}',
        'any fltest.u in {80}',
        'all fltest.u not in {80}',
      ],
      ['all fltest.u > 100', 'any fltest.u > 1000', 'all fltest.u in {80}'],
    );
  });
  it('a missing field makes every comparison false, and its negation true', () => {
    const none = packet({});
    check(
      none,
      ['!fltest.u', 'not fltest.u == 80', '!(fltest.u != 80)', 'fltest.u not in {80}', 'fltest'],
      [
        'fltest.u',
        'fltest.u == 80',
        'fltest.u != 80',
        'fltest.u < 1',
        'fltest.u in {80}',
        'all fltest.u > 0',
        'fltest.u === 1',
        'fltest.u !== 1',
      ],
    );
    check(packet(), ['!fltest', 'frame'], ['fltest']);
  });
});

describe('types', () => {
  it('integers: decimal, hex, octal, binary, char constants, value names, sets and ranges', () => {
    const t = packet({ u: [10], i: [-5], fn: [3] });
    check(
      t,
      [
        'fltest.u == 10',
        'fltest.u eq 0xa',
        'fltest.u == 012',
        'fltest.u == 0b1010',
        "fltest.u == '\\n'",
        'fltest.u > 9 && fltest.u >= 10 && fltest.u < 11 && fltest.u <= 10',
        'fltest.u in {1 10 20}',
        'fltest.u in {1, 5..15}',
        'fltest.i == -5',
        'fltest.i < 0',
        'fltest.fn == 3',
        'fltest.u in {10}',
        'fltest.u not in {11}',
        'fltest.u in {0x0a..0x0b}',
      ],
      ['fltest.u == 11', 'fltest.u in {1 2 3}', 'fltest.u in {11..20}', 'fltest.u in {15..5}', 'fltest.i > 0', 'fltest.u not in {10}'],
    );
    check(packet({ u: [2] }), ['fltest.u == "two words"', 'fltest.u == 2', 'fltest.u in {one "Two Words"}'], ['fltest.u == one']);
    check(packet({ u: [1] }), ['fltest.u == one', 'fltest.u == ONE'], []);
    check(packet({ u: [3] }), ['fltest.u == AAAA', 'fltest.u == "aaaa (ipv6 address)"'], []);
    expect(() => compileFilter('fltest.u == X')).toThrow('"X" is not an unsigned integer');
  });
  it('64-bit integers as bigint, compared at full precision', () => {
    const t = packet({ big: [0xffff_ffff_ffff_fff0n] });
    check(
      t,
      [
        'fltest.big == 0xfffffffffffffff0',
        'fltest.big > 0xffffffffffffffef',
        'fltest.big > 1',
        'fltest.big in {1 18446744073709551600}',
        'fltest.big & 0x10',
      ],
      ['fltest.big == 0xfffffffffffffff1', 'fltest.big < 100', 'fltest.big & 0x0f'],
    );
    check(packet({ big: [5] }), ['fltest.big == 5'], []);
  });
  it('booleans: True/False, TRUE/FALSE, any number', () => {
    check(
      packet({ b: [true] }),
      ['fltest.b', 'fltest.b == 1', 'fltest.b == True', 'fltest.b == TRUE', 'fltest.b == 2', 'fltest.b != 0', 'fltest.b != False'],
      ['fltest.b == 0', 'fltest.b == False', 'fltest.b != 1'],
    );
    check(packet({ b: [false] }), ['fltest.b', 'fltest.b == 0', 'fltest.b == FALSE'], ['fltest.b == 1', 'fltest.b == True']);
  });
  it('doubles', () => {
    check(
      packet({ d: [1.5] }),
      ['fltest.d == 1.5', 'fltest.d > 1', 'fltest.d < 1.6e0', 'fltest.d in {1.4..1.6}'],
      ['fltest.d == 1', 'fltest.d > 1.5'],
    );
  });
  it('strings: exact, ordered, contains (case-sensitive), matches (case-insensitive unless (?-i))', () => {
    const t = packet({ s: ['www.Example.com'] });
    check(
      t,
      [
        'fltest.s == "www.Example.com"',
        'fltest.s == www.Example.com',
        'fltest.s contains "Example"',
        'fltest.s matches "example\\\\.com$"',
        'fltest.s ~ "^WWW"',
        'fltest.s matches "(?-i)Example"',
        'fltest.s > "www.A"',
        'fltest.s in {"a" "www.Example.com"}',
        'upper(fltest.s) == "WWW.EXAMPLE.COM"',
        'lower(fltest.s) contains "example"',
        'len(fltest.s) == 15',
        'fltest.s[0:3] == "www"',
        'fltest.s[-3:] == "com"',
        'fltest.s != "x"',
        'fltest.s matches r"\\.com"',
      ],
      [
        'fltest.s == "www.example.com"',
        'fltest.s contains "example"',
        'fltest.s matches "(?-i)example"',
        'fltest.s < "www.A"',
        'fltest.s[20:2] == "ab"',
        'fltest.s != "www.Example.com"',
      ],
    );
    check(packet({ s: ['héllo'] }), ['len(fltest.s) == 6', 'fltest.s == "h\\u00e9llo"', 'fltest.s matches "^h.llo$"'], []);
  });
  it('bytes: byte strings in any notation, quoted text, one-byte hex, slices', () => {
    const t = packet({ by: [Uint8Array.of(1, 2, 3, 0x47, 0x45, 0x54)] });
    check(
      t,
      [
        'fltest.by == 01:02:03:47:45:54',
        'fltest.by == 01-02-03-47-45-54',
        'fltest.by == 0102.0347.4554',
        'fltest.by == 010203474554',
        'fltest.by contains "GET"',
        'fltest.by contains 47:45',
        'fltest.by contains 0x54',
        'fltest.by[0] == 01',
        'fltest.by[0] == 0x01',
        'fltest.by[1:2] == 02:03',
        'fltest.by[1-2] == 02:03',
        'fltest.by[:2] == 1.2',
        'fltest.by[3:] == "GET"',
        'fltest.by[-1] == 54',
        'fltest.by[0,2,4-5] == 01:03:45:54',
        'fltest.by[0] & 0x0f == 01',
        'fltest.by[1] & 0x02',
        'fltest.by > 01:02',
        'fltest.by < 02',
        'len(fltest.by) == 6',
        'fltest.by matches "get$"',
        'fltest.by[0:1]',
      ],
      [
        'fltest.by == 01:02:03',
        'fltest.by contains "get"',
        'fltest.by[5:2] == 54',
        'fltest.by[6]',
        'fltest.by[1] & 0x01',
        'fltest.by contains 0x55',
      ],
    );
  });
  it('IPv4: addresses, CIDR, ordering, sets with ranges and subnets', () => {
    const t = packet({ v4: [ip('192.168.1.20')] });
    check(
      t,
      [
        'fltest.v4 == 192.168.1.20',
        'fltest.v4 == 192.168.0.0/16',
        'fltest.v4 == 192.168.1.20/32',
        'fltest.v4 == 0.0.0.0/0',
        'fltest.v4 != 10.0.0.0/8',
        'fltest.v4 > 192.168.1.19',
        'fltest.v4 in {10.0.0.1 192.168.1.0/24}',
        'fltest.v4 in {192.168.1.10 .. 192.168.1.30}',
        'string(fltest.v4) == "192.168.1.20"',
        'fltest.v4 == "192.168.1.20"',
      ],
      [
        'fltest.v4 == 192.168.1.21',
        'fltest.v4 == 10.0.0.0/8',
        'fltest.v4 != 192.168.0.0/16',
        'fltest.v4 < 192.168.1.20',
        'fltest.v4 in {192.168.1.21..192.168.1.30}',
      ],
    );
    check(packet({ v4: [ip('255.255.255.255')] }), ['fltest.v4 == 255.255.255.255', 'fltest.v4 == 255.0.0.0/8', 'fltest.v4 > 1.2.3.4'], []);
  });
  it('IPv6: full and compressed forms, prefixes, embedded IPv4', () => {
    const t = packet({ v6: [v6(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)] });
    check(
      t,
      [
        'fltest.v6 == 2001:db8::1',
        'fltest.v6 == 2001:0db8:0:0:0:0:0:1',
        'fltest.v6 == 2001:db8::/32',
        'fltest.v6 == 2001:db8::/33',
        'fltest.v6 != fe80::/10',
        'fltest.v6 > 2001:db8::',
        'fltest.v6 in {::1 2001:db8::/32}',
        'string(fltest.v6) == "2001:db8::1"',
      ],
      ['fltest.v6 == 2001:db8::2', 'fltest.v6 == 2001:db9::/32', 'fltest.v6 == fe80::/10', 'fltest.v6 < 2001:db8::1'],
    );
    check(
      packet({ v6: [v6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 1)] }),
      ['fltest.v6 == ::ffff:10.0.0.1', 'fltest.v6 == ::ffff:0:0/96'],
      [],
    );
  });
  it('Ethernet addresses with colons, dashes and dots, ordered, contains', () => {
    const t = packet({ mac: [mac('00:11:22:33:44:55'), mac('ff:ff:ff:ff:ff:ff')] });
    check(
      t,
      [
        'fltest.mac == 00:11:22:33:44:55',
        'fltest.mac == 00-11-22-33-44-55',
        'fltest.mac == 0011.2233.4455',
        'fltest.mac == 001122334455',
        'fltest.mac eq ff:ff:ff:ff:ff:ff',
        'fltest.mac contains 33:44',
        'fltest.mac[0:3] == 00:11:22',
        'fltest.mac[0] & 01',
        'fltest.mac > 00:11:22:33:44:54',
      ],
      ['fltest.mac == 00:11:22:33:44:56', 'fltest.mac != ff:ff:ff:ff:ff:ff', 'fltest.mac contains 55:ff'],
    );
  });
  it('times: seconds at nanosecond precision, ISO dates', () => {
    const t = packet({ t: [[1700000000, 16547411]] });
    check(
      t,
      [
        'fltest.t == 1700000000.016547411',
        'fltest.t > 1700000000.01654741',
        'fltest.t < 1700000000.016547412',
        'fltest.t >= 1700000000',
        'fltest.t in {1700000000..1700000001}',
        'fltest.t > "2023-11-14T22:13:19Z"',
        'fltest.t < "2023-11-14 22:13:21 UTC"',
        'fltest.t > "2023-11-14T23:13:19+01:00"',
      ],
      ['fltest.t == 1700000000.01654741', 'fltest.t > 1700000000.016547411', 'fltest.t < 1700000000', 'fltest.t > "2023-11-14T22:13:21Z"'],
    );
    // A pcap fraction kept as the file has it (≥ 1 s) counts as seconds.
    check(packet({ t: [[5, 1_500_000_000]] }), ['fltest.t == 6.5'], []);
  });
  it('labels and protocols: presence; a protocol compares as the bytes it spans', () => {
    const t = packet({ n: [undefined] });
    check(
      t,
      [
        'fltest.n',
        'fltest contains "GET"',
        'fltest[2:3] == "GET"',
        'frame[0] == 01',
        'frame contains 0d:0a',
        'frame matches "html http"',
        'len(frame) == 29',
        'frame[-1] == ff',
      ],
      ['!fltest.n', 'frame contains "POST"', 'frame[100]'],
    );
  });
});

describe('layers, functions, field against field', () => {
  const t = packet({ u: [80], v4: [ip('10.0.0.1')], s: ['a'] }, { u: [443], v4: [ip('10.0.0.2')], s: ['b', 'c'] });
  it('#n keeps the values of the n-th protocol layer', () => {
    check(
      t,
      [
        'fltest.u#1 == 80',
        'fltest.u#2 == 443',
        'fltest.v4#2 == 10.0.0.2',
        'fltest.u#[1-2] == 443',
        'fltest#2',
        'fltest.s#2 == "c"',
        'count(fltest.s#2) == 2',
      ],
      ['fltest.u#1 == 443', 'fltest.u#2 == 80', 'fltest#3', 'fltest.u#3'],
    );
  });
  it('count, len, max, min, abs, string', () => {
    check(
      t,
      [
        'count(fltest.u) == 2',
        'count(fltest.s) == 3',
        'count(fltest) == 2',
        'max(fltest.u) == 443',
        'min(fltest.u) == 80',
        'max(fltest.u, fltest.fn) == 443',
        'string(fltest.u) == "443"',
        'string(frame.number) matches "^7$"',
      ],
      ['count(fltest.u) == 3', 'count(fltest.i) == 0', 'max(fltest.i) > 0'],
    );
    check(packet({ i: [-7] }), ['abs(fltest.i) == 7'], []);
  });
  it('field against field: any pair (== and the others) or every pair (!=, ===)', () => {
    check(
      t,
      ['fltest.u#1 < fltest.u#2', 'fltest.u == fltest.u', 'fltest.s#1 != fltest.s#2', 'fltest.v4#1 < fltest.v4#2'],
      ['fltest.u#1 == fltest.u#2', 'fltest.u != fltest.u', 'fltest.s === fltest.s'],
    );
  });
  it('bitwise and, alone or compared', () => {
    check(
      packet({ u: [0x12] }),
      ['fltest.u & 0x02', 'fltest.u & 0x12 == 0x12', 'fltest.u bitwise_and 0x10 == 16'],
      ['fltest.u & 0x01', 'fltest.u & 0x13 == 0x13'],
    );
  });
});

describe('compiled filters', () => {
  it('list the fields they read and keep their text', () => {
    const f = compileFilter('fltest.u == 80 && (frame.number > 1 || fltest.u#2 == 1)');
    expect(f.text).toBe('fltest.u == 80 && (frame.number > 1 || fltest.u#2 == 1)');
    expect(f.fields).toEqual([frameFields.f.number.id, P.proto.id, P.f.u.id].sort((a, b) => a - b));
  });
  it('are reusable across packets of any size', () => {
    const f = compileFilter('fltest.u == 9');
    const big = packet({ u: Array.from({ length: 100 }, (_, i) => i) });
    expect(f.matches(big)).toBe(true);
    expect(f.matches(packet({ u: [1] }))).toBe(false);
    expect(f.matches(big)).toBe(true);
  });
  it('never throw on values of the wrong type (a decoder bug) or nodes without values', () => {
    const bad = packet({ s: [42, undefined], by: ['text'], v4: ['10.0.0.1'], t: [7], mac: [5], u: ['x', 1n] });
    const filters = [
      'fltest.s contains "4"',
      'fltest.s matches "4"',
      'fltest.s == "42"',
      'fltest.by contains "t"',
      'fltest.by[0] == 74',
      'fltest.v4 == 10.0.0.0/8',
      'fltest.t > 1',
      'fltest.mac == 00:00:00:00:00:05',
      'fltest.u & 0x01',
      'fltest.u in {1 2}',
      'upper(fltest.s) == "X"',
      'len(fltest.s) > 1',
      'fltest.s[0] == "4"',
      'fltest.s != "x"',
      'string(fltest.v4) == "x"',
    ];
    for (const text of filters) expect(() => compileFilter(text).matches(bad), text).not.toThrow();
  });
});

describe('regular expressions (PCRE dialect)', () => {
  it('understands leading option groups, \\A \\z \\Z and POSIX classes', () => {
    const t = packet({ s: ['Host: example.com\n'] });
    check(
      t,
      [
        'fltest.s matches "\\\\Ahost"',
        'fltest.s matches "com\\\\Z"',
        'fltest.s matches "(?s)host.*com.$"',
        'fltest.s matches "^[[:alpha:]]+:[[:space:]]"',
        'fltest.s matches "[^]x]+"',
        'fltest.s matches "(?m)^host"',
        'fltest.s matches "(?-i)(?i)HOST"',
      ],
      ['fltest.s matches "com\\\\z"', 'fltest.s matches "^[[:digit:]]"', 'fltest.s matches "(?-i)host"', 'fltest.s matches "host.*com.$"'],
    );
  });
});
