/**
 * The UI protocol's own checks: every request the UI may send, validated field by field against
 * OPS (untrusted input: each refusal names the field), and the WebSocket framing (WPF2).
 */
import { describe, expect, it } from 'vitest';
import { BatchView } from '../../native-bridge/batch/index.js';
import { MAX_SPEED } from '../../native-bridge/common/index.js';
import {
  FRAME_HEADER_BYTES,
  MAX_FILTER,
  MAX_CAPTURE_INTERFACES,
  MAX_IFACE,
  MAX_PATH,
  MAX_IO_INTERVAL_NS,
  MAX_ROWS,
  MIN_IO_INTERVAL_NS,
  MAX_TEXT_FRAME,
  OP_NAMES,
  ProtocolError,
  ROW_SEPARATOR,
  decodeHostFrame,
  encodeHostMessage,
  parseClientMessage,
  readClientFrame,
  validated,
  type ClientMessage,
  type HostMessage,
  type Reply,
} from '../../native-bridge/protocol/index.js';
import { SOME_ROWS, rowsBatch } from './batches.js';

/** The ProtocolError a call throws (fails the test when it throws anything else, or nothing). */
function refusal(f: () => unknown): ProtocolError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ProtocolError);
    return e as ProtocolError;
  }
  throw new Error('did not throw');
}

const request = (op: string, args?: unknown, id: unknown = 7): Record<string, unknown> => ({
  type: 'request',
  id,
  op,
  ...(args === undefined ? {} : { args }),
});

describe('parseClientMessage: requests', () => {
  /** A well-formed request of every operation, optional fields both left out and given. */
  const good: Record<string, object[]> = {
    hello: [{}],
    openDialog: [{}],
    open: [{ path: '/tmp/a.pcapng' }, { path: 'a.pcap', speed: 10, filter: 'tcp' }, { path: 'a.pcap', speed: 'max', filter: '' }],
    replay: [{ speed: 'max' }, { speed: 0.5, filter: 'udp' }],
    pause: [{}],
    resume: [{}],
    stop: [{}],
    speed: [{ speed: 1 }, { speed: MAX_SPEED }, { speed: 'max' }],
    rows: [
      { runId: 3, viewId: 0, first: 0, count: 1 },
      { runId: 0xffff_ffff, viewId: 2, first: 1000, count: MAX_ROWS },
    ],
    packet: [{ runId: 3, number: 1 }],
    filter: [
      { runId: 3, filter: 'tcp.port == 80' },
      { runId: 3, filter: '' },
    ],
    stats: [
      { runId: 3, kind: 'hierarchy' },
      { runId: 3, kind: 'conversations', type: 'tcp' },
      { runId: 3, kind: 'io', intervalNs: MIN_IO_INTERVAL_NS },
      { runId: 3, kind: 'io', intervalNs: MAX_IO_INTERVAL_NS, filter: 'udp' },
    ],
    interfaces: [{}],
    captureStart: [{ ifaces: ['eth0'] }, { ifaces: ['lo', 'eth0'], filter: 'port 53', file: '/tmp/live.pcapng' }],
    captureStop: [{}],
    save: [
      { path: '/tmp/out.pcap', format: 'pcap' },
      { path: 'out.pcapng', format: 'pcapng' },
    ],
    follow: [
      { runId: 3, protocol: 'tcp', stream: 0, format: 'ascii' },
      { runId: 3, protocol: 'udp', packet: 12, format: 'raw', limit: 4096 },
    ],
    find: [
      { runId: 3, viewId: 0, kind: 'filter', text: 'tcp' },
      { runId: 3, viewId: 1, kind: 'string', text: 'GET', scope: 'bytes', caseSensitive: true, backward: true, origin: 7, examined: 256 },
    ],
    coloring: [{ filters: [] }, { filters: ['tcp', ''] }],
    sort: [{ runId: 3 }, { runId: 3, column: 'source', order: 'desc' }],
    locate: [{ runId: 3, number: 57 }],
    findMark: [
      { runId: 3, viewId: 2, from: 0 },
      { runId: 3, viewId: 2, from: 9, back: true },
    ],
    mark: [
      { runId: 3, kind: 'mark', number: 7 },
      { runId: 3, kind: 'ref' },
    ],
  };

  it('the table above covers every operation', () => {
    expect(Object.keys(good).sort()).toEqual([...OP_NAMES].sort());
  });

  it('accepts every well-formed request unchanged, through JSON and as a clone', () => {
    for (const [op, list] of Object.entries(good))
      for (const args of list) {
        const m = request(op, args);
        expect(parseClientMessage(JSON.parse(JSON.stringify(m)))).toEqual(m);
        expect(parseClientMessage(structuredClone(m))).toEqual(m);
      }
  });

  it('an operation without arguments may leave `args` out; optional fields that are undefined are dropped', () => {
    expect(parseClientMessage({ type: 'request', id: 1, op: 'hello' })).toEqual({ type: 'request', id: 1, op: 'hello', args: {} });
    expect(parseClientMessage(request('open', { path: 'x', filter: undefined, speed: undefined }))).toEqual(request('open', { path: 'x' }));
  });

  it.each([
    ['not an object', 'hello', 'PROTOCOL_NOT_OBJECT', 'message'],
    ['null', null, 'PROTOCOL_NOT_OBJECT', 'message'],
    ['an array', [request('hello', {})], 'PROTOCOL_NOT_OBJECT', 'message'],
    ['no type', { id: 1, op: 'hello' }, 'PROTOCOL_UNKNOWN_TYPE', 'message.type'],
    ['an old message type', { type: 'hello' }, 'PROTOCOL_UNKNOWN_TYPE', 'message.type'],
    ['a field besides type, id, op, args', { ...request('hello', {}), extra: 1 }, 'PROTOCOL_UNKNOWN_FIELD', 'message.extra'],
    ['no id', { type: 'request', op: 'hello' }, 'PROTOCOL_MISSING_FIELD', 'request.id'],
    ['a string id', request('hello', {}, '7'), 'PROTOCOL_BAD_TYPE', 'request.id'],
    ['a fractional id', request('hello', {}, 1.5), 'PROTOCOL_BAD_TYPE', 'request.id'],
    ['a negative id', request('hello', {}, -1), 'PROTOCOL_OUT_OF_RANGE', 'request.id'],
    ['an unsafe id', request('hello', {}, 2 ** 53), 'PROTOCOL_OUT_OF_RANGE', 'request.id'],
    ['no op', { type: 'request', id: 1 }, 'PROTOCOL_MISSING_FIELD', 'request.op'],
    ['a numeric op', request(1 as never, {}), 'PROTOCOL_MISSING_FIELD', 'request.op'],
    ['an unknown op', request('rm -rf', {}), 'PROTOCOL_UNKNOWN_TYPE', 'request.op'],
    ['an old op', request('fetch', { runId: 1, first: 0, count: 1 }), 'PROTOCOL_UNKNOWN_TYPE', 'request.op'],
    ['a prototype key as op', request('constructor', {}), 'PROTOCOL_UNKNOWN_TYPE', 'request.op'],
    ['args not an object', request('hello', 'x'), 'PROTOCOL_BAD_TYPE', 'hello'],
    ['args an array', request('hello', []), 'PROTOCOL_BAD_TYPE', 'hello'],
  ])('refuses a message with %s', (_name, input, code, where) => {
    const e = refusal(() => parseClientMessage(input));
    expect([e.code, e.where]).toEqual([code, where]);
    expect(e.message.startsWith(`${where}: `)).toBe(true);
    expect(e.hint).toBeDefined();
  });

  it('an unknown op is named, with the known ones', () => {
    expect(refusal(() => parseClientMessage(request('launch', {}))).message).toMatch(
      /unknown operation "launch"; known: hello, openDialog, open, /,
    );
  });

  // Every field of every operation: missing, of the wrong type, out of range; and a field no operation has.
  it.each([
    ['open', {}, 'PROTOCOL_MISSING_FIELD', 'open.path'],
    ['open', { path: 42 }, 'PROTOCOL_BAD_TYPE', 'open.path'],
    ['open', { path: '' }, 'PROTOCOL_OUT_OF_RANGE', 'open.path'],
    ['open', { path: 'a\0b' }, 'PROTOCOL_OUT_OF_RANGE', 'open.path'],
    ['open', { path: 'a'.repeat(MAX_PATH + 1) }, 'PROTOCOL_TOO_LONG', 'open.path'],
    ['open', { path: 'a', speed: 0 }, 'PROTOCOL_OUT_OF_RANGE', 'open.speed'],
    ['open', { path: 'a', filter: 7 }, 'PROTOCOL_BAD_TYPE', 'open.filter'],
    ['open', { path: 'a', filter: 'x'.repeat(MAX_FILTER + 1) }, 'PROTOCOL_TOO_LONG', 'open.filter'],
    ['open', { path: 'a', follow: true }, 'PROTOCOL_UNKNOWN_FIELD', 'open.follow'],
    ['replay', {}, 'PROTOCOL_MISSING_FIELD', 'replay.speed'],
    ['replay', { speed: 'fast' }, 'PROTOCOL_BAD_TYPE', 'replay.speed'],
    ['replay', { speed: 1, filter: ['tcp'] }, 'PROTOCOL_BAD_TYPE', 'replay.filter'],
    ['speed', {}, 'PROTOCOL_MISSING_FIELD', 'speed.speed'],
    ['speed', { speed: -1 }, 'PROTOCOL_OUT_OF_RANGE', 'speed.speed'],
    ['speed', { speed: MAX_SPEED * 2 }, 'PROTOCOL_OUT_OF_RANGE', 'speed.speed'],
    ['speed', { speed: Number.NaN }, 'PROTOCOL_BAD_TYPE', 'speed.speed'],
    ['speed', { speed: Number.POSITIVE_INFINITY }, 'PROTOCOL_BAD_TYPE', 'speed.speed'],
    ['rows', { viewId: 0, first: 0, count: 1 }, 'PROTOCOL_MISSING_FIELD', 'rows.runId'],
    ['rows', { runId: '1', viewId: 0, first: 0, count: 1 }, 'PROTOCOL_BAD_TYPE', 'rows.runId'],
    ['rows', { runId: -1, viewId: 0, first: 0, count: 1 }, 'PROTOCOL_OUT_OF_RANGE', 'rows.runId'],
    ['rows', { runId: 2 ** 32, viewId: 0, first: 0, count: 1 }, 'PROTOCOL_OUT_OF_RANGE', 'rows.runId'],
    ['rows', { runId: 1, first: 0, count: 1 }, 'PROTOCOL_MISSING_FIELD', 'rows.viewId'],
    ['rows', { runId: 1, viewId: 1.5, first: 0, count: 1 }, 'PROTOCOL_BAD_TYPE', 'rows.viewId'],
    ['rows', { runId: 1, viewId: 0, count: 1 }, 'PROTOCOL_MISSING_FIELD', 'rows.first'],
    ['rows', { runId: 1, viewId: 0, first: -1, count: 1 }, 'PROTOCOL_OUT_OF_RANGE', 'rows.first'],
    ['rows', { runId: 1, viewId: 0, first: 0 }, 'PROTOCOL_MISSING_FIELD', 'rows.count'],
    ['rows', { runId: 1, viewId: 0, first: 0, count: 0 }, 'PROTOCOL_OUT_OF_RANGE', 'rows.count'],
    ['rows', { runId: 1, viewId: 0, first: 0, count: MAX_ROWS + 1 }, 'PROTOCOL_OUT_OF_RANGE', 'rows.count'],
    ['rows', { runId: 1, viewId: 0, first: 0, count: null }, 'PROTOCOL_BAD_TYPE', 'rows.count'],
    ['rows', { runId: 1, viewId: 0, first: 0, count: 1, last: 2 }, 'PROTOCOL_UNKNOWN_FIELD', 'rows.last'],
    ['stats', { kind: 'hierarchy' }, 'PROTOCOL_MISSING_FIELD', 'stats.runId'],
    ['stats', { runId: 1 }, 'PROTOCOL_MISSING_FIELD', 'stats.kind'],
    ['stats', { runId: 1, kind: 'graphs' }, 'PROTOCOL_BAD_TYPE', 'stats.kind'],
    ['stats', { runId: 1, kind: 'endpoints', type: 'sctp' }, 'PROTOCOL_BAD_TYPE', 'stats.type'],
    ['stats', { runId: 1, kind: 'io', intervalNs: MIN_IO_INTERVAL_NS - 1 }, 'PROTOCOL_OUT_OF_RANGE', 'stats.intervalNs'],
    ['stats', { runId: 1, kind: 'io', intervalNs: MAX_IO_INTERVAL_NS + 1 }, 'PROTOCOL_OUT_OF_RANGE', 'stats.intervalNs'],
    ['stats', { runId: 1, kind: 'io', filter: 'x'.repeat(MAX_FILTER + 1) }, 'PROTOCOL_TOO_LONG', 'stats.filter'],
    ['packet', { number: 1 }, 'PROTOCOL_MISSING_FIELD', 'packet.runId'],
    ['packet', { runId: 1 }, 'PROTOCOL_MISSING_FIELD', 'packet.number'],
    ['packet', { runId: 1, number: 0 }, 'PROTOCOL_OUT_OF_RANGE', 'packet.number'],
    ['packet', { runId: 1, number: '9' }, 'PROTOCOL_BAD_TYPE', 'packet.number'],
    ['filter', { filter: 'tcp' }, 'PROTOCOL_MISSING_FIELD', 'filter.runId'],
    ['filter', { runId: 1 }, 'PROTOCOL_MISSING_FIELD', 'filter.filter'],
    ['filter', { runId: 1, filter: {} }, 'PROTOCOL_BAD_TYPE', 'filter.filter'],
    ['filter', { runId: 1, filter: 'x'.repeat(MAX_FILTER + 1) }, 'PROTOCOL_TOO_LONG', 'filter.filter'],
    ['filter', { runId: 1, filter: 'tcp\0' }, 'PROTOCOL_OUT_OF_RANGE', 'filter.filter'],
    ['captureStart', {}, 'PROTOCOL_MISSING_FIELD', 'captureStart.ifaces'],
    ['captureStart', { ifaces: [''] }, 'PROTOCOL_OUT_OF_RANGE', 'captureStart.ifaces[0]'],
    ['captureStart', { ifaces: ['lo', 'x'.repeat(MAX_IFACE + 1)] }, 'PROTOCOL_TOO_LONG', 'captureStart.ifaces[1]'],
    ['captureStart', { ifaces: [] }, 'PROTOCOL_OUT_OF_RANGE', 'captureStart.ifaces'],
    ['captureStart', { ifaces: 'lo' }, 'PROTOCOL_BAD_TYPE', 'captureStart.ifaces'],
    ['captureStart', { iface: 'lo' }, 'PROTOCOL_UNKNOWN_FIELD', 'captureStart.iface'],
    ['captureStart', { ifaces: Array(MAX_CAPTURE_INTERFACES + 1).fill('lo') }, 'PROTOCOL_OUT_OF_RANGE', 'captureStart.ifaces'],
    ['captureStart', { ifaces: ['lo'], filter: 53 }, 'PROTOCOL_BAD_TYPE', 'captureStart.filter'],
    ['captureStart', { ifaces: ['lo'], file: 7 }, 'PROTOCOL_BAD_TYPE', 'captureStart.file'],
    ['captureStart', { ifaces: ['lo'], snaplen: 100 }, 'PROTOCOL_UNKNOWN_FIELD', 'captureStart.snaplen'],
    ['save', { format: 'pcap' }, 'PROTOCOL_MISSING_FIELD', 'save.path'],
    ['save', { path: 'x.pcap' }, 'PROTOCOL_MISSING_FIELD', 'save.format'],
    ['save', { path: 'x.cap', format: 'erf' }, 'PROTOCOL_BAD_TYPE', 'save.format'],
    ['save', { path: 'x.cap', format: 'pcap', overwrite: 'yes' }, 'PROTOCOL_BAD_TYPE', 'save.overwrite'],
    ['save', { path: 'x.cap', format: 'pcap', replace: true }, 'PROTOCOL_UNKNOWN_FIELD', 'save.replace'],
    ['follow', { runId: 1, protocol: 'sctp', stream: 0, format: 'ascii' }, 'PROTOCOL_BAD_TYPE', 'follow.protocol'],
    ['follow', { runId: 1, protocol: 'tcp', stream: -1, format: 'ascii' }, 'PROTOCOL_OUT_OF_RANGE', 'follow.stream'],
    ['follow', { runId: 1, protocol: 'tcp', packet: 0, format: 'ascii' }, 'PROTOCOL_OUT_OF_RANGE', 'follow.packet'],
    ['follow', { runId: 1, protocol: 'tcp', stream: 0, format: 'yaml' }, 'PROTOCOL_BAD_TYPE', 'follow.format'],
    ['follow', { runId: 1, protocol: 'tcp', stream: 0, format: 'hex', limit: 1 << 30 }, 'PROTOCOL_OUT_OF_RANGE', 'follow.limit'],
    ['captureStart', { ifaces: ['lo'], file: '/tmp/x.pcapng', overwrite: 1 }, 'PROTOCOL_BAD_TYPE', 'captureStart.overwrite'],
    ['hello', { version: 1 }, 'PROTOCOL_UNKNOWN_FIELD', 'hello.version'],
    ['openDialog', { path: '/x' }, 'PROTOCOL_UNKNOWN_FIELD', 'openDialog.path'],
    ['pause', { now: true }, 'PROTOCOL_UNKNOWN_FIELD', 'pause.now'],
    ['resume', { x: 1 }, 'PROTOCOL_UNKNOWN_FIELD', 'resume.x'],
    ['stop', { x: 1 }, 'PROTOCOL_UNKNOWN_FIELD', 'stop.x'],
    ['interfaces', { all: true }, 'PROTOCOL_UNKNOWN_FIELD', 'interfaces.all'],
    ['captureStop', { x: 1 }, 'PROTOCOL_UNKNOWN_FIELD', 'captureStop.x'],
  ])('%s %j: %s naming %s', (op, args, code, where) => {
    const e = refusal(() => parseClientMessage(request(op, args)));
    expect([e.code, e.where]).toEqual([code, where]);
    expect(e.message.startsWith(`${where}: `)).toBe(true);
  });

  it('returns a fresh object without inherited or extra properties', () => {
    const args = Object.assign(Object.create({ injected: true }) as object, { path: 'a' });
    const input = Object.assign(Object.create({ polluted: 1 }) as object, request('open', args));
    const out = parseClientMessage(input) as Extract<ClientMessage, { op: 'open' }>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect('polluted' in out).toBe(false);
    expect(Object.getPrototypeOf(out.args)).toBe(Object.prototype);
    expect(Object.keys(out.args)).toEqual(['path']);
  });

  it('validated() hands a refusal its request id and operation when they were readable', () => {
    const bad = validated(() => request('rows', { runId: 1, viewId: 0, first: 0, count: 0 }, 41));
    expect(bad).toBeInstanceOf(ProtocolError);
    expect(bad).toMatchObject({ code: 'PROTOCOL_OUT_OF_RANGE', where: 'rows.count', requestId: 41, op: 'rows' });
    expect(validated(() => request('launch', {}, 42))).toMatchObject({ requestId: 42, op: undefined });
    expect(validated(() => ({ type: 'request', op: 'open', args: {} }))).toMatchObject({ requestId: undefined, op: 'open' });
    expect(validated(() => readClientFrame('{"type":'))).toMatchObject({ code: 'PROTOCOL_BAD_JSON', requestId: undefined });
    expect(validated(() => request('hello', {}))).toEqual(request('hello', {}));
    expect(() =>
      validated(() => {
        throw new TypeError('a bug');
      }),
    ).toThrow(TypeError);
  });
});

describe('parseClientMessage: acknowledgements (a port UI says how many host messages it has read)', () => {
  it('accepts a read count, through JSON and as a clone', () => {
    for (const read of [0, 1, 123_456, Number.MAX_SAFE_INTEGER]) {
      const m = { type: 'ack', read };
      expect(parseClientMessage(JSON.parse(JSON.stringify(m)))).toEqual(m);
      expect(parseClientMessage(structuredClone(m))).toEqual(m);
    }
  });

  it.each([
    ['no count', { type: 'ack' }, 'PROTOCOL_MISSING_FIELD', 'ack.read'],
    ['a string count', { type: 'ack', read: '3' }, 'PROTOCOL_BAD_TYPE', 'ack.read'],
    ['a fractional count', { type: 'ack', read: 2.5 }, 'PROTOCOL_BAD_TYPE', 'ack.read'],
    ['a negative count', { type: 'ack', read: -1 }, 'PROTOCOL_OUT_OF_RANGE', 'ack.read'],
    ['an unsafe count', { type: 'ack', read: 2 ** 53 }, 'PROTOCOL_OUT_OF_RANGE', 'ack.read'],
    ['a field besides read', { type: 'ack', read: 1, id: 4 }, 'PROTOCOL_UNKNOWN_FIELD', 'ack.id'],
  ])('refuses an acknowledgement with %s', (_name, input, code, where) => {
    const e = refusal(() => parseClientMessage(input));
    expect([e.code, e.where]).toEqual([code, where]);
  });

  it('an unknown message type names both the UI may send', () => {
    expect(refusal(() => parseClientMessage({ type: 'batch' })).message).toMatch(
      /^message\.type: expected "request" or "ack", got a string;/,
    );
  });
});

describe('WebSocket framing', () => {
  it("a rows reply travels in a binary frame holding its batch's used bytes only, and decodes to the same rows", () => {
    const packed = rowsBatch(SOME_ROWS);
    const buffer = packed.lease.buffer;
    expect(packed.usedBytes).toBeLessThan(buffer.byteLength); // a pooled buffer is larger than what it holds
    const msg: HostMessage = { type: 'reply', id: 9, op: 'rows', result: { runId: 2, viewId: 1, first: 4, count: 3, buffer } };
    const frame = encodeHostMessage(msg);
    expect(frame).toBeInstanceOf(ArrayBuffer);
    const json = JSON.stringify({ type: 'reply', id: 9, op: 'rows', result: { runId: 2, viewId: 1, first: 4, count: 3 } });
    expect((frame as ArrayBuffer).byteLength).toBe(((FRAME_HEADER_BYTES + json.length + 3) & ~3) + packed.usedBytes);
    const back = decodeHostFrame(frame as ArrayBuffer) as Reply<'rows'> & { result: { buffer: ArrayBuffer } };
    expect(back).toMatchObject({ type: 'reply', id: 9, op: 'rows', result: { runId: 2, viewId: 1, first: 4, count: 3 } });
    expect(back.result.buffer).not.toBe(buffer);
    const v = new BatchView(back.result.buffer);
    expect(v.count).toBe(3);
    const rows = Array.from({ length: v.count }, (_, i) => [
      v.packet(i).number,
      ...new TextDecoder().decode(v.data(i)).split(String.fromCharCode(ROW_SEPARATOR)),
    ]);
    expect(rows).toEqual(SOME_ROWS);
    expect(v.packet(2).wireLen).toBe(62);
  });

  it('a reply with an empty buffer (no rows) is a binary frame too', () => {
    const msg: HostMessage = {
      type: 'reply',
      id: 1,
      op: 'rows',
      result: { runId: 1, viewId: 0, first: 9, count: 0, buffer: new ArrayBuffer(0) },
    };
    const back = decodeHostFrame(encodeHostMessage(msg) as ArrayBuffer) as Reply<'rows'> & { result: { buffer: ArrayBuffer } };
    expect(back.result).toMatchObject({ count: 0 });
    expect(back.result.buffer.byteLength).toBe(0);
  });

  it('every other message is JSON text, both ways', () => {
    const msgs: HostMessage[] = [
      {
        type: 'reply',
        id: 1,
        op: 'hello',
        result: { protocol: 2, version: '1', capture: { available: false, reason: 'r' }, desktop: false },
      },
      { type: 'reply', id: 2, op: 'open', error: { code: 'CAPTURE_IO', message: 'cannot open x', hint: 'check the path' } },
      { type: 'view', view: { runId: 1, viewId: 0, packets: 3, displayed: 3, scanned: 3 } },
      { type: 'error', error: { code: 'PROTOCOL_BAD_JSON', message: 'frame: not JSON' } },
      { type: 'error', error: { code: 'PROTOCOL_UNKNOWN_TYPE', message: 'request.op: unknown' }, id: 4 },
    ];
    for (const m of msgs) {
      const text = encodeHostMessage(m);
      expect(typeof text).toBe('string');
      expect(decodeHostFrame(text)).toEqual(m);
    }
    expect(readClientFrame(JSON.stringify(request('rows', { runId: 1, viewId: 0, first: 2, count: 3 })))).toEqual(
      request('rows', { runId: 1, viewId: 0, first: 2, count: 3 }),
    );
  });

  it('refuses damaged binary frames', () => {
    const packed = rowsBatch(SOME_ROWS);
    const msg: HostMessage = {
      type: 'reply',
      id: 3,
      op: 'rows',
      result: { runId: 1, viewId: 0, first: 0, count: 3, buffer: packed.lease.buffer },
    };
    const frame = encodeHostMessage(msg) as ArrayBuffer;
    const mutate = (f: (v: DataView) => void, len = frame.byteLength): ArrayBuffer => {
      const copy = frame.slice(0, len);
      f(new DataView(copy));
      return copy;
    };
    const code = (data: ArrayBuffer | string) => refusal(() => decodeHostFrame(data)).code;
    expect(code(new ArrayBuffer(10))).toBe('PROTOCOL_BAD_FRAME');
    expect(code(mutate((v) => v.setUint32(0, 0xdeadbeef, true)))).toBe('PROTOCOL_BAD_FRAME');
    expect(code(mutate((v) => v.setUint32(4, 1 | (12 << 16), true)))).toBe('PROTOCOL_BAD_FRAME'); // WPF1
    expect(code(mutate((v) => v.setUint32(8, frame.byteLength, true)))).toBe('PROTOCOL_BAD_FRAME'); // JSON past the end
    expect(code(mutate((v) => v.setUint8(FRAME_HEADER_BYTES, 0x20)))).toBe('PROTOCOL_BAD_JSON');
    const event = new TextEncoder().encode(JSON.stringify({ type: 'view', view: {} }));
    const notReply = new Uint8Array(FRAME_HEADER_BYTES + event.length);
    new DataView(notReply.buffer).setUint32(0, 0x32465057, true);
    new DataView(notReply.buffer).setUint32(4, 2 | (12 << 16), true);
    new DataView(notReply.buffer).setUint32(8, event.length, true);
    notReply.set(event, FRAME_HEADER_BYTES);
    expect(code(notReply.buffer)).toBe('PROTOCOL_BAD_FRAME');
  });

  it('refuses bad text frames on both sides', () => {
    const code = (f: () => unknown) => refusal(f).code;
    expect(code(() => decodeHostFrame('{nope'))).toBe('PROTOCOL_BAD_JSON');
    expect(code(() => decodeHostFrame('[]'))).toBe('PROTOCOL_NOT_OBJECT');
    expect(code(() => decodeHostFrame('{"type":"shell"}'))).toBe('PROTOCOL_UNKNOWN_TYPE');
    expect(code(() => decodeHostFrame('{"type":"batch","runId":1}'))).toBe('PROTOCOL_UNKNOWN_TYPE'); // the old streaming
    expect(code(() => decodeHostFrame('{"type":"reply","id":1,"op":"fetch","result":{}}'))).toBe('PROTOCOL_UNKNOWN_TYPE');
    expect(code(() => decodeHostFrame('{"type":"reply","id":1,"op":"rows","result":{"buffer":{}}}'))).toBe('PROTOCOL_BAD_FRAME');
    expect(code(() => readClientFrame(new Uint8Array([1, 2])))).toBe('PROTOCOL_BAD_FRAME');
    expect(code(() => readClientFrame('x'.repeat(MAX_TEXT_FRAME + 1)))).toBe('PROTOCOL_TOO_LONG');
    expect(code(() => readClientFrame('{"type":"request",'))).toBe('PROTOCOL_BAD_JSON');
  });
});
