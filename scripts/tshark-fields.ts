/**
 * Dev script (needs tshark): TShark's type (`tshark -G fields`) of every integer field in
 * Wirepool's field table, written as a test fixture, so test/filter/widths.test.ts checks each
 * field's width (`bits`, the range a filter literal must fit) without tshark.
 *
 *   node dist/scripts/tshark-fields.js test/fixtures/filter/tshark-int-types.tsv
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fieldTable } from '../native-bridge/dissect/index.js';

const out = process.argv[2];
if (out === undefined) throw new Error('usage: tshark-fields.js OUT.tsv');
const glossary = execFileSync('tshark', ['-G', 'fields'], { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });
const types = new Map<string, string>();
for (const line of glossary.split('\n')) {
  const c = line.split('\t');
  if (c[0] === 'F' && c[2] !== undefined && c[3] !== undefined) types.set(c[2], c[3]);
}
const rows = ['# abbrev\ttshark 4.0 type (tshark -G fields), for the integer fields of the field table'];
for (const f of fieldTable.all()) {
  if (f.type !== 'uint' && f.type !== 'int') continue;
  rows.push(`${f.abbrev}\t${types.get(f.abbrev) ?? 'unknown'}`);
}
writeFileSync(out, `${rows.join('\n')}\n`);
console.log(`${rows.length - 1} integer fields written to ${out}`);
