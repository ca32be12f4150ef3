/**
 * Dev script (needs tshark): how far our reading of any capture agrees with TShark 4.0's, frame
 * by frame, on the protocol stack, the Protocol and the Info columns (and fields with -e).
 *
 *   npx tsc -p tsconfig.build.json && node dist/scripts/compare-tshark.js FILE… [--show N] [-e FIELD]…
 *
 * Prints per file the share of frames that agree on each, then up to N disagreeing frames of
 * each kind (ours | TShark's). Made for fresh recordings (scripts/record-loopback.sh), which are
 * not in the corpus and have no stored oracle.
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { DissectSession, type ProtoTree, dissectFrame, fieldTable, fieldValueText } from '../native-bridge/dissect/index.js';
import { openCapture } from '../native-bridge/formats/index.js';
import { BufferPool } from '../native-bridge/pool/index.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { show: { type: 'string', default: '5' }, e: { type: 'string', multiple: true, default: [] } },
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

for (const file of positionals) {
  const theirs = tshark(file);
  const pool = new BufferPool();
  const reader = openCapture(file, { pool });
  const session = new DissectSession(pool);
  const names = ['stack', 'Protocol', 'Info', ...fields];
  const ok = names.map(() => 0);
  const bad: string[][] = names.map(() => []);
  let n = 0;
  try {
    for (let fr = reader.next(); fr !== undefined; fr = reader.next()) {
      const want = theirs[n] ?? [];
      n++;
      const { tree, pinfo } = dissectFrame(fr, fr.data.bytes, session);
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
  console.log(`${file}: ${n} frames; ${names.map((name, i) => `${name} ${pct(ok[i]!, n)}`).join(', ')}`);
  for (let i = 0; i < names.length; i++) if (bad[i]!.length > 0) console.log(` ${names[i]}:\n${bad[i]!.join('\n')}`);
}
