/**
 * Dev script (needs tshark): how far our reading of any capture agrees with TShark 4.0's, frame
 * by frame, on the protocol stack, the Protocol and the Info columns (and fields with -e).
 *
 *   npx tsc -p tsconfig.build.json && node dist/scripts/compare-tshark.js FILE… [--show N] [-e FIELD]… [--phs] [--quiet]
 *
 * Prints per file the share of frames that agree on each, then up to N disagreeing frames of
 * each kind (ours | TShark's). With --phs, also whether `stats --hierarchy` equals
 * `tshark -q -z io,phs` (and the first line that differs); --quiet prints only the files that
 * disagree somewhere, and a total. Made for fresh recordings (scripts/record-loopback.sh), which
 * are not in the corpus and have no stored oracle, and for checks over many files.
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import '../native-bridge/codecs/index.js';
import { DissectSession, type ProtoTree, dissectFrame, fieldTable, fieldValueText } from '../native-bridge/dissect/index.js';
import { openCapture } from '../native-bridge/formats/index.js';
import { BufferPool } from '../native-bridge/pool/index.js';
import { ProtocolHierarchy, hierarchyText } from '../native-bridge/stats/index.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    show: { type: 'string', default: '5' },
    e: { type: 'string', multiple: true, default: [] },
    phs: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
  },
});
const show = Number(values.show);
const fields = values.e ?? [];

function tshark(file: string): string[][] {
  const args = ['-n', '-r', file, '-T', 'fields', '-E', 'separator=/t', '-E', 'occurrence=a', '-E', 'aggregator=,'];
  for (const e of ['frame.protocols', '_ws.col.Protocol', '_ws.col.Info', ...fields]) args.push('-e', e);
  const out = execFileSync('tshark', args, { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });
  return out
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => l.split('\t'));
}

/** A field's values in a tree, as `-e` prints them. */
function fieldValueTexts(tree: ProtoTree, abbrev: string): string[] {
  const field = fieldTable.get(abbrev);
  if (field === undefined) return [`(no field ${abbrev})`];
  return tree.find(field).map((i) => fieldValueText(field, tree.values[i]));
}

const pct = (a: number, b: number): string => `${((a / Math.max(1, b)) * 100).toFixed(2)}%`;

/** TShark's `-z io,phs` table, trimmed, or undefined when tshark cannot read the file. */
function tsharkPhs(file: string): string | undefined {
  try {
    return execFileSync('tshark', ['-n', '-r', file, '-q', '-z', 'io,phs'], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

const totals = { files: 0, allAgree: 0, phsEqual: 0, phsChecked: 0 };

for (const file of positionals) {
  const theirs = tshark(file);
  const pool = new BufferPool();
  const reader = openCapture(file, { pool });
  const session = new DissectSession(pool);
  const names = ['stack', 'Protocol', 'Info', ...fields];
  const hierarchy = new ProtocolHierarchy();
  const ok = names.map(() => 0);
  const bad: string[][] = names.map(() => []);
  let n = 0;
  try {
    for (let fr = reader.next(); fr !== undefined; fr = reader.next()) {
      const want = theirs[n] ?? [];
      n++;
      const d = dissectFrame(fr, fr.data.bytes, session);
      const { tree, pinfo } = d;
      if (values.phs) hierarchy.add(d);
      const ours = [pinfo.protocols.join(':'), pinfo.protocol, pinfo.info, ...fields.map((e) => fieldValueTexts(tree, e).join(','))];
      for (let i = 0; i < names.length; i++) {
        if (ours[i] === (want[i] ?? '')) ok[i]!++;
        else if (bad[i]!.length < show)
          bad[i]!.push(`  #${fr.number}: ours «${ours[i]}»\n  ${' '.repeat(String(fr.number).length + 1)} tshark «${want[i] ?? ''}»`);
      }
    }
  } finally {
    reader.close();
    session.close();
  }
  let phs = '';
  if (values.phs) {
    const theirPhs = tsharkPhs(file);
    const ourPhs = [...hierarchyText(hierarchy.snapshot())].join('\n').trim();
    if (theirPhs !== undefined) {
      totals.phsChecked++;
      if (theirPhs === ourPhs) {
        totals.phsEqual++;
        phs = ', io,phs equal';
      } else {
        const a = ourPhs.split('\n');
        const b = theirPhs.split('\n');
        let k = 0;
        while (k < a.length && a[k] === b[k]) k++;
        phs = `, io,phs differs: ours «${(a[k] ?? '').trim()}» tshark «${(b[k] ?? '').trim()}»`;
      }
    }
  }
  totals.files++;
  const agree = ok.every((v) => v === n);
  if (agree) totals.allAgree++;
  if (values.quiet && agree && (phs === '' || phs.endsWith('equal'))) continue;
  console.log(`${file}: ${n} frames; ${names.map((name, i) => `${name} ${pct(ok[i]!, n)}`).join(', ')}${phs}`);
  for (let i = 0; i < names.length; i++) if (bad[i]!.length > 0) console.log(` ${names[i]}:\n${bad[i]!.join('\n')}`);
}
if (positionals.length > 1)
  console.log(
    `${totals.files} files: ${totals.allAgree} agree on every frame${values.phs ? `; io,phs equal on ${totals.phsEqual} of ${totals.phsChecked} tshark reads` : ''}`,
  );
