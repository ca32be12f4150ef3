import '../../native-bridge/codecs/index.js';
import { DissectSession, dissectFrame, type Dissection, shownTree } from '../../native-bridge/dissect/index.js';
import { type FuzzFrame, mutatedCapture, randomCapture, type SeedCapture } from './frame-inputs.js';
import { Random } from './random.js';
import { count, type FuzzOptions, type FuzzReport, loop, newReport } from './target.js';

export interface DissectFuzzOptions extends FuzzOptions {
  /** Real captures whose frames are mutated. */
  seeds: readonly SeedCapture[];
  /** The link types random frames are dissected under (linkTypes() of dissect). */
  linkTypes: readonly number[];
}

/** What a revisit must give again: the tree as shown and the summary columns. */
function picture(d: Dissection): string {
  const p = d.pinfo;
  return JSON.stringify([shownTree(d.tree), p.protocols.join(':'), p.src, p.dst, p.protocol, p.info, p.malformed ?? null]);
}

/**
 * The dissector target, through the path `wirepool read` and the engine take: every frame of
 * a capture dissected in order on one session, then (on a session that keeps revisits, as the
 * engine's store does) the changed frames and a few others dissected again in random order,
 * as `packet()` does. Rules: dissectFrame never throws and never marks an internal error (a
 * decoder bug, a stack overflow); a frame's dissection stays under the time limit; a revisit
 * shows the tree and columns of the first pass.
 */
export function fuzzDissect(o: DissectFuzzOptions): FuzzReport {
  const report = newReport('dissect', o);
  return loop(report, o, (i) => {
    const r = Random.forIteration(o.seed, i);
    const input = r.chance(0.75) ? mutatedCapture(r, o.seeds, o.linkTypes) : randomCapture(r, o.linkTypes);
    const frames = input.frames;
    const revisits = r.chance(0.5);
    const session = revisits
      ? new DissectSession(undefined, { frameBytes: (n) => frames[n - 1]?.bytes })
      : new DissectSession(undefined, { revisits: false });
    const describe = (f: FuzzFrame) => `${input.name}, frame ${f.meta.number} of ${frames.length} (${f.bytes.length} bytes)`;
    const again = new Set(input.changed);
    for (let n = r.int(3); n > 0; n--) again.add(r.range(1, frames.length));
    const first = new Map<number, string>();
    const dissect = (f: FuzzFrame, pass: string): Dissection | undefined => {
      const start = performance.now();
      let d: Dissection | undefined;
      try {
        d = dissectFrame(f.meta, f.bytes, session);
      } catch (e) {
        report.findings.push({
          iteration: i,
          kind: 'exception',
          detail: `${pass}: ${e instanceof Error ? e.stack : String(e)}`,
          input: describe(f),
        });
      }
      const ms = performance.now() - start;
      if (ms > report.maxMs) {
        report.maxMs = ms;
        report.slowest = describe(f);
      }
      if (ms > o.limitMs) report.findings.push({ iteration: i, kind: 'slow', detail: `${pass}: ${ms.toFixed(0)} ms`, input: describe(f) });
      const reason = d?.pinfo.malformed?.reason;
      if (reason?.startsWith('internal error'))
        report.findings.push({ iteration: i, kind: 'internal-error', detail: `${pass}: ${reason}`, input: describe(f) });
      else if (reason !== undefined) count(report, 'malformed');
      return d;
    };
    for (const f of frames) {
      const d = dissect(f, 'first pass');
      count(report, 'frames');
      if (d !== undefined && revisits && again.has(f.meta.number)) first.set(f.meta.number, picture(d));
    }
    if (!revisits) return;
    for (const n of r.shuffled([...again])) {
      const d = dissect(frames[n - 1]!, 'revisit');
      count(report, 'revisits');
      if (d !== undefined && first.get(n) !== picture(d))
        report.findings.push({
          iteration: i,
          kind: 'revisit-differs',
          detail: 'the revisit shows another tree or other columns',
          input: describe(frames[n - 1]!),
        });
    }
  });
}
