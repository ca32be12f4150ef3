/**
 * Synthetic pcapng files for what the corpus lacks: several sections in both byte orders,
 * several interfaces with different if_tsresol / if_tsoffset, SPB, obsolete PB, NRB, ISB, DSB,
 * custom and unknown blocks, odd block lengths. They are stored in test/fixtures/ together
 * with TShark 4.0.17's reading of them (see test/fixtures/README.md to regenerate).
 */
import { block, concat, dsb, epb, idb, isb, nrb, packet, pb, shb, spb } from './build.js';

const S = 1_700_000_000n; // 2023-11-14
const u32max = 0xffffffffn;

function multiSection(): Uint8Array {
  return concat([
    // Section 0, little-endian: microseconds (default) and nanoseconds.
    shb('le'),
    idb('le', { snaplen: 65535, name: 'eth0' }),
    idb('le', { tsresol: 9, name: 'eth1' }),
    epb('le', 0, S * 1_000_000n + 123_456n, packet(1)),
    nrb('le'),
    epb('le', 1, S * 1_000_000_000n + 123_456_789n, packet(2, 100), 1500),
    isb('le', 1),
    dsb('le'),
    block('le', 0x00000bad, new Uint8Array([0, 0, 0x7e, 0x94, 1, 2, 3, 4])), // custom block (PEN 32894)
    block('le', 0x7ffffff0, new Uint8Array(20)), // unknown block type
    epb('le', 0, S * 1_000_000n + 999_999n, packet(3)),
    // Section 1, big-endian: milliseconds, 2^-20 s with an offset, ns with a negative offset.
    shb('be'),
    idb('be', { tsresol: 3, snaplen: 128 }),
    idb('be', { tsresol: 0x80 | 20, tsoffset: 100n, name: 'binary' }),
    idb('be', { tsresol: 9, tsoffset: -2_000_000_000n }),
    epb('be', 1, (S << 20n) + 5n, packet(4)),
    epb('be', 0, S * 1000n + 7n, packet(5)),
    spb('be', packet(6, 64)),
    pb('be', 1, 12_345n, packet(7)),
    epb('be', 2, 123_456_789n, packet(8)),
    epb('be', 2, 5_000_000_000_000_000_001n, packet(9)),
    isb('be', 0),
    // Section 2, little-endian again: interface numbering restarts.
    shb('le'),
    idb('le', { linkType: 113, snaplen: 262144 }),
    epb('le', 0, S * 1_000_000n, packet(10, 44)),
  ]);
}

/** One interface per resolution, each with ticks that stress the conversion. */
function resolutions(): Uint8Array {
  const cases: [number, bigint[]][] = [
    [0, [S, (1n << 53n) + 1n, u32max << 32n]], // seconds; 2^64-ish seconds wrap to negative time_t
    [1, [S * 10n + 9n]],
    [3, [S * 1000n + 999n]],
    [6, [S * 1_000_000n, (1n << 53n) + 12345n, (u32max << 32n) | u32max]],
    [9, [S * 1_000_000_000n + 1n, (u32max << 32n) | u32max]],
    [10, [S * 10_000_000_000n + 9_999_999_999n]],
    [11, [S * 100_000_000_000n + 12_345_678_901n]],
    [12, [S * 1_000_000_000_000n + 987_654_321_098n]], // TShark 4.0 overflows here
    [19, [(u32max << 32n) | u32max]],
    [0x80, [S]],
    [0x80 | 10, [(S << 10n) + 1023n]],
    [0x80 | 23, [(S << 23n) + 1n]],
    [0x80 | 24, [(S << 24n) + 3n]],
    [0x80 | 32, [(S << 32n) + 0xffffffffn]], // TShark 4.0 overflows from 2^-33 on
    [0x80 | 40, [(1_700_000n << 40n) + 987_654_321_987n]],
    [0x80 | 63, [(u32max << 32n) | u32max]],
  ];
  const parts = [shb('le')];
  for (const [tsresol] of cases) parts.push(idb('le', { tsresol }));
  cases.forEach(([, ticks], i) => {
    ticks.forEach((t, j) => {
      parts.push(epb('le', i, t, packet(i * 4 + j, 42)));
    });
  });
  return concat(parts);
}

/** Blocks whose length fields are not multiples of 4 (wiretap rounds them up; so do we). */
function unpaddedLengths(): Uint8Array {
  const a = epb('le', 0, S * 1_000_000n + 1n, packet(1, 62));
  const total = a.length;
  return concat([
    shb('le'),
    idb('le'),
    epb('le', 0, S * 1_000_000n + 1n, packet(1, 62), 62, { length: total - 2 }), // trailer right
    epb('le', 0, S * 1_000_000n + 2n, packet(2, 62), 62, { length: total - 2, trailer: total - 2 }),
    epb('le', 0, S * 1_000_000n + 3n, packet(3, 62)),
  ]);
}

/** SPBs truncated to the IDB snaplen; an SPB reads interface 0 whatever others exist. */
function simplePackets(): Uint8Array {
  return concat([
    shb('be'),
    idb('be', { snaplen: 50 }),
    idb('be', { tsresol: 9 }),
    spb('be', packet(1, 50), 60),
    spb('be', packet(2, 42)),
    epb('be', 1, 5n, packet(3)),
  ]);
}

export const SYNTHETIC: Record<string, () => Uint8Array> = {
  'multi-section.pcapng': multiSection,
  'resolutions.pcapng': resolutions,
  'unpadded-lengths.pcapng': unpaddedLengths,
  'simple-packets.pcapng': simplePackets,
};
