import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DissectSession, dissectFrame, fieldTable } from '../../native-bridge/dissect/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import { BufferPool } from '../../native-bridge/pool/index.js';
import { CAPTURES, ORACLE, readTsv } from '../helpers/corpus.js';

/**
 * Our protocol stack per frame against TShark's frame.protocols over the whole corpus, for the
 * protocols we decode. The mapping: a protocol "we decode" is one registered in our field table
 * under TShark's name (so the set grows as decoders land). For each frame we take the longest
 * prefix of TShark's stack made only of protocols we decode; our stack must start with exactly
 * that prefix, and equal TShark's whole stack when every protocol in it is one we decode.
 */
const known = new Set(
  fieldTable
    .all()
    .filter((f) => f.type === 'protocol')
    .map((f) => f.abbrev),
);
const index = readTsv(path.join(ORACLE, 'index.tsv'))
  .slice(1)
  .filter((r) => !r[4]);
const pool = new BufferPool();

interface FileResult {
  file: string;
  frames: number;
  agree: number;
  firstMismatch?: string;
}
const results: FileResult[] = [];

function expected(tshark: string[]): { prefix: string[]; whole: boolean } {
  let k = 0;
  while (k < tshark.length && known.has(tshark[k]!)) k++;
  return { prefix: tshark.slice(0, k), whole: k === tshark.length };
}

describe('protocol stack fidelity against TShark', () => {
  it.each(index.map((r) => r[0]!))('%s', (file) => {
    const oracle = readTsv(path.join(ORACLE, `${file}.tsv`));
    const reader = openCapture(path.join(CAPTURES, file), { pool });
    const session = new DissectSession(pool);
    const r: FileResult = { file, frames: 0, agree: 0 };
    try {
      for (let f = reader.next(); f !== undefined; f = reader.next()) {
        const row = oracle[r.frames++]!;
        const tshark = (row[5] ?? '').split(':').filter(Boolean);
        const { pinfo } = dissectFrame(f, f.data.bytes, session);
        // A decoder bug is never acceptable, whatever the bytes.
        if (pinfo.malformed?.reason.startsWith('internal error')) expect.fail(`${file} frame ${f.number}: ${pinfo.malformed.reason}`);
        const want = expected(tshark);
        const ours = pinfo.protocols;
        const ok = want.whole
          ? ours.join(':') === want.prefix.join(':')
          : ours.slice(0, want.prefix.length).join(':') === want.prefix.join(':');
        if (ok) r.agree++;
        else r.firstMismatch ??= `frame ${f.number}: ours ${ours.join(':')} | tshark ${tshark.join(':')}`;
      }
    } finally {
      reader.close();
    }
    results.push(r);
  });

  afterAll(() => {
    const frames = results.reduce((a, r) => a + r.frames, 0);
    const agree = results.reduce((a, r) => a + r.agree, 0);
    const worst = results.filter((r) => r.agree < r.frames).sort((a, b) => a.agree / a.frames - b.agree / b.frames);
    // Per-file agreement rates, worst first, for whoever reads the test log.
    console.log(
      `protocol-stack agreement: ${agree}/${frames} frames (${((agree / frames) * 100).toFixed(2)}%), ${results.length - worst.length}/${results.length} files fully agree`,
    );
    for (const r of worst.slice(0, 25))
      console.log(`  ${((r.agree / r.frames) * 100).toFixed(1).padStart(5)}% ${r.file} (${r.agree}/${r.frames}) ${r.firstMismatch}`);
    expect(agree / frames).toBeGreaterThanOrEqual(FLOOR);
  });
});

/** Raised as decoders land; the current agreement must never fall below it. */
const FLOOR = 0.995;
