import { parseArgs } from 'node:util';
import { WirepoolError } from '../../native-bridge/common/errors.js';
import '../../native-bridge/codecs/index.js';
import { DissectSession, dissectFrame, type Dissection } from '../../native-bridge/dissect/index.js';
import { openCapture, type Frame } from '../../native-bridge/formats/index.js';
import { BufferPool } from '../../native-bridge/pool/index.js';
import {
  Statistics,
  TABLE_TYPES,
  conversationsText,
  decimalsOf,
  endpointsText,
  expertText,
  hierarchyText,
  ioText,
  isTableType,
  parseSeconds,
  plainStats,
  spanOfProduct,
  spanText,
  type StatsRequest,
  type StatsSnapshot,
} from '../../native-bridge/stats/index.js';
import { LineWriter } from '../output.js';
import { Progress } from '../progress.js';
import { UsageError } from '../usage.js';

/**
 * Dissects every frame of `file` in order on one session and hands each to `onFrame`. The
 * frame's bytes are borrowed (valid during the call). A capture error after some frames is
 * thrown once those frames were handled, so callers can print what they have first.
 */
export function dissectFile(file: string, onFrame: (d: Dissection, frame: Frame) => void): void {
  const pool = new BufferPool();
  const reader = openCapture(file, { pool });
  // One pass in file order: the session keeps nothing per frame for revisits.
  const session = new DissectSession(pool, { revisits: false });
  const progress = new Progress();
  let n = 0;
  try {
    for (let frame = reader.next(); frame !== undefined; frame = reader.next()) {
      onFrame(dissectFrame(frame, frame.data.bytes, session), frame);
      if ((++n & 0xffff) === 0) progress.update(reader.bytesRead, reader.fileSize, `${n.toLocaleString('en-US')} frames`);
    }
  } finally {
    progress.clear();
    reader.close();
  }
}

const TYPES = TABLE_TYPES.join(', ');
/** More I/O rows than this is a mistyped interval, not a table anyone reads. */
const MAX_IO_ROWS = 10_000_000;

function tableTypes(option: string, value: string): StatsRequest[] {
  return value.split(',').map((t) => {
    const type = t.trim();
    if (!isTableType(type)) throw new UsageError(`--${option} takes one of ${TYPES}, got "${value}"`);
    return { kind: option === 'conversations' ? 'conversations' : 'endpoints', type };
  });
}

/** The views asked for, in command-line order (several of each allowed). */
function requests(args: string[]): { file: string; requests: StatsRequest[]; json: boolean } {
  const { values, positionals, tokens } = parseArgs({
    args,
    allowPositionals: true,
    tokens: true,
    options: {
      hierarchy: { type: 'boolean' },
      conversations: { type: 'string', multiple: true },
      endpoints: { type: 'string', multiple: true },
      io: { type: 'string', multiple: true },
      expert: { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
  if (positionals.length !== 1) throw new UsageError(`stats takes one capture file, got ${positionals.length}`);
  const out: StatsRequest[] = [];
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    if (t.name === 'hierarchy') out.push({ kind: 'hierarchy' });
    else if (t.name === 'expert') out.push({ kind: 'expert' });
    else if (t.name === 'conversations' || t.name === 'endpoints') out.push(...tableTypes(t.name, t.value ?? ''));
    else if (t.name === 'io') {
      const ns = parseSeconds(t.value ?? '');
      if (ns === undefined)
        throw new UsageError(`--io takes an interval in seconds (1, 0.5, 0.001; 0 = the whole capture), got "${t.value}"`);
      out.push({ kind: 'io', intervalNs: ns });
    }
  }
  if (out.length === 0)
    throw new UsageError(
      `stats needs at least one of --hierarchy, --conversations TYPE, --endpoints TYPE, --io INTERVAL, --expert (TYPE: ${TYPES})`,
    );
  return { file: positionals[0]!, requests: out, json: values.json === true };
}

function textOf(s: StatsSnapshot): Iterable<string> {
  switch (s.kind) {
    case 'hierarchy':
      return hierarchyText(s);
    case 'conversations':
      return conversationsText(s);
    case 'endpoints':
      return endpointsText(s);
    case 'io':
      return ioText(s);
    case 'expert':
      return expertText(s);
  }
}

/**
 * `wirepool stats FILE --hierarchy --conversations TYPE --endpoints TYPE --io INTERVAL --expert [--json]`:
 * the views in the order given, as TShark's `-q -z` prints them (or one JSON object).
 */
export function stats(args: string[]): number {
  const { file, requests: asked, json } = requests(args);
  const st = new Statistics(asked);
  let failure: unknown;
  try {
    dissectFile(file, (d, frame) => st.add(d, frame));
  } catch (e) {
    failure = e; // print what the good frames gave, then the error
  }
  const snapshots = st.snapshot();
  for (const s of snapshots) {
    if (!json && s.kind === 'io' && s.count > MAX_IO_ROWS) {
      throw new WirepoolError(
        'STATS_IO_ROWS',
        `--io ${spanText(spanOfProduct(1, s.intervalNs), decimalsOf(s.intervalNs))}: ${s.count.toLocaleString('en-US')} intervals in ${spanText(s.duration, 3)} s of capture is too many to print`,
        {
          hint: 'use a longer interval, or --json (which lists only the intervals that have frames)',
        },
      );
    }
  }
  const out = new LineWriter();
  if (json) out.line(JSON.stringify({ file, frames: st.frames, stats: snapshots.map(plainStats) }));
  else for (const s of snapshots) for (const line of textOf(s)) if (!out.closed) out.line(line);
  out.flush();
  if (failure !== undefined) throw failure;
  return 0;
}
