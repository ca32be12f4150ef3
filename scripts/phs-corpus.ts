/**
 * Dev script (needs tshark, or TShark's tables stored earlier): over the shared corpus, whether
 * `stats --hierarchy` equals `tshark -n -q -z io,phs`, split by whether every frame's protocol
 * stack agrees with the stored oracle (frame.protocols): where the stacks agree, a difference
 * lies in how the hierarchy counts what is not a dissector layer (`_ws.malformed`, `_ws.short`,
 * text items, reassembled segments).
 *
 *   npx tsc -p tsconfig.build.json && node dist/scripts/phs-corpus.js [--tshark DIR] [--only S] [--files] [--paths] [--ours DIR]
 *
 * TShark's table of NAME is read from DIR/NAME.phs (made with
 * `tshark -n -r NAME -q -z io,phs > DIR/NAME.phs`); a missing one is made and stored there.
 * `--files` lists the files whose stacks agree and whose hierarchies differ, with the first
 * line that differs (ours | TShark's); `--paths` prints every frame's hierarchy path (file, number,
 * path) to compare with TShark's top-level tree items (`tshark -T pdml`); `--ours DIR` stores our
 * tables as DIR/NAME.phs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import '../native-bridge/codecs/index.js';
import { DissectSession, dissectFrame } from '../native-bridge/dissect/index.js';
import { openCapture } from '../native-bridge/formats/index.js';
import { BufferPool } from '../native-bridge/pool/index.js';
import { ProtocolHierarchy, factsOf, hierarchyText } from '../native-bridge/stats/index.js';

const { values } = parseArgs({
  options: {
    tshark: { type: 'string', default: '/tmp/phs-oracle' },
    only: { type: 'string' },
    files: { type: 'boolean', default: false },
    paths: { type: 'boolean', default: false },
    ours: { type: 'string' },
  },
});

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, here.includes(`${path.sep}dist${path.sep}`) ? '../..' : '..');
const corpus = path.resolve(root, '..', 'shared/corpus');
const oracleDir = path.join(corpus, 'oracle');
const phsDir = values.tshark ?? '/tmp/phs-oracle';
mkdirSync(phsDir, { recursive: true });

function tsv(file: string): string[][] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => l.split('\t'));
}

/** TShark's table for a corpus file, trimmed: stored, or made now and stored. */
function theirPhs(file: string): string | undefined {
  const stored = path.join(phsDir, `${file}.phs`);
  if (!existsSync(stored)) {
    try {
      const out = execFileSync('tshark', ['-n', '-r', path.join(corpus, 'captures', file), '-q', '-z', 'io,phs'], {
        encoding: 'utf8',
        maxBuffer: 1 << 28,
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      writeFileSync(stored, out);
    } catch {
      return undefined;
    }
  }
  return readFileSync(stored, 'utf8').trim();
}

const files = tsv(path.join(oracleDir, 'index.tsv'))
  .slice(1)
  .filter((r) => !r[4])
  .map((r) => r[0]!)
  .filter((f) => values.only === undefined || f.includes(values.only));

const totals = { files: 0, checked: 0, equal: 0, stacksAgree: 0, equalWhereStacksAgree: 0 };
const differing: string[] = [];
const pool = new BufferPool();
for (const file of files) {
  const theirs = theirPhs(file);
  const oracle = tsv(path.join(oracleDir, `${file}.tsv`));
  const reader = openCapture(path.join(corpus, 'captures', file), { pool });
  const session = new DissectSession(pool);
  const hierarchy = new ProtocolHierarchy();
  let n = 0;
  let stackOk = 0;
  try {
    for (let fr = reader.next(); fr !== undefined; fr = reader.next()) {
      const want = oracle[n]?.[5] ?? '';
      n++;
      const d = dissectFrame(fr, fr.data.bytes, session);
      hierarchy.add(d);
      if (values.paths) console.log(`${file}\t${fr.number}\t${factsOf(d).path.join(':')}`);
      if (d.pinfo.protocols.join(':') === want) stackOk++;
    }
  } catch {
    // A file our reader cannot finish counts as its stacks disagreeing.
    stackOk = -1;
  } finally {
    reader.close();
    session.close();
  }
  totals.files++;
  if (theirs === undefined) continue;
  totals.checked++;
  const ours = [...hierarchyText(hierarchy.snapshot())].join('\n').trim();
  if (values.ours !== undefined) {
    mkdirSync(values.ours, { recursive: true });
    writeFileSync(path.join(values.ours, `${file}.phs`), `${ours}\n`);
  }
  const agree = stackOk === n && n === oracle.length;
  if (agree) totals.stacksAgree++;
  if (ours === theirs) {
    totals.equal++;
    if (agree) totals.equalWhereStacksAgree++;
  } else if (agree) {
    const a = ours.split('\n');
    const b = theirs.split('\n');
    let k = 0;
    while (k < a.length && a[k] === b[k]) k++;
    differing.push(`  ${file}: ours «${(a[k] ?? '').trim()}» | tshark «${(b[k] ?? '').trim()}»`);
  }
}

console.log(`corpus: ${totals.files} files, ${totals.checked} read by tshark`);
console.log(`io,phs equal: ${totals.equal}/${totals.checked} files`);
console.log(
  `stacks agree on every frame: ${totals.stacksAgree} files; io,phs equal on ${totals.equalWhereStacksAgree}, differs on ${totals.stacksAgree - totals.equalWhereStacksAgree}`,
);
if (values.files) console.log(`\nstacks agree, io,phs differs:\n${differing.join('\n')}`);
