/**
 * One measured filter run in a fresh process:
 *   node dist/bench/filter-one.js FILE FILTER   → one JSON line
 * Reads, dissects and filters every frame (what `wirepool read FILE -Y FILTER` does, without
 * printing), counting matches.
 */
import { performance } from 'node:perf_hooks';
import '../native-bridge/codecs/index.js';
import { DissectSession, ProtoTree, dissectFrame } from '../native-bridge/dissect/index.js';
import { DEFAULT_CHUNK_SIZE } from '../native-bridge/engine/index.js';
import { compileFilter } from '../native-bridge/filter/index.js';
import { openCapture } from '../native-bridge/formats/index.js';
import { BufferPool } from '../native-bridge/pool/index.js';

const [file, text] = process.argv.slice(2);
if (file === undefined || text === undefined) {
  process.stderr.write('usage: filter-one.js FILE FILTER\n');
  process.exit(2);
}
const filter = compileFilter(text);
const pool = new BufferPool();
const session = new DissectSession(pool, { revisits: false }); // one pass, as the engine's filter
const tree = new ProtoTree(); // each frame's tree is done with before the next: built in one tree
const t0 = performance.now();
const reader = openCapture(file, { pool, chunkPool: new BufferPool({ tiers: [DEFAULT_CHUNK_SIZE], capacity: 4 }) });
let packets = 0;
let matched = 0;
let dissectMs = 0;
let filterMs = 0;
for (let f = reader.next(); f !== undefined; f = reader.next()) {
  const a = performance.now();
  const d = dissectFrame(f, f.data.bytes, session, tree);
  const b = performance.now();
  if (filter.matches(d.tree)) matched++;
  filterMs += performance.now() - b;
  dissectMs += b - a;
  packets++;
}
reader.close();
const seconds = (performance.now() - t0) / 1000;
process.stdout.write(
  `${JSON.stringify({
    file,
    filter: text,
    packets,
    matched,
    seconds,
    packetsPerSecond: packets / seconds,
    dissectSeconds: dissectMs / 1000,
    filterSeconds: filterMs / 1000,
    filterPacketsPerSecond: packets / (filterMs / 1000),
  })}\n`,
);
