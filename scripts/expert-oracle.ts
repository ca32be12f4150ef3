/**
 * Dev script (needs tshark): compares Wirepool's expert information with TShark's
 * `-q -z expert` over capture files, for the expert items Wirepool's decoders add
 * (`COVERED`), and writes what TShark says for them as a test fixture.
 *
 *   node dist/scripts/expert-oracle.js [--write FIXTURE.json] FILE...
 *
 * Prints per file the rows that differ; with --write, stores TShark's rows for the files
 * (test/stats/expert.test.ts checks ours against them without tshark).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import '../native-bridge/codecs/index.js';
import { DissectSession, dissectFrame } from '../native-bridge/dissect/index.js';
import { BufferPool } from '../native-bridge/pool/index.js';
import { openCapture } from '../native-bridge/formats/index.js';
import { ExpertTable, expertText } from '../native-bridge/stats/index.js';
import { coveredRows as rows } from './expert-rows.js';

function ours(file: string): string[] {
  const pool = new BufferPool();
  const reader = openCapture(file, { pool });
  const session = new DissectSession(pool, { revisits: false });
  const table = new ExpertTable();
  try {
    for (let f = reader.next(); f !== undefined; f = reader.next()) table.add(dissectFrame(f, f.data.bytes, session), f.number);
  } catch {
    // a damaged file: what its good frames gave
  } finally {
    reader.close();
  }
  return rows(expertText(table.snapshot()));
}

function tshark(file: string): string[] {
  try {
    return rows(
      execFileSync('tshark', ['-n', '-r', file, '-q', '-z', 'expert'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split(
        '\n',
      ),
    );
  } catch (e) {
    const out = (e as { stdout?: string }).stdout;
    return out === undefined ? [] : rows(out.split('\n'));
  }
}

const args = process.argv.slice(2);
const w = args.indexOf('--write');
const fixture = w >= 0 ? args.splice(w, 2)[1] : undefined;
const stored: Record<string, string[]> = {};
let same = 0;
for (const file of args) {
  const want = tshark(file);
  const got = ours(file);
  stored[basename(file)] = want;
  if (want.join('\n') === got.join('\n')) {
    same++;
    continue;
  }
  console.log(`== ${basename(file)}`);
  for (const l of want) if (!got.includes(l)) console.log(`  tshark: ${l}`);
  for (const l of got) if (!want.includes(l)) console.log(`  ours:   ${l}`);
}
console.log(`${same} of ${args.length} files agree on the covered rows`);
if (fixture !== undefined) writeFileSync(fixture, `${JSON.stringify(stored, null, 2)}\n`);
