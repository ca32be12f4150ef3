/**
 * Dev script (needs tshark): stores TShark's Protocol and Info columns for corpus captures,
 * which the stored oracle (frame.protocols) lacks, so conformance tests can check our columns
 * without tshark.
 *   npx tsc -p tsconfig.build.json && node dist/scripts/corpus-columns.js NAME…
 * Writes test/fixtures/corpus-columns/NAME.tsv: frame number, Protocol, Info per line, made with
 * `tshark -n -r NAME -T fields -E separator=/t -e frame.number -e _ws.col.Protocol -e _ws.col.Info`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, here.includes(`${path.sep}dist${path.sep}`) ? '../..' : '..');
const captures = path.resolve(root, '..', 'shared/corpus/captures');
const out = path.join(root, 'test/fixtures/corpus-columns');
mkdirSync(out, { recursive: true });
for (const name of process.argv.slice(2)) {
  const args = ['-n', '-r', path.join(captures, name), '-T', 'fields', '-E', 'separator=/t'];
  for (const e of ['frame.number', '_ws.col.Protocol', '_ws.col.Info']) args.push('-e', e);
  const tsv = execFileSync('tshark', args, { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
  writeFileSync(path.join(out, `${name}.tsv`), tsv);
  console.log(`wrote ${name}.tsv`);
}
