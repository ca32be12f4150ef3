import { describe, expect, it } from 'vitest';
import { BatchView } from '../../native-bridge/batch/index.js';
import {
  FRAME_HEADER_BYTES,
  MAX_FETCH,
  MAX_PATH,
  ProtocolError,
  decodeBatchFrame,
  decodeClientFrame,
  decodeHostFrame,
  encodeClientMessage,
  encodeHostMessage,
  parseClientMessage,
  type ClientMessage,
  type HostMessage,
} from '../../native-bridge/protocol/index.js';
import { makeBatch } from './batches.js';

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ProtocolError);
    return (e as ProtocolError).code;
  }
  throw new Error('did not throw');
}

describe('parseClientMessage', () => {
  const good: ClientMessage[] = [
    { type: 'hello' },
    { type: 'open', path: '/tmp/a.pcapng' },
    { type: 'open', path: 'a.pcap', speed: 10, filter: 'tcp' },
    { type: 'openDialog' },
    { type: 'replay', speed: 'max' },
    { type: 'replay', speed: 0.5, filter: '' },
    { type: 'pause' },
    { type: 'resume' },
    { type: 'stop' },
    { type: 'speed', speed: 1 },
    { type: 'fetch', runId: 3, first: 1, count: 100 },
    { type: 'interfaces' },
    { type: 'captureStart', iface: 'eth0', filter: 'port 53' },
    { type: 'captureStart', iface: 'lo', file: '/tmp/live.pcapng' },
    { type: 'captureStop' },
    { type: 'save', path: '/tmp/out.pcap', format: 'pcap' },
    { type: 'save', path: 'out.pcapng', format: 'pcapng' },
  ];

  it('accepts every well-formed message unchanged', () => {
    for (const m of good) expect(parseClientMessage(JSON.parse(JSON.stringify(m)))).toEqual(m);
  });

  it('drops optional fields that are undefined (structured clone keeps them)', () => {
    expect(parseClientMessage({ type: 'open', path: 'x', filter: undefined })).toEqual({ type: 'open', path: 'x' });
  });

  it.each([
    ['not an object', 'hello', 'PROTOCOL_NOT_OBJECT'],
    ['null', null, 'PROTOCOL_NOT_OBJECT'],
    ['an array', [{ type: 'hello' }], 'PROTOCOL_NOT_OBJECT'],
    ['no type', {}, 'PROTOCOL_MISSING_FIELD'],
    ['numeric type', { type: 1 }, 'PROTOCOL_MISSING_FIELD'],
    ['unknown type', { type: 'rm -rf' }, 'PROTOCOL_UNKNOWN_TYPE'],
    ['prototype key as type', { type: 'constructor' }, 'PROTOCOL_UNKNOWN_TYPE'],
    ['unknown field', { type: 'hello', extra: 1 }, 'PROTOCOL_UNKNOWN_FIELD'],
    ['missing path', { type: 'open' }, 'PROTOCOL_MISSING_FIELD'],
    ['path not a string', { type: 'open', path: 42 }, 'PROTOCOL_BAD_TYPE'],
    ['empty path', { type: 'open', path: '' }, 'PROTOCOL_OUT_OF_RANGE'],
    ['NUL in path', { type: 'open', path: 'a\0b' }, 'PROTOCOL_OUT_OF_RANGE'],
    ['path too long', { type: 'open', path: 'a'.repeat(MAX_PATH + 1) }, 'PROTOCOL_TOO_LONG'],
    ['save in an unknown format', { type: 'save', path: 'x.cap', format: 'erf' }, 'PROTOCOL_BAD_TYPE'],
    ['save without a format', { type: 'save', path: 'x.pcap' }, 'PROTOCOL_MISSING_FIELD'],
    ['speed zero', { type: 'speed', speed: 0 }, 'PROTOCOL_OUT_OF_RANGE'],
    ['speed negative', { type: 'speed', speed: -1 }, 'PROTOCOL_OUT_OF_RANGE'],
    ['speed NaN', { type: 'speed', speed: Number.NaN }, 'PROTOCOL_BAD_TYPE'],
    ['speed infinite', { type: 'speed', speed: Infinity }, 'PROTOCOL_BAD_TYPE'],
    ['speed word', { type: 'speed', speed: 'fast' }, 'PROTOCOL_BAD_TYPE'],
    ['replay without speed', { type: 'replay' }, 'PROTOCOL_MISSING_FIELD'],
    ['fetch fractional', { type: 'fetch', runId: 1, first: 1.5, count: 1 }, 'PROTOCOL_BAD_TYPE'],
    ['fetch negative first', { type: 'fetch', runId: 1, first: -1, count: 1 }, 'PROTOCOL_OUT_OF_RANGE'],
    ['fetch zero count', { type: 'fetch', runId: 1, first: 1, count: 0 }, 'PROTOCOL_OUT_OF_RANGE'],
    ['fetch huge count', { type: 'fetch', runId: 1, first: 1, count: MAX_FETCH + 1 }, 'PROTOCOL_OUT_OF_RANGE'],
    ['fetch string runId', { type: 'fetch', runId: '1', first: 1, count: 1 }, 'PROTOCOL_BAD_TYPE'],
    ['capture without iface', { type: 'captureStart' }, 'PROTOCOL_MISSING_FIELD'],
    ['filter not a string', { type: 'captureStart', iface: 'lo', filter: ['tcp'] }, 'PROTOCOL_BAD_TYPE'],
    ['capture file not a string', { type: 'captureStart', iface: 'lo', file: 7 }, 'PROTOCOL_BAD_TYPE'],
  ])('refuses %s', (_name, input, expected) => {
    expect(code(() => parseClientMessage(input))).toBe(expected);
  });

  it('names the offending field in the message', () => {
    expect(() => parseClientMessage({ type: 'fetch', runId: 1, first: 1, count: 0 })).toThrow(/fetch\.count/);
  });

  it('returns a fresh object without inherited or extra properties', () => {
    const input = Object.assign(Object.create({ injected: true }) as object, { type: 'hello' });
    const out = parseClientMessage(input);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect('injected' in out).toBe(false);
  });
});

describe('WebSocket framing', () => {
  it('round-trips a batch through a binary frame, copying only the used bytes', () => {
    const sealed = makeBatch(7, 5, 100);
    const msg: HostMessage = { type: 'batch', runId: 2, buffer: sealed.lease.buffer, first: 7, count: 5, refetch: true };
    const frame = encodeHostMessage(msg);
    expect(frame).toBeInstanceOf(ArrayBuffer);
    expect((frame as ArrayBuffer).byteLength).toBe(FRAME_HEADER_BYTES + sealed.usedBytes);
    expect(sealed.usedBytes).toBeLessThan(sealed.lease.buffer.byteLength);
    const back = decodeHostFrame(frame as ArrayBuffer);
    expect(back).toMatchObject({ type: 'batch', runId: 2, first: 7, count: 5, refetch: true });
    const view = new BatchView((back as Extract<HostMessage, { type: 'batch' }>).buffer);
    expect(view.count).toBe(5);
    expect(view.packet(4)).toMatchObject({ number: 11, capLen: 100 });
    expect([...view.data(4).subarray(0, 3)]).toEqual([11, 11, 11]);
  });

  it('round-trips non-batch messages as JSON text', () => {
    const msg: HostMessage = { type: 'error', about: 'open', error: { code: 'X', message: 'm', hint: 'h' } };
    const text = encodeHostMessage(msg);
    expect(typeof text).toBe('string');
    expect(decodeHostFrame(text)).toEqual(msg);
    expect(decodeClientFrame(encodeClientMessage({ type: 'fetch', runId: 1, first: 2, count: 3 }))).toEqual({
      type: 'fetch',
      runId: 1,
      first: 2,
      count: 3,
    });
  });

  it('refuses damaged binary frames', () => {
    const sealed = makeBatch(1, 3);
    const frame = encodeHostMessage({
      type: 'batch',
      runId: 1,
      buffer: sealed.lease.buffer,
      first: 1,
      count: 3,
      refetch: false,
    }) as ArrayBuffer;
    const mutate = (f: (v: DataView) => void, len = frame.byteLength): ArrayBuffer => {
      const copy = frame.slice(0, len);
      f(new DataView(copy));
      return copy;
    };
    expect(code(() => decodeBatchFrame(new ArrayBuffer(10)))).toBe('PROTOCOL_BAD_FRAME');
    expect(code(() => decodeBatchFrame(mutate((v) => v.setUint32(0, 0xdeadbeef, true))))).toBe('PROTOCOL_BAD_FRAME');
    expect(code(() => decodeBatchFrame(mutate((v) => v.setUint32(4, 2 | (24 << 16), true))))).toBe('PROTOCOL_BAD_FRAME');
    expect(code(() => decodeBatchFrame(mutate((v) => v.setUint32(8, 6, true))))).toBe('PROTOCOL_BAD_FRAME');
    expect(code(() => decodeBatchFrame(mutate((v) => v.setUint32(20, 4, true))))).toBe('PROTOCOL_BAD_FRAME');
    // A truncated batch: the WPB1 header claims more bytes than arrived.
    expect(code(() => decodeBatchFrame(mutate(() => {}, frame.byteLength - 8)))).toBe('PROTOCOL_BAD_FRAME');
    // A packet offset pointing outside the batch.
    expect(
      code(() =>
        decodeBatchFrame(mutate((v) => v.setUint32(FRAME_HEADER_BYTES + v.getUint32(FRAME_HEADER_BYTES + 16, true), 1 << 30, true))),
      ),
    ).toBe('PROTOCOL_BAD_FRAME');
  });

  it('refuses bad text frames on both sides', () => {
    expect(code(() => decodeHostFrame('{nope'))).toBe('PROTOCOL_BAD_JSON');
    expect(code(() => decodeHostFrame('[]'))).toBe('PROTOCOL_NOT_OBJECT');
    expect(code(() => decodeHostFrame('{"type":"shell"}'))).toBe('PROTOCOL_UNKNOWN_TYPE');
    expect(code(() => decodeHostFrame('{"type":"batch","runId":1}'))).toBe('PROTOCOL_BAD_FRAME');
    expect(code(() => decodeClientFrame(new Uint8Array([1, 2])))).toBe('PROTOCOL_BAD_FRAME');
    expect(code(() => decodeClientFrame('x'.repeat(70_000)))).toBe('PROTOCOL_TOO_LONG');
    expect(code(() => decodeClientFrame('{"type":"hello",'))).toBe('PROTOCOL_BAD_JSON');
    expect(code(() => decodeClientFrame('{"type":"open","path":1}'))).toBe('PROTOCOL_BAD_TYPE');
  });
});
