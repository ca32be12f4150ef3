import { describe, expect, it } from 'vitest';
import type { PlainConversation } from '../../native-bridge/protocol/index.js';
import { conversationColumns, endpointColumns, nextOrder, percent, sortRows } from '../../renderer/src/lib/stats-table.js';

const conv = (addressA: string, bytes: number, relStart: string, portA?: number): PlainConversation => ({
  addressA,
  portA,
  addressB: '10.0.0.9',
  portB: portA === undefined ? undefined : 80,
  stream: undefined,
  framesAToB: 1,
  bytesAToB: bytes,
  framesBToA: 0,
  bytesBToA: 0,
  frames: 1,
  bytes,
  relStart,
  duration: '0.000000000',
});

describe('the statistics tables', () => {
  it("has Wireshark's columns, ports and the stream only where the table has them", () => {
    expect(conversationColumns('ip').map((c) => c.key)).not.toContain('portA');
    expect(conversationColumns('tcp').map((c) => c.key)).toEqual(expect.arrayContaining(['portA', 'portB', 'stream']));
    expect(endpointColumns('eth').map((c) => c.title)).toEqual([
      'Address',
      'Packets',
      'Bytes',
      'Tx Packets',
      'Tx Bytes',
      'Rx Packets',
      'Rx Bytes',
    ]);
    expect(endpointColumns('udp').map((c) => c.key)).toContain('port');
  });

  it('sorts numbers as numbers, addresses by their numbers, times by value; ties keep the engine order', () => {
    const rows = [conv('10.0.0.10', 500, '2.5'), conv('10.0.0.2', 60, '10.0'), conv('10.0.0.3', 500, '0.25')];
    const cols = conversationColumns('ip');
    const by = (key: string, descending: boolean) => sortRows(rows, cols, { key, descending }).map((r) => r.addressA);
    expect(by('bytes', true)).toEqual(['10.0.0.10', '10.0.0.3', '10.0.0.2']);
    expect(by('bytes', false)).toEqual(['10.0.0.2', '10.0.0.10', '10.0.0.3']);
    expect(by('addressA', false)).toEqual(['10.0.0.2', '10.0.0.3', '10.0.0.10']);
    expect(by('relStart', false)).toEqual(['10.0.0.3', '10.0.0.10', '10.0.0.2']);
    expect(sortRows(rows, cols, undefined)).toEqual(rows);
    expect(sortRows(rows, cols, { key: 'nope', descending: true })).toEqual(rows);
  });

  it('a click sorts numbers most first and text from A, a second click the other way', () => {
    expect(nextOrder(undefined, 'bytes', true)).toEqual({ key: 'bytes', descending: true });
    expect(nextOrder({ key: 'bytes', descending: true }, 'bytes', true)).toEqual({ key: 'bytes', descending: false });
    expect(nextOrder({ key: 'bytes', descending: true }, 'addressA', false)).toEqual({ key: 'addressA', descending: false });
  });

  it('gives shares with two decimals', () => {
    expect(percent(1, 3)).toBe('33.33');
    expect(percent(113, 113)).toBe('100.00');
    expect(percent(0, 0)).toBe('0.00');
  });
});
