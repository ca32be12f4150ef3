/**
 * Dev script: how far our frame-level reading agrees with TShark's over the shared corpus.
 *
 *   npx tsc -p tsconfig.build.json && node dist/scripts/conformance.js [--columns DIR] [--top N] [--files]
 *
 * Per file and per frame it compares our protocol stack with the stored oracle
 * (`../shared/corpus/oracle/NAME.tsv`, TShark's frame.protocols). With `--columns DIR` (one
 * `NAME.tsv` per capture holding `frame.number, _ws.col.Protocol, _ws.col.Info`, made with
 * `tshark -n -r NAME -T fields -E separator=/t -e frame.number -e _ws.col.Protocol -e _ws.col.Info`)
 * it compares the Protocol and Info columns too. It prints the totals and the most frequent
 * causes of disagreement: where the stacks first part (`tshark nbns | ours dns`), and which
 * protocols TShark names where we say `data`. `--files` lists the files that disagree (stack, and
 * with `--columns` the Protocol and Info counts of each file whose columns differ).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import '../native-bridge/codecs/index.js';
import { DissectSession, dissectFrame } from '../native-bridge/dissect/index.js';
import { openCapture } from '../native-bridge/formats/index.js';
import { BufferPool } from '../native-bridge/pool/index.js';

const { values } = parseArgs({
  options: {
    columns: { type: 'string' },
    top: { type: 'string', default: '40' },
    files: { type: 'boolean', default: false },
    only: { type: 'string' },
    protocols: { type: 'string' },
  },
});

const here = path.dirname(fileURLToPath(import.meta.url));
// dist/scripts/ or scripts/: the corpus sits beside the project root.
const root = path.resolve(here, here.includes(`${path.sep}dist${path.sep}`) ? '../..' : '..');
const corpus = path.resolve(root, '..', 'shared/corpus');
const oracleDir = path.join(corpus, 'oracle');

function tsv(file: string): string[][] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => l.split('\t'));
}

const files = tsv(path.join(oracleDir, 'index.tsv'))
  .slice(1)
  .filter((r) => !r[4])
  .map((r) => r[0]!)
  .filter((f) => values.only === undefined || f.includes(values.only));

interface Tally {
  files: number;
  frames: number;
}
const zero = (): Tally => ({ files: 0, frames: 0 });
const totals = { files: 0, frames: 0, stack: zero(), protocol: zero(), info: zero(), columnFiles: 0, columnFrames: 0 };
const causes = new Map<string, { frames: number; files: Set<string> }>();
const asData = new Map<string, { frames: number; files: Set<string> }>();
const infoCauses = new Map<string, { frames: number; example: string }>();
const perFile: string[] = [];
/** With --files and --columns: the files whose Protocol or Info columns differ somewhere. */
const perFileColumns: string[] = [];
/** With --protocols a,b: the files that agree on every frame (stack, and columns when known) and carry one of them. */
const claimed = new Set((values.protocols ?? '').split(',').filter(Boolean));
const agreeing: string[] = [];

function bump(map: Map<string, { frames: number; files: Set<string> }>, key: string, file: string): void {
  let c = map.get(key);
  if (c === undefined) {
    c = { frames: 0, files: new Set() };
    map.set(key, c);
  }
  c.frames++;
  c.files.add(file);
}

const pool = new BufferPool();
for (const file of files) {
  const oracle = tsv(path.join(oracleDir, `${file}.tsv`));
  const colFile = values.columns === undefined ? undefined : path.join(values.columns, `${file}.tsv`);
  const cols = colFile !== undefined && existsSync(colFile) ? tsv(colFile) : undefined;
  const reader = openCapture(path.join(corpus, 'captures', file), { pool });
  const session = new DissectSession(pool);
  let n = 0;
  let stackOk = 0;
  let protoOk = 0;
  let infoOk = 0;
  let first = '';
  let carries = false;
  try {
    for (let fr = reader.next(); fr !== undefined; fr = reader.next()) {
      const want = (oracle[n]?.[5] ?? '').split(':').filter(Boolean);
      const col = cols?.[n];
      if (!carries && want.some((p) => claimed.has(p))) carries = true;
      n++;
      const { pinfo } = dissectFrame(fr, fr.data.bytes, session);
      const ours = pinfo.protocols;
      if (ours.join(':') === want.join(':')) stackOk++;
      else {
        let k = 0;
        while (k < want.length && ours[k] === want[k]) k++;
        const key = `${want.slice(Math.max(0, k - 1), k).join('')} → tshark ${want[k] ?? '(end)'} | ours ${ours[k] ?? '(end)'}`;
        bump(causes, key, file);
        if (ours[k] === 'data' && want[k] !== undefined) bump(asData, want[k]!, file);
        first ||= `frame ${fr.number}: ours ${ours.join(':')} | tshark ${want.join(':')}`;
      }
      if (col !== undefined) {
        if (pinfo.protocol === col[1]) protoOk++;
        if (pinfo.info === (col[2] ?? '')) infoOk++;
        else if (pinfo.protocol === col[1] && ours.join(':') === want.join(':')) {
          const c = infoCauses.get(pinfo.protocol) ?? {
            frames: 0,
            example: `${file}#${fr.number}: ours «${pinfo.info}» tshark «${col[2]}»`,
          };
          c.frames++;
          infoCauses.set(pinfo.protocol, c);
        }
      }
    }
  } catch (e) {
    first ||= `read error: ${e instanceof Error ? e.message : String(e)}`;
  } finally {
    reader.close();
  }
  totals.files++;
  totals.frames += n;
  totals.stack.frames += stackOk;
  if (stackOk === n) totals.stack.files++;
  if (cols !== undefined) {
    totals.columnFiles++;
    totals.columnFrames += n;
    totals.protocol.frames += protoOk;
    totals.info.frames += infoOk;
    if (protoOk === n) totals.protocol.files++;
    if (infoOk === n) totals.info.files++;
  }
  if (carries && stackOk === n && (cols === undefined || (protoOk === n && infoOk === n))) agreeing.push(file);
  if (values.files && stackOk < n) perFile.push(`  ${file}: ${stackOk}/${n} ${first}`);
  if (values.files && cols !== undefined && (protoOk < n || infoOk < n))
    perFileColumns.push(`  ${file}: Protocol ${protoOk}/${n}, Info ${infoOk}/${n}`);
}

const pct = (a: number, b: number): string => `${((a / Math.max(1, b)) * 100).toFixed(2)}%`;
console.log(`corpus: ${totals.files} files, ${totals.frames} frames`);
console.log(
  `stack:    ${totals.stack.files}/${totals.files} files agree on every frame; ${totals.stack.frames}/${totals.frames} frames (${pct(totals.stack.frames, totals.frames)})`,
);
if (values.columns !== undefined) {
  const cf = totals.columnFiles;
  const cn = totals.columnFrames;
  console.log(
    `protocol: ${totals.protocol.files}/${cf} files; ${totals.protocol.frames}/${cn} frames (${pct(totals.protocol.frames, cn)})`,
  );
  console.log(`info:     ${totals.info.files}/${cf} files; ${totals.info.frames}/${cn} frames (${pct(totals.info.frames, cn)})`);
}
const top = Number(values.top);
const sorted = (m: Map<string, { frames: number; files: Set<string> }>) => [...m].sort((a, b) => b[1].frames - a[1].frames).slice(0, top);
console.log(`\nwhere the stacks part (frames, files):`);
for (const [k, c] of sorted(causes)) console.log(`  ${String(c.frames).padStart(6)} ${String(c.files.size).padStart(4)}  ${k}`);
console.log(`\nprotocols TShark sees where we see data: ${asData.size}, ${[...asData.values()].reduce((a, c) => a + c.frames, 0)} frames`);
for (const [k, c] of sorted(asData)) console.log(`  ${String(c.frames).padStart(6)} ${String(c.files.size).padStart(4)}  ${k}`);
if (infoCauses.size > 0) {
  console.log('\nInfo differs though stack and Protocol agree (frames, by Protocol):');
  for (const [k, c] of [...infoCauses].sort((a, b) => b[1].frames - a[1].frames).slice(0, top))
    console.log(`  ${String(c.frames).padStart(6)} ${k}: ${c.example}`);
}
if (values.files) console.log(`\nfiles that disagree:\n${perFile.join('\n')}`);
if (values.files && values.columns !== undefined) console.log(`\nfiles whose columns disagree:\n${perFileColumns.join('\n')}`);
if (claimed.size > 0)
  console.log(`\nfiles that agree fully and carry ${[...claimed].join(',')}: ${agreeing.length}\n${agreeing.join('\n')}`);
