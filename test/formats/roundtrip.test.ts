import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BufferPool } from '../../native-bridge/pool/index.js';
import { openCapture, openCaptureBytes, PcapngWriter, PcapWriter, type CaptureReader } from '../../native-bridge/formats/index.js';
import { CAPTURES, readAll, type FrameCopy } from '../helpers/corpus.js';
import { SYNTHETIC } from './synthetic.js';

const dir = mkdtempSync(path.join(tmpdir(), 'wirepool-formats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const pool = new BufferPool();

const corpus = readdirSync(CAPTURES).sort();
const pcaps = corpus.filter((f) => f.endsWith('.pcap'));
const pcapngs = corpus.filter((f) => f.endsWith('.pcapng'));

/** The instant a frame stands for, in ns, whatever the encoding of its fraction. */
const instant = (f: FrameCopy): bigint => BigInt(f.sec) * 1_000_000_000n + BigInt(f.nsec);

/** Writes every frame of `file` with `write`, returns the frames read and read back. */
function copyThrough(
  file: string,
  out: string,
  open: (r: CaptureReader) => { writeFrame(f: import('../../native-bridge/formats/index.js').Frame): void; close(): void },
) {
  const reader = openCapture(path.join(CAPTURES, file), { pool });
  const writer = open(reader);
  const original: FrameCopy[] = [];
  try {
    for (let f = reader.next(); f !== undefined; f = reader.next()) {
      original.push({ ...f, bytes: f.data.bytes.slice() });
      writer.writeFrame(f);
    }
  } finally {
    writer.close();
    reader.close();
  }
  const back = readAll(openCapture(out, { pool }));
  expect(back.error).toBeUndefined();
  return { original, back: back.frames };
}

/** Compares frame by frame without an expect() per field (the corpus has ~100k frames). */
function sameFrames(file: string, a: FrameCopy[], b: FrameCopy[], exactTime: boolean): void {
  expect(b.length, file).toBe(a.length);
  for (let i = 0; i < a.length; i++) {
    const f = a[i]!;
    const g = b[i]!;
    const same =
      g.number === f.number &&
      g.wireLen === f.wireLen &&
      g.capLen === f.capLen &&
      g.linkType === f.linkType &&
      (exactTime ? g.sec === f.sec && g.nsec === f.nsec : instant(g) === instant(f)) &&
      Buffer.from(g.bytes).equals(Buffer.from(f.bytes));
    if (!same) {
      const { bytes: _a, ...fm } = f;
      const { bytes: _b, ...gm } = g;
      expect.fail(`${file} frame ${i + 1} differs after the round trip: ${JSON.stringify(gm)} vs ${JSON.stringify(fm)}`);
    }
  }
}

describe('writer round trips over the corpus', () => {
  it('pcap (microseconds): every pcap file comes back identical, invalid fractions included', () => {
    for (const file of pcaps) {
      const out = path.join(dir, 'usec.pcap');
      const { original, back } = copyThrough(file, out, (r) => {
        const nano = r.interfaces[0]!.tsresol === 9;
        return new PcapWriter(out, { linkType: r.interfaces[0]!.linkType, snaplen: r.interfaces[0]!.snaplen, nanosecond: nano });
      });
      sameFrames(file, original, back, true);
      if (back.some((f) => f.interfaceId !== -1)) expect.fail(`${file}: a pcap frame with an interface id`);
    }
  });

  it('pcap (nanoseconds): every file comes back at the same instant', () => {
    // Two pcapng files hold times past 2106 (2^32 s), which pcap's 32-bit seconds cannot.
    const beyondPcap = new Set(['time_2106_overflow.pcapng', 'time_2107.pcapng']);
    for (const file of corpus.filter((f) => !beyondPcap.has(f))) {
      const out = path.join(dir, 'nsec.pcap');
      const { original, back } = copyThrough(
        file,
        out,
        (r) => new PcapWriter(out, { linkType: r.interfaces[0]?.linkType ?? 1, nanosecond: true }),
      );
      // pcapng frames of one interface only; the corpus pcapng files all have one.
      // A microsecond fraction is exact in nanoseconds; one too large for the 32-bit field
      // (an invalid usec field times 1000) is carried into the seconds, same instant.
      sameFrames(file, original, back, false);
      expect(readFileSync(out).readUInt32LE(0)).toBe(0xa1b23c4d);
    }
  });

  it('pcapng: many files merged into one section, one interface each, interleaved', () => {
    const out = path.join(dir, 'merged.pcapng');
    const writer = new PcapngWriter(out);
    const sources = [...pcaps.slice(0, 120), ...pcapngs].map((file) => ({
      file,
      reader: openCapture(path.join(CAPTURES, file), { pool }),
    }));
    const expected: { id: number; frame: FrameCopy; name: string }[] = [];
    const ids = sources.map((s) => writer.addInterface({ linkType: s.reader.interfaces[0]?.linkType ?? 1, name: s.file, snaplen: 262144 }));
    // Round-robin one frame from each source until all are drained.
    for (let live = sources.length; live > 0; ) {
      live = 0;
      sources.forEach((s, i) => {
        const f = s.reader.next();
        if (f === undefined) return;
        live++;
        writer.write(f, f.data.bytes, ids[i]!);
        expected.push({ id: ids[i]!, name: s.file, frame: { ...f, bytes: f.data.bytes.slice() } });
      });
    }
    for (const s of sources) s.reader.close();
    writer.close();

    const reader = openCapture(out, { pool });
    const { frames, error } = readAll(reader);
    expect(error).toBeUndefined();
    expect(frames.length).toBe(expected.length);
    expect(reader.interfaces.length).toBe(sources.length);
    reader.interfaces.forEach((iface, i) => {
      expect([iface.name, iface.tsresol, iface.linkType]).toEqual([sources[i]!.file, 9, sources[i]!.reader.interfaces[0]?.linkType ?? 1]);
    });
    frames.forEach((g, i) => {
      const { id, frame: f, name } = expected[i]!;
      const where = `${name} frame ${f.number} (merged frame ${i + 1})`;
      expect([g.interfaceId, g.wireLen, g.capLen, g.linkType], where).toEqual([id, f.wireLen, f.capLen, f.linkType]);
      expect(instant(g), where).toBe(instant(f));
      expect(Buffer.from(g.bytes).equals(Buffer.from(f.bytes)), where).toBe(true);
    });
  });

  it('pcapng: a multi-section, mixed-byte-order file written to one section keeps every frame', () => {
    const bytes = SYNTHETIC['multi-section.pcapng']!();
    const reader = openCaptureBytes(bytes, 'multi-section.pcapng', { pool });
    const original = readAll(reader).frames;
    const out = path.join(dir, 'flat.pcapng');
    // Write to an fd we own, to cover that target too.
    const fd = openSync(out, 'w');
    const writer = new PcapngWriter(fd, { interfaces: reader.interfaces });
    const kept = original.filter((f) => f.sec >= 0);
    // pcapng nanoseconds cannot go before 1970 without an if_tsoffset, which the writer does
    // not use: the one frame with a negative time (from a -2e9 s offset) is refused.
    expect(original.length - kept.length).toBe(1);
    for (const f of kept) writer.write(f, f.bytes, f.interfaceIndex);
    expect(() => writer.write(original.find((f) => f.sec < 0)!, new Uint8Array(1), 0)).toThrow(
      expect.objectContaining({ code: 'CAPTURE_WRITE_TIMESTAMP' }),
    );
    writer.close();
    closeSync(fd);
    const back = readAll(openCapture(out, { pool })).frames;
    expect(back.length).toBe(kept.length);
    back.forEach((g, i) => {
      const f = kept[i]!;
      expect([g.interfaceId, g.linkType, g.wireLen, g.capLen, instant(g)]).toEqual([
        f.interfaceIndex,
        f.linkType,
        f.wireLen,
        f.capLen,
        instant(f),
      ]);
      expect(Buffer.from(g.bytes).equals(Buffer.from(f.bytes))).toBe(true);
    });
  });

  it('refuses what it cannot represent', () => {
    const w = new PcapWriter(path.join(dir, 'bad.pcap'), { linkType: 1 });
    expect(() => w.write({ sec: -1, nsec: 0, wireLen: 1 }, new Uint8Array(1))).toThrow(
      expect.objectContaining({ code: 'CAPTURE_WRITE_TIMESTAMP' }),
    );
    expect(() => w.write({ sec: 2 ** 32, nsec: 0, wireLen: 1 }, new Uint8Array(1))).toThrow(
      expect.objectContaining({ code: 'CAPTURE_WRITE_TIMESTAMP' }),
    );
    expect(() => w.write({ sec: 1, nsec: 0, wireLen: 1 }, new Uint8Array(262145))).toThrow(
      expect.objectContaining({ code: 'CAPTURE_WRITE_TOO_LARGE' }),
    );
    w.close();
    expect(() => w.write({ sec: 1, nsec: 0, wireLen: 1 }, new Uint8Array(1))).toThrow(
      expect.objectContaining({ code: 'CAPTURE_WRITE_CLOSED' }),
    );
    const n = new PcapngWriter(path.join(dir, 'bad.pcapng'), { interfaces: [{ linkType: 1 }] });
    expect(() => n.write({ sec: 1, nsec: 0, wireLen: 1 }, new Uint8Array(1), 1)).toThrow(
      expect.objectContaining({ code: 'CAPTURE_WRITE_INTERFACE' }),
    );
    expect(() => n.write({ sec: -1, nsec: 0, wireLen: 1 }, new Uint8Array(1), 0)).toThrow(
      expect.objectContaining({ code: 'CAPTURE_WRITE_TIMESTAMP' }),
    );
    n.write({ sec: 2 ** 34 + 5, nsec: 7, wireLen: 1 }, new Uint8Array(1), 0); // past 2514: the BigInt path
    n.close();
    const [f] = readAll(openCapture(path.join(dir, 'bad.pcapng'))).frames;
    expect([f!.sec, f!.nsec]).toEqual([2 ** 34 + 5, 7]);
  });
});
