import type { ReactNode } from 'react';
import { useUi, useUiStore } from '../store/react.js';

/**
 * The packet list's Go and Edit actions (Wireshark's Go ▸ Go to Packet, Edit ▸ Mark Packet,
 * Time Reference, Next/Previous Mark, Unmark All), with their keys in the tooltips.
 */
export function ListControls(): ReactNode {
  const store = useUiStore();
  const hasRun = useUi((s) => s.run !== undefined);
  const selected = useUi((s) => s.selectedNumber !== undefined);
  const marks = useUi((s) => s.marks);
  const refs = useUi((s) => s.refs);
  const s = store.getState;
  return (
    <div className="group list-controls">
      <button type="button" data-testid="goto-button" disabled={!hasRun} title="Go to packet (Ctrl-G)" onClick={() => s().setGoTo(true)}>
        Go to…
      </button>
      <button
        type="button"
        data-testid="mark-button"
        disabled={!selected}
        title="Mark or unmark the selected packet (Ctrl-M)"
        onClick={() => s().toggleFlag('mark')}
      >
        Mark
      </button>
      <button
        type="button"
        data-testid="prev-mark"
        disabled={marks === 0}
        title="Previous marked packet (Shift-Ctrl-B)"
        onClick={() => s().nextMark(true)}
      >
        ◀ mark
      </button>
      <button
        type="button"
        data-testid="next-mark"
        disabled={marks === 0}
        title="Next marked packet (Shift-Ctrl-N)"
        onClick={() => s().nextMark(false)}
      >
        mark ▶
      </button>
      <button
        type="button"
        data-testid="unmark-all"
        disabled={marks === 0}
        title="Unmark all packets (Ctrl-Alt-M)"
        onClick={() => s().clearFlags('mark')}
      >
        Unmark all
      </button>
      <button
        type="button"
        data-testid="ref-button"
        disabled={!selected}
        title="Set or unset the selected packet as time reference (Ctrl-T)"
        onClick={() => s().toggleFlag('ref')}
      >
        Time ref
      </button>
      {marks > 0 || refs > 0 ? (
        <span data-testid="mark-count">
          Marked: {marks}
          {refs > 0 ? ` · Refs: ${refs}` : ''}
        </span>
      ) : null}
    </div>
  );
}
