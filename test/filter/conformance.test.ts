import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DissectSession, dissectFrame } from '../../native-bridge/dissect/index.js';
import { compileFilter, FilterError, type CompiledFilter } from '../../native-bridge/filter/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import { CAPTURES, FIXTURES, ROOT, readTsv } from '../helpers/corpus.js';

/**
 * Our display filters against TShark 4.0's: for each (capture, filter) in
 * fixtures/filter/expected.tsv, the frames we keep must be exactly the frames TShark kept
 * (generated once by fixtures/filter/generate.sh). A filter naming a field no decoder has
 * registered yet is pending (listed in the log), not failed: the set grows as decoders land.
 */
const rows = readTsv(path.join(FIXTURES, 'filter/expected.tsv')).filter((r) => !r[0]!.startsWith('#'));
const files = [...new Set(rows.map((r) => r[0]!))];
/** At least this many cases must run: all of them since ip/tcp/udp/dns/http/dhcp landed. */
const FLOOR = 117;

const pending: string[] = [];
let active = 0;
let agreed = 0;

describe('display filters agree with TShark', () => {
  it.each(files)('%s', (file) => {
    const cases = rows
      .filter((r) => r[0] === file)
      .map(([, text, frames]) => ({
        text: text!,
        want: frames ?? '',
        got: [] as number[],
        filter: undefined as CompiledFilter | undefined,
      }));
    for (const c of cases) {
      try {
        c.filter = compileFilter(c.text);
      } catch (e) {
        // Only a field nobody registers yet may hold a case back; any other error is a failure.
        if (!(e instanceof FilterError && e.code === 'FILTER_UNKNOWN_FIELD')) throw e;
        pending.push(`${file}: ${c.text} (${e.reason})`);
      }
    }
    const run = cases.filter((c) => c.filter !== undefined);
    const reader = openCapture(file.startsWith('samples/') ? path.join(ROOT, file) : path.join(CAPTURES, file));
    const session = new DissectSession();
    try {
      for (let f = reader.next(); f !== undefined; f = reader.next()) {
        const { tree } = dissectFrame(f, f.data.bytes, session);
        for (const c of run) if (c.filter!.matches(tree)) c.got.push(f.number);
      }
    } finally {
      reader.close();
    }
    active += run.length;
    const wrong = run
      .filter((c) => c.got.join(' ') !== c.want)
      .map((c) => `${c.text}\n    tshark: ${c.want || '(none)'}\n    ours:   ${c.got.join(' ') || '(none)'}`);
    agreed += run.length - wrong.length;
    expect(wrong).toEqual([]);
  });

  afterAll(() => {
    console.log(
      `display filters: ${agreed}/${active} cases agree with TShark over ${files.length} captures; ${pending.length} pending on fields not registered yet`,
    );
    for (const p of pending) console.log(`  pending: ${p}`);
    expect(active).toBeGreaterThanOrEqual(FLOOR);
  });
});
