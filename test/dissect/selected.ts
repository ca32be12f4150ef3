import path from 'node:path';
import { DissectSession, dissectFrame } from '../../native-bridge/dissect/index.js';
import { compileFilter } from '../../native-bridge/filter/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import { BufferPool } from '../../native-bridge/pool/index.js';
import { CAPTURES } from '../helpers/corpus.js';

const pool = new BufferPool();

/** The numbers of the frames of corpus capture `file` that display filter `filter` passes (one in-order pass, as `tshark -Y`). */
export function selectedFrames(file: string, filter: string): number[] {
  const compiled = compileFilter(filter);
  const reader = openCapture(path.join(CAPTURES, file), { pool });
  const session = new DissectSession(pool);
  const out: number[] = [];
  try {
    for (let f = reader.next(); f !== undefined; f = reader.next()) {
      const { tree } = dissectFrame(f, f.data.bytes, session);
      if (compiled.matches(tree)) out.push(f.number);
    }
  } finally {
    reader.close();
  }
  return out;
}
