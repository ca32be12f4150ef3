import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BufferPool } from '../../native-bridge/pool/index.js';
import { formatEpoch, openCapture } from '../../native-bridge/formats/index.js';
import { CAPTURES, ORACLE, readAll, readTsv, type FrameCopy } from '../helpers/corpus.js';

/**
 * Every corpus file against TShark 4.0.17's reading of it (oracle/NAME.tsv), or, for the 14
 * files TShark refuses (link types it does not support), against tcpdump's frame count.
 */

/**
 * Link types where wiretap moves a pseudo-header out of the packet data into its own
 * metadata, shortening frame.len and frame.cap_len by its size. Wirepool delivers records as
 * stored (the dissector reads that header from the bytes), so the oracle is that much shorter.
 * The corpus has one such link type; wiretap's others are 139 MTP2_WITH_PHDR (4), 144 IRDA
 * (16), 177 LINUX_LAPD (16), 196 SITA (5), 201 BLUETOOTH_H4_WITH_PHDR (4), 204
 * PPP_WITH_DIR (1), 209 I2C_LINUX (4), 197 ERF (variable).
 */
const WIRETAP_PSEUDO_HEADER = new Map<number, number>([
  [123, 4], // LINKTYPE_SUNATM: 4-byte SunATM header (flags, VPI, VCI)
]);

/**
 * tcpdump -tt prints a record with caplen == 0, len == 0 or len < caplen as
 * "[Invalid header: ...]", without a timestamp, and tcpdump-index.tsv counts only the
 * timestamped lines (vtp_asan.pcap: 5 records, 4 of them with caplen 0, counted as 1).
 */
function tcpdumpCounts(f: FrameCopy): boolean {
  return f.capLen > 0 && f.wireLen > 0 && f.wireLen >= f.capLen;
}

const index = readTsv(path.join(ORACLE, 'index.tsv')).slice(1);
const tcpdump = new Map(
  readTsv(path.join(ORACLE, 'tcpdump-index.tsv'))
    .slice(1)
    .map((r) => [r[0]!, Number(r[1])]),
);
const pool = new BufferPool();
const refused = index.filter((r) => r[4] !== '' && r[4] !== undefined).map((r) => r[0]!);
const readable = index.filter((r) => !r[4]).map((r) => r[0]!);

function oracleRow(f: FrameCopy): string {
  const cut = WIRETAP_PSEUDO_HEADER.get(f.linkType) ?? 0;
  const iface = f.interfaceId < 0 ? '' : String(f.interfaceId);
  return [f.number, formatEpoch(f.sec, f.nsec), f.wireLen - cut, f.capLen - cut, iface].join('\t');
}

describe('corpus conformance', () => {
  it('covers the whole corpus', () => {
    expect(index.length).toBe(830);
    expect(refused.length).toBe(14);
  });

  it.each(readable)('%s matches TShark', (file) => {
    const { frames, error } = readAll(openCapture(path.join(CAPTURES, file), { pool }));
    // TShark reported no error for any of these files, so neither may we.
    expect(error?.message).toBeUndefined();
    const oracle = readTsv(path.join(ORACLE, `${file}.tsv`)).map((r) => r.slice(0, 5).join('\t'));
    const ours = frames.map(oracleRow);
    const first = ours.findIndex((row, i) => row !== oracle[i]);
    if (first >= 0 || ours.length !== oracle.length) {
      const i = first >= 0 ? first : Math.min(ours.length, oracle.length);
      expect.fail(
        `${file}: frame ${i + 1} differs: ours [${ours[i] ?? 'none'}] TShark [${oracle[i] ?? 'none'}] (${ours.length} vs ${oracle.length} frames)`,
      );
    }
  });

  it.each(refused)("%s (refused by TShark) has tcpdump's frame count", (file) => {
    const { frames, error } = readAll(openCapture(path.join(CAPTURES, file), { pool }));
    expect(error?.message).toBeUndefined();
    expect(frames.filter(tcpdumpCounts).length, file).toBe(tcpdump.get(file));
  });

  afterAll(() => {
    // Every chunk and frame went back: nothing outstanding in any tier.
    const stats = pool.stats();
    expect(stats.tiers.map((t) => t.outstanding)).toEqual([0, 0, 0]);
    expect(stats.oversize.outstanding).toBe(0);
  });
});
