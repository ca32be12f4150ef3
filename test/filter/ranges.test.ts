import { describe, expect, it } from 'vitest';
import { compileFilter } from '../../native-bridge/filter/index.js';
import { failure } from './failure.js';

/** Column (1-based) of the first occurrence of `needle` in `text`. */
const col = (text: string, needle: string) => text.indexOf(needle) + 1;

describe("integer literals outside their field's range (as TShark refuses them)", () => {
  it.each(['==', '!=', '<', '<=', '>', '>='])('tcp.port %s 99999 is too big, marked at the literal', (op) => {
    const text = `tcp.port ${op} 99999`;
    const e = failure(text);
    expect(e.code).toBe('FILTER_TYPE');
    expect(e.reason).toBe('99999 is too big for tcp.port (at most 65535)');
    expect(e.column).toBe(col(text, '99999'));
    expect(e.length).toBe(5);
    expect(e.hint).toBe('use a value from 0 to 65535: tcp.port is a 16-bit unsigned integer');
  });

  it('checks every member of a set and both ends of a range', () => {
    expect(failure('tcp.port in {80 443 70000}').column).toBe(col('tcp.port in {80 443 70000}', '70000'));
    expect(failure('udp.port in {53 65536..65540}').reason).toBe('65536 is too big for udp.port (at most 65535)');
    const e = failure('tcp.port in {1..65536}');
    expect(e.column).toBe(col('tcp.port in {1..65536}', '65536'));
  });

  it('refuses a negative value for an unsigned field, and hex or char literals past the width', () => {
    const neg = failure('ip.ttl >= -1');
    expect(neg.reason).toBe('-1 is too small for ip.ttl (at least 0)');
    expect(neg.column).toBe(col('ip.ttl >= -1', '-1'));
    expect(neg.hint).toBe('use a value from 0 to 255: ip.ttl is an 8-bit unsigned integer');
    expect(failure('ip.proto == 0x100').reason).toBe('0x100 is too big for ip.proto (at most 255)');
    expect(failure('frame.number == -5').reason).toBe('-5 is too small for frame.number (at least 0)');
    expect(failure('frame.number == 4294967296').reason).toBe('4294967296 is too big for frame.number (at most 4294967295)');
  });

  it('a field whose width is not known is still unsigned', () => {
    // Every field TShark 4.0 has carries its width (test/filter/widths.test.ts); this one it does not have.
    const e = failure('mpls-echo.sequence == -2');
    expect(e.reason).toBe('-2 is too small for mpls-echo.sequence (at least 0)');
    expect(e.hint).toBe('mpls-echo.sequence is unsigned: compare it with 0 or more');
    expect(() => compileFilter('mpls-echo.sequence == 5000000000')).not.toThrow();
    // tcp.stream is 32 bits, as TShark's FT_UINT32.
    expect(failure('tcp.stream == 5000000000').reason).toBe('5000000000 is too big for tcp.stream (at most 4294967295)');
  });

  it('accepts the ends of the range, and masks or function results wider than the field', () => {
    for (const text of [
      'tcp.port == 0',
      'tcp.port == 65535',
      'tcp.port == 0xffff',
      'tcp.port in {0..65535}',
      'ip.ttl <= 255',
      'frame.number == 4294967295',
      'tcp.flags & 0xffff0000',
      'len(ip.ttl) == 300',
      'count(tcp.port) > 70000',
    ])
      expect(() => compileFilter(text), text).not.toThrow();
  });
});
