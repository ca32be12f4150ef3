import { describe, expect, it } from 'vitest';
import { formatEpoch, openCaptureBytes } from '../../native-bridge/formats/index.js';
import { concat, pcapHeader, pcapRecord, packet } from './build.js';
import { readAll } from '../helpers/corpus.js';

/**
 * pcap variants the corpus lacks. Each expectation is what TShark 4.0.17 printed for the
 * same bytes (number, frame.time_epoch, frame.len, frame.cap_len).
 */
const p60 = packet(1, 60);

function rows(bytes: Uint8Array): string[] {
  const { frames, error } = readAll(openCaptureBytes(bytes, 'variant.pcap'));
  if (error) throw error;
  return frames.map((f) => [f.number, formatEpoch(f.sec, f.nsec), f.wireLen, f.capLen].join(' '));
}

/** A Kuznetzov ("modified") record: the usual 16 bytes, then ifindex, protocol, pkt_type, pad. */
function modifiedRecord(le: boolean, sec: number, usec: number, data: Uint8Array, wire: number): Uint8Array {
  const h = new Uint8Array(24);
  const v = new DataView(h.buffer);
  [sec, usec, data.length, wire, 1].forEach((x, i) => {
    v.setUint32(i * 4, x, le);
  });
  v.setUint16(20, 0x0800, le);
  return concat([h, data]);
}

describe('pcap variants', () => {
  it('big-endian, microseconds', () => {
    const bytes = concat([
      pcapHeader({ e: 'be' }),
      pcapRecord('be', 1700000000, 5, p60, 70),
      pcapRecord('be', 1700000001, 999999, p60.subarray(0, 50)),
    ]);
    expect(rows(bytes)).toEqual(['1 1700000000.000005000 70 60', '2 1700000001.999999000 50 50']);
  });

  it('big-endian, nanoseconds', () => {
    const bytes = concat([
      pcapHeader({ e: 'be', magic: 0xa1b23c4d }),
      pcapRecord('be', 1700000000, 5, p60, 70),
      pcapRecord('be', 1700000001, 999999999, p60.subarray(0, 50)),
    ]);
    expect(rows(bytes)).toEqual(['1 1700000000.000000005 70 60', '2 1700000001.999999999 50 50']);
  });

  it('modified (Kuznetzov) magic 0xa1b2cd34 with 24-byte record headers, both byte orders', () => {
    const le = concat([pcapHeader({ magic: 0xa1b2cd34 }), ...[0, 1, 2].map((i) => modifiedRecord(true, 1700000000 + i, i, p60, 64))]);
    expect(rows(le)).toEqual(['1 1700000000.000000000 64 60', '2 1700000001.000001000 64 60', '3 1700000002.000002000 64 60']);
    const be = concat([
      pcapHeader({ e: 'be', magic: 0xa1b2cd34 }),
      ...[0, 1].map((i) => modifiedRecord(false, 1700000000 + i, i, p60, 64)),
    ]);
    expect(rows(be)).toEqual(['1 1700000000.000000000 64 60', '2 1700000001.000001000 64 60']);
  });

  it('version 2.3: lengths swapped when incl_len > orig_len; 2.2: always swapped', () => {
    const v23 = concat([
      pcapHeader({ version: [2, 3] }),
      pcapRecord('le', 1, 0, p60, 60, 70),
      pcapRecord('le', 2, 0, p60.subarray(0, 40), 50, 40),
    ]);
    expect(rows(v23)).toEqual(['1 1.000000000 70 60', '2 2.000000000 50 40']);
    const v22 = concat([
      pcapHeader({ version: [2, 2] }),
      pcapRecord('le', 1, 0, p60, 60, 70),
      pcapRecord('le', 2, 0, p60.subarray(0, 40), 40, 50),
    ]);
    expect(rows(v22)).toEqual(['1 1.000000000 70 60', '2 2.000000000 50 40']);
  });

  it('header only: no frames, no error; interface known at open', () => {
    const reader = openCaptureBytes(pcapHeader({ linkType: 113, snaplen: 1234 }), 'empty.pcap');
    expect(reader.interfaces).toEqual([{ section: 0, id: 0, linkType: 113, snaplen: 1234, name: undefined, tsresol: 6, tsoffset: 0 }]);
    expect(reader.next()).toBeUndefined();
    reader.close();
  });
});
