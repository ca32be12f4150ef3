import { type Dissection, GROUP_NAME, SEVERITIES, type Severity, expertsOf } from '../dissect/index.js';
import { EXPERT_FRAMES_KEPT, type PlainExpertRow } from '../protocol/index.js';

/** The expert information so far: one row per severity, protocol and message. */
export interface ExpertSnapshot {
  counts: Record<Severity, number>;
  rows: PlainExpertRow[];
}

/** Most severe first: the order TShark prints the sections in (Errors, Warns, Notes, Chats, Comments). */
const PRINT_ORDER: readonly Severity[] = [...SEVERITIES].reverse();

/**
 * Expert information over a capture (TShark's `-z expert`, Wireshark's Expert Information
 * dialog): every expert item of every packet, counted per severity, protocol and message (a
 * row keeps the group it was first seen with), rows in the order first seen, with the frames
 * that have them (the first EXPERT_FRAMES_KEPT).
 */
export class ExpertTable {
  readonly #rows = new Map<string, PlainExpertRow>();
  readonly #counts: Record<Severity, number> = { comment: 0, chat: 0, note: 0, warn: 0, error: 0 };

  add(d: Dissection, frame: number = d.pinfo.frame.number): void {
    for (const hit of expertsOf(d.tree)) {
      const severity = hit.info.severity;
      this.#counts[severity]++;
      const key = `${severity}\u0000${hit.protocol}\u0000${hit.message}`;
      let row = this.#rows.get(key);
      if (row === undefined) {
        row = { severity, group: GROUP_NAME[hit.info.group], protocol: hit.protocol, summary: hit.message, count: 0, frames: [] };
        this.#rows.set(key, row);
      }
      row.count++;
      // A packet with one item twice lists its frame once.
      if (row.frames.length < EXPERT_FRAMES_KEPT && row.frames.at(-1) !== frame) row.frames.push(frame);
    }
  }

  snapshot(): ExpertSnapshot {
    const rows = [...this.#rows.values()];
    const sorted = PRINT_ORDER.flatMap((s) => rows.filter((r) => r.severity === s)).map((r) => ({ ...r, frames: [...r.frames] }));
    return { counts: { ...this.#counts }, rows: sorted };
  }
}

const SECTION: Readonly<Record<Severity, string>> = {
  error: 'Errors',
  warn: 'Warns',
  note: 'Notes',
  chat: 'Chats',
  comment: 'Comments',
};

/** The table as `tshark -q -z expert` prints it: a section per severity that has items, most severe first. */
export function* expertText(s: ExpertSnapshot): Generator<string> {
  for (const severity of PRINT_ORDER) {
    const rows = s.rows.filter((r) => r.severity === severity);
    if (rows.length === 0) continue;
    yield '';
    yield `${SECTION[severity]} (${rows.reduce((n, r) => n + r.count, 0)})`;
    yield '=============';
    yield '   Frequency      Group           Protocol  Summary';
    for (const r of rows) yield `${String(r.count).padStart(12)} ${r.group.padStart(10)} ${r.protocol.padStart(18)}  ${r.summary}`;
  }
}
