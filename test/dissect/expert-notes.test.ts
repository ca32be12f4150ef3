import { describe, expect, it } from 'vitest';
import { DissectSession, type Dissection, dissectFrame } from '../../native-bridge/dissect/index.js';
import { cleanInfo, framesOf, readFixture, tsharkText } from './app-layer.js';

/**
 * Expert notes TShark 4.0 shows in Info (test/fixtures/dissect/expert-notes.tsv, made by
 * regen-expert-notes.sh): ARP's duplicate address detection and UDP's bad length, on every
 * corpus frame that has one, with their fields.
 */
const { fields, rows } = readFixture('expert-notes.tsv');
const files = [...new Set(rows.map((r) => r[0]!))];

function decodeAll(file: string): Map<number, Dissection> {
  const session = new DissectSession();
  const out = new Map<number, Dissection>();
  for (const f of framesOf(file)) out.set(f.number, dissectFrame(f, f.bytes, session));
  return out;
}

/** The note's own text in TShark's Info: what the frame's ARP or UDP put there (decoders above are another matter). */
const NOTE = / \(duplicate use of [\d.]+ detected!\)$|^\d+ → \d+ \[BAD UDP LENGTH \d+ > IP PAYLOAD LENGTH\] Len=\d+$/;

describe('expert notes against TShark 4.0 (test/fixtures/dissect/expert-notes.tsv)', () => {
  it.each(files)('%s', (file) => {
    const decoded = decodeAll(file);
    const bad: string[] = [];
    let notes = 0;
    for (const row of rows) {
      if (row[0] !== file) continue;
      const d = decoded.get(Number(row[1]))!;
      fields.forEach((abbrev, i) => {
        const want = row[i + 2] ?? '';
        if (abbrev !== '_ws.col.Info') {
          const got = tsharkText(d.tree, abbrev);
          if (got !== want) bad.push(`frame ${row[1]} ${abbrev}: ${got} | tshark ${want}`);
        } else if (NOTE.test(cleanInfo(want))) {
          notes++;
          // The note alone, or with the mark of the layer above it where that layer is decoded too (SNMP).
          if (d.pinfo.info !== cleanInfo(want) && d.pinfo.info !== want)
            bad.push(`frame ${row[1]} Info «${d.pinfo.info}» | tshark «${want}»`);
        }
      });
    }
    expect(bad).toEqual([]);
    expect(notes).toBeGreaterThan(0);
  });
});
