import { useEffect, useMemo, useRef, useState, type FormEvent, type MouseEvent as ReactMouseEvent, type ReactNode } from 'react';
import type { SortSpec } from '../../../native-bridge/protocol/index.js';
import { type ColumnWidths, LIST_COLUMNS, MIN_COLUMN_PX, gridColumns, loadWidths, saveWidths } from '../lib/columns.js';
import type { TimeFormat } from '../lib/time.js';
import { useUi, useUiStore } from '../store/react.js';
import './packet-list.css';

const storage = (): Storage | undefined => (typeof localStorage === 'undefined' ? undefined : localStorage);

/** The list's column widths (kept in localStorage), a setter, and the grid template they make. */
export function useColumnWidths(format: TimeFormat): [ColumnWidths, (w: ColumnWidths, keep: boolean) => void, string] {
  const [widths, set] = useState<ColumnWidths>(() => loadWidths(storage()));
  const columns = useMemo(() => gridColumns(widths, format), [widths, format]);
  const setWidths = (w: ColumnWidths, keep: boolean): void => {
    set(w);
    if (keep) saveWidths(storage(), w);
  };
  return [widths, setWidths, columns];
}

/** The order the header shows: the sort on its way, else the one the rows are in. */
function shownSort(sorting: SortSpec | undefined, sort: SortSpec | undefined): SortSpec | undefined {
  return sorting ?? sort;
}

/**
 * The list's header: a click on a column sorts the view by it (ascending, descending, frame
 * order again), an arrow says which way; dragging a column's right edge resizes it (Info takes
 * the rest).
 */
export function ListHeader({ widths, setWidths }: { widths: ColumnWidths; setWidths(w: ColumnWidths, keep: boolean): void }): ReactNode {
  const store = useUiStore();
  const sorting = useUi((s) => s.view?.sorting?.sort);
  const sort = useUi((s) => s.view?.sort);
  const shown = shownSort(sorting, sort);
  const drag = useRef<{ id: keyof ColumnWidths; x: number; width: number; widths: ColumnWidths } | undefined>(undefined);

  const startResize = (id: keyof ColumnWidths, e: ReactMouseEvent<HTMLSpanElement>): void => {
    e.preventDefault();
    e.stopPropagation();
    const cell = e.currentTarget.parentElement;
    if (cell === null) return;
    drag.current = { id, x: e.clientX, width: cell.getBoundingClientRect().width, widths };
    const move = (m: MouseEvent): void => {
      const d = drag.current;
      if (d === undefined) return;
      setWidths({ ...d.widths, [d.id]: Math.max(MIN_COLUMN_PX, Math.round(d.width + m.clientX - d.x)) }, false);
    };
    const up = (m: MouseEvent): void => {
      const d = drag.current;
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
      drag.current = undefined;
      if (d !== undefined) setWidths({ ...d.widths, [d.id]: Math.max(MIN_COLUMN_PX, Math.round(d.width + m.clientX - d.x)) }, true);
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
  };

  return (
    // biome-ignore lint/a11y/useSemanticElements: rows are absolutely placed divs (virtualized), which table elements cannot be
    // biome-ignore lint/a11y/useFocusableInteractive: the header is no stop of its own: its buttons and the grid below take the focus
    <div className="packet-header" role="row" data-testid="packet-header">
      {LIST_COLUMNS.map((c) => {
        const on = shown?.column === c.id ? shown.order : undefined;
        return (
          // biome-ignore lint/a11y/useSemanticElements: a grid of divs (the rows are virtualized), which table cells cannot join
          // biome-ignore lint/a11y/useFocusableInteractive: its sort button takes the focus
          <span
            key={c.id}
            className={`${c.className} col-head`}
            role="columnheader"
            aria-sort={on === 'asc' ? 'ascending' : on === 'desc' ? 'descending' : 'none'}
          >
            <button
              type="button"
              className="col-sort"
              data-testid={`sort-${c.id}`}
              title={`Sort by ${c.label} (again: descending, a third time: frame order)`}
              onClick={() => store.getState().sortBy(c.id)}
            >
              {c.label}
              {on !== undefined ? <span className="sort-arrow">{on === 'asc' ? ' ▲' : ' ▼'}</span> : null}
            </button>
            {c.id !== 'info' ? (
              // biome-ignore lint/a11y/noStaticElementInteractions: a drag handle; the keyboard's way to a width is the default
              <span className="col-resize" data-testid={`resize-${c.id}`} onMouseDown={(e) => startResize(c.id, e)} />
            ) : null}
          </span>
        );
      })}
    </div>
  );
}

/** A sort on its way: how far (shown once it has taken ~0.3 s, by its CSS). */
export function SortProgress(): ReactNode {
  const sorting = useUi((s) => s.view?.sorting);
  if (sorting === undefined) return null;
  const label = LIST_COLUMNS.find((c) => c.id === sorting.sort.column)?.label ?? sorting.sort.column;
  const pct = sorting.total === 0 ? 0 : Math.floor((100 * sorting.done) / sorting.total);
  return (
    <div className="sort-progress" data-testid="sort-progress" role="status">
      Sorting by {label} ({sorting.sort.order === 'asc' ? 'ascending' : 'descending'})… {pct} %
      <progress max={sorting.total} value={sorting.done} />
    </div>
  );
}

/** Go ▸ Go to Packet (Ctrl-G): a frame number; the list selects and shows its row, or says why it cannot. */
export function GoToPacket(): ReactNode {
  const goTo = useUi((s) => s.goTo);
  const store = useUiStore();
  const [text, setText] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (goTo !== undefined) input.current?.select();
  }, [goTo]);
  if (goTo === undefined) return null;
  const close = (): void => store.getState().setGoTo(false);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const n = Number(text.trim());
    if (!Number.isInteger(n) || n < 1) {
      store.setState({ goTo: { error: `“${text.trim()}” is not a frame number: type a whole number from 1 up` } });
      return;
    }
    store.getState().goToPacket(n);
  };
  return (
    <form className="goto-packet" data-testid="goto-box" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && close()}>
      <label>
        Go to packet{' '}
        <input
          ref={input}
          data-testid="goto-input"
          inputMode="numeric"
          value={text}
          // biome-ignore lint/a11y/noAutofocus: the box opens on Ctrl-G to take a number at once
          autoFocus
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <button type="submit" data-testid="goto-go">
        Go
      </button>
      <button type="button" onClick={close}>
        Cancel
      </button>
      {goTo.error !== undefined ? (
        <div className="goto-error" data-testid="goto-error" role="alert">
          {goTo.error}
        </div>
      ) : null}
    </form>
  );
}
