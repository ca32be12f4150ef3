import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import { FIND_KINDS, FIND_SCOPES, type FindKind, type FindScope } from '../../../native-bridge/protocol/index.js';
import { useUi, useUiStore } from '../store/react.js';
import { useCommand } from './commands.js';

const KIND_LABEL: Record<FindKind, string> = { filter: 'Display filter', hex: 'Hex value', string: 'String' };
const SCOPE_LABEL: Record<FindScope, string> = { bytes: 'Packet bytes', list: 'Packet list', detail: 'Packet details' };
const PLACEHOLDER: Record<FindKind, string> = { filter: 'tcp.flags.syn == 1', hex: '45 00 or 4500', string: 'GET /index.html' };

/**
 * Find Packet (Ctrl-F, Wireshark's find bar): by display filter, hex value or string (in the
 * packet bytes, the list's text or the detail lines); Enter finds the next match after the
 * selected row, Shift+Enter the previous one, wrapping around with a note. The engine searches
 * the current view in slices; a long search shows its progress.
 */
export function FindBar(): ReactNode {
  const store = useUiStore();
  const f = useUi((s) => s.find);
  const input = useRef<HTMLInputElement>(null);
  const open = f !== undefined;

  // Edit ▸ Find Packet (Ctrl-F): the bar opens with the cursor in it.
  useCommand('findPacket', {
    run: () => {
      store.getState().openFind();
      setTimeout(() => input.current?.focus(), 0);
    },
  });

  if (!open) return null;
  const { setFind, findNext, closeFind } = store.getState();
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Enter') findNext(e.shiftKey);
    else if (e.key === 'Escape') closeFind();
  };
  const o = f.outcome;
  const status = f.busy
    ? f.progress !== undefined
      ? `Searching… ${Math.floor((100 * f.progress.examined) / Math.max(1, f.progress.total))} %`
      : 'Searching…'
    : o === undefined
      ? ''
      : o.kind === 'found'
        ? `Found packet ${o.number}${o.wrapped ? ' (wrapped around past the end of the list)' : ''}`
        : o.kind === 'none'
          ? 'No packet matched'
          : o.message;
  const state = f.busy ? 'busy' : (o?.kind ?? 'idle');
  return (
    <section className="find-bar" aria-label="Find packet" data-testid="find-bar">
      <select data-testid="find-kind" aria-label="Find by" value={f.kind} onChange={(e) => setFind({ kind: e.target.value as FindKind })}>
        {FIND_KINDS.map((k) => (
          <option key={k} value={k}>
            {KIND_LABEL[k]}
          </option>
        ))}
      </select>
      {f.kind === 'string' ? (
        <>
          <select
            data-testid="find-scope"
            aria-label="Search in"
            value={f.scope}
            onChange={(e) => setFind({ scope: e.target.value as FindScope })}
          >
            {FIND_SCOPES.map((k) => (
              <option key={k} value={k}>
                {SCOPE_LABEL[k]}
              </option>
            ))}
          </select>
          <label>
            <input
              type="checkbox"
              data-testid="find-case"
              checked={f.caseSensitive}
              onChange={(e) => setFind({ caseSensitive: e.target.checked })}
            />{' '}
            Case sensitive
          </label>
        </>
      ) : null}
      <input
        ref={input}
        type="text"
        data-testid="find-text"
        aria-label="Find"
        spellCheck={false}
        placeholder={PLACEHOLDER[f.kind]}
        value={f.text}
        onChange={(e) => setFind({ text: e.target.value })}
        onKeyDown={onKeyDown}
      />
      <button type="button" data-testid="find-next" disabled={f.busy} onClick={() => findNext(false)}>
        Find next
      </button>
      <button type="button" data-testid="find-prev" disabled={f.busy} onClick={() => findNext(true)}>
        Previous
      </button>
      <span className={`find-status ${state}`} data-testid="find-status" data-state={state} role="status">
        {status}
      </span>
      <button type="button" data-testid="find-close" onClick={closeFind} aria-label="Close the find bar">
        ✕
      </button>
    </section>
  );
}
