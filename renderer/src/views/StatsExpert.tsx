import { type ReactNode, useState } from 'react';
import { EXPERT_FRAMES_KEPT, type PlainExpertRow } from '../../../native-bridge/protocol/index.js';
import { useUi } from '../store/react.js';
import { StatsProgress } from './StatsProgress.js';
import { useStats } from './use-stats.js';

/** The severities as the window names them, most severe first (Wireshark's Expert Information dialog). */
const SEVERITIES = [
  ['error', 'Errors'],
  ['warn', 'Warnings'],
  ['note', 'Notes'],
  ['chat', 'Chats'],
  ['comment', 'Comments'],
] as const;

const SEVERITY_WORD: Readonly<Record<PlainExpertRow['severity'], string>> = {
  error: 'Error',
  warn: 'Warning',
  note: 'Note',
  chat: 'Chat',
  comment: 'Comment',
};

/**
 * Expert information: how many items of each severity, and one row per severity, protocol and
 * message (what `wirepool stats --expert` prints), each expandable to its frames; a frame
 * clicked is selected in the packet list, or the window says the display filter hides it.
 */
export function StatsExpert(): ReactNode {
  const { result, error } = useStats({ kind: 'expert' });
  const goToFrame = useUi((s) => s.goToFrame);
  const reportError = useUi((s) => s.reportError);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const [note, setNote] = useState<string | undefined>(undefined);
  if (error !== undefined) return <div className="stats-error">{error.message}</div>;
  if (result === undefined || result.stats.kind !== 'expert') return <div className="stats-wait">Counting…</div>;
  const { counts, rows } = result.stats;
  const toggle = (i: string): void => {
    const next = new Set(open);
    if (!next.delete(i)) next.add(i);
    setOpen(next);
  };
  const go = (n: number): void => {
    goToFrame(n).then(
      (where) => setNote(where === 'shown' ? undefined : `Frame ${n} is hidden by the display filter: clear the filter to see it.`),
      (e) => reportError('locate', e),
    );
  };
  return (
    <>
      <StatsProgress result={result} />
      <div className="expert-counts" data-testid="expert-counts">
        {SEVERITIES.filter(([s]) => s !== 'comment' || counts.comment > 0).map(([s, label]) => (
          <span key={s} className={`expert-count sev-${s}`} data-testid={`expert-count-${s}`} data-count={counts[s]}>
            {label}: {counts[s]}
          </span>
        ))}
      </div>
      {note !== undefined && (
        <div className="expert-note" data-testid="expert-note" role="status">
          {note}
        </div>
      )}
      {rows.length === 0 ? (
        <div className="stats-wait">No expert information in these packets.</div>
      ) : (
        <table className="stats-table expert-table" data-testid="expert-table">
          <thead>
            <tr>
              <th>Severity</th>
              <th>Group</th>
              <th>Protocol</th>
              <th>Summary</th>
              <th>Count</th>
            </tr>
          </thead>
          <tbody>
            {rows.flatMap((r) => {
              // A row is one severity, protocol and message: that is its identity.
              const i = `${r.severity}\u0000${r.protocol}\u0000${r.summary}`;
              const expanded = open.has(i);
              const line = (
                <tr
                  key={`r${i}`}
                  className={`expert-row sev-${r.severity}`}
                  data-testid="expert-row"
                  data-severity={r.severity}
                  aria-expanded={expanded}
                  onClick={() => toggle(i)}
                >
                  <td className={`expert-sev sev-${r.severity}`}>
                    <span className="twisty">{expanded ? '▾' : '▸'}</span> <span data-key="severity">{SEVERITY_WORD[r.severity]}</span>
                  </td>
                  <td data-key="group">{r.group}</td>
                  <td data-key="protocol">{r.protocol}</td>
                  <td data-key="summary" className="expert-summary">
                    {r.summary}
                  </td>
                  <td data-key="count" className="num">
                    {r.count}
                  </td>
                </tr>
              );
              if (!expanded) return [line];
              return [
                line,
                <tr key={`f${i}`} className="expert-frames" data-testid="expert-frames">
                  <td colSpan={5}>
                    {r.frames.map((n) => (
                      <button
                        key={n}
                        type="button"
                        className="expert-frame"
                        data-testid="expert-frame"
                        data-frame={n}
                        onClick={() => go(n)}
                      >
                        {n}
                      </button>
                    ))}
                    {r.frames.length >= EXPERT_FRAMES_KEPT && (
                      <span className="expert-more"> … (the first {EXPERT_FRAMES_KEPT} frames)</span>
                    )}
                  </td>
                </tr>,
              ];
            })}
          </tbody>
        </table>
      )}
    </>
  );
}
