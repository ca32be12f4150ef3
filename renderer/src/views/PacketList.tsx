import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
} from 'react';
import type { BatchPacket } from '../../../native-bridge/batch/index.js';
import { listLayout, scrollTopFor } from '../lib/list-layout.js';
import { type TimeFormat, timeColumn } from '../lib/time.js';
import { useUi, useUiStore } from '../store/react.js';
import { PacketMenu } from './PacketMenu.js';
import type { UiData } from '../store/ui-store.js';
import { GoToPacket, ListHeader, SortProgress, useColumnWidths } from './ListHeader.js';

export const ROW_HEIGHT = 22;
/** Rows asked for beyond each edge of the screen. */
const PREFETCH = 128;

/**
 * The Time column of row `row` (`p`, its packet, looked up once by the row) in `format`: the
 * differences count from the time the engine answered for the row (the latest time reference
 * or the first frame, the previous captured or displayed frame), `*REF*` for a reference.
 */
function timeText(
  data: UiData,
  row: number,
  p: BatchPacket | undefined,
  format: TimeFormat,
  first: { sec: number; nsec: number } | undefined,
): string {
  if (p === undefined) return '';
  const base = data.rows.base(row) ?? (format === 'relative' ? first : undefined);
  return timeColumn(format, p, base, data.rows.isRef(row));
}

interface RowProps {
  row: number;
  start: number;
  selected: boolean;
  timeFormat: TimeFormat;
  firstTime: { sec: number; nsec: number } | undefined;
  data: UiData;
  /** Changes when bytes arrive, so a placeholder row renders again. */
  dataVersion: number;
  onSelect(row: number): void;
  /** Right click: the row is selected and the context menu opens at the pointer. */
  onMenu(row: number, x: number, y: number): void;
}

/** One row, from the engine's row batch: No., times, lengths and the first pass's summary columns. */
const PacketRow = memo(function PacketRow({ row, start, selected, timeFormat, firstTime, data, onSelect, onMenu }: RowProps): ReactNode {
  const p = data.rows.packet(row);
  const text = data.texts.get(row, () => data.rows.data(row));
  const marked = data.rows.marked(row);
  // The row's coloring rule paints it (not while selected or marked: those show).
  const paint = data.colors.paint(row);
  const colors = paint !== undefined && !selected && !marked ? { background: paint.background, color: paint.foreground } : {};
  const style = { transform: `translateY(${start}px)`, height: ROW_HEIGHT, ...colors };
  const common = {
    role: 'row',
    'data-row': row,
    'data-number': p?.number,
    'aria-selected': selected,
    'data-marked': marked || undefined,
    'data-color-rule': paint?.name,
    // Striped by row number, not by DOM position: rows come and go at both ends as the list scrolls.
    className: `packet-row${row % 2 === 1 ? ' odd' : ''}${selected ? ' selected' : ''}${p === undefined ? ' placeholder' : ''}${marked ? ' marked' : ''}`,
    style,
    onMouseDown: (e: MouseEvent) => e.button === 0 && onSelect(row),
    onContextMenu: (e: MouseEvent) => {
      e.preventDefault();
      onMenu(row, e.clientX, e.clientY);
    },
  };
  return (
    <div {...common} data-testid={p === undefined ? 'packet-placeholder' : 'packet-row'}>
      <span className="c-no">{p?.number ?? ''}</span>
      <span className="c-time">{timeText(data, row, p, timeFormat, firstTime)}</span>
      <span className="c-src">{text?.src ?? ''}</span>
      <span className="c-dst">{text?.dst ?? ''}</span>
      <span className="c-proto">{text?.protocol ?? ''}</span>
      <span className="c-len">{p?.wireLen ?? ''}</span>
      <span className="c-info">{text === undefined ? '…' : text.info}</span>
    </div>
  );
});

/**
 * The virtualized packet list: only the rows on screen (plus a few) exist in the DOM. Rows have
 * one fixed height, so which rows are on screen follows from the scroll offset alone, whatever
 * the number of rows (lib/list-layout.ts; no per-row bookkeeping, which at a million rows cost
 * a frame's budget every time the list grew). Follows new packets while `follow` is on;
 * scrolling away from the bottom turns it off, scrolling back to the bottom turns it on again.
 */
export function PacketList(): ReactNode {
  const store = useUiStore();
  const data = store.data;
  const rows = useUi((s) => s.rows);
  const dataVersion = useUi((s) => s.dataVersion);
  const selected = useUi((s) => s.selected);
  const timeFormat = useUi((s) => s.timeFormat);
  const follow = useUi((s) => s.follow);
  const firstTime = useUi((s) => s.view?.firstTime);
  const reveal = useUi((s) => s.reveal);
  // The order the rows are in ("info asc", or "frame"), for tests and styles.
  const order = useUi((s) => (s.view?.sort ? `${s.view.sort.column} ${s.view.sort.order}` : 'frame'));
  const [widths, setWidths, columns] = useColumnWidths(timeFormat);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(0);
  // Scroll events our own scrolling causes are not the user scrolling away: a follow write is
  // recognised by its position (a publish may grow the list before its event arrives), a
  // keyboard move by time.
  const followTop = useRef(-1);
  const keyboardUntil = useRef(0);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el === null) return;
    setViewport(el.clientHeight);
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setViewport(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // While following, the rows rendered are the last ones, whatever offset the last scroll event
  // said: the list grows on every publish and is scrolled to the bottom after the render (below).
  const layout = listLayout(rows, ROW_HEIGHT, viewport, scrollTop, follow);
  const { first, end } = layout;

  // Following: one scrollTop write after the rows grew.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!follow || rows === 0 || el === null) {
      if (!follow) followTop.current = -1;
      return;
    }
    // Compared with the last write, not read back: reading scrollTop after a render forces a
    // layout, at every publish of a flood.
    const bottom = Math.max(0, layout.height - viewport);
    if (followTop.current !== bottom) {
      followTop.current = bottom;
      el.scrollTop = bottom;
    }
  }, [follow, rows, viewport, layout.height]);

  // Rows on screen the renderer does not hold are asked of the engine, with a margin on both
  // sides, so scrolling on finds them already there.
  // biome-ignore lint/correctness/useExhaustiveDependencies: dataVersion changes when rows arrive or go, and then the rest are asked for
  useEffect(() => {
    if (end > first) store.getState().ensureRows(Math.max(0, first - PREFETCH), end + PREFETCH);
  }, [first, end, dataVersion, store]);

  // Go to packet, next mark: the selected row in the middle of the screen, unless it is on screen already.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new reveal scrolls, not every change of the rows
  useLayoutEffect(() => {
    const el = scrollRef.current;
    const s = store.getState();
    if (reveal === 0 || el === null || s.selected === undefined) return;
    const row = s.selected;
    const shown = viewport / ROW_HEIGHT;
    if (row >= layout.top && row + 1 <= layout.top + shown) return;
    keyboardUntil.current = performance.now() + 200;
    el.scrollTop = scrollTopFor(Math.max(0, row - shown / 2), s.rows, ROW_HEIGHT, viewport);
  }, [reveal]);

  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (el === null) return;
    setScrollTop(el.scrollTop);
    if (Math.abs(el.scrollTop - followTop.current) < 1 || performance.now() < keyboardUntil.current) return;
    const height = listLayout(store.getState().rows, ROW_HEIGHT, el.clientHeight, 0, false).height;
    const atBottom = height - el.scrollTop - el.clientHeight <= ROW_HEIGHT * 2;
    store.getState().setFollow(atBottom);
  }, [store]);

  const onSelect = useCallback(
    (row: number) => {
      const s = store.getState();
      s.select(row);
      if (row < s.rows - 1) s.setFollow(false);
    },
    [store],
  );

  const [menu, setMenu] = useState<{ x: number; y: number; row: number } | undefined>(undefined);
  const closeMenu = useCallback(() => setMenu(undefined), []);
  const onMenu = useCallback(
    (row: number, x: number, y: number) => {
      onSelect(row);
      setMenu({ x, y, row });
    },
    [onSelect],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const s = store.getState();
    if (s.rows === 0) return;
    const page = Math.max(1, Math.floor(viewport / ROW_HEIGHT) - 1);
    const cur = s.selected;
    let next: number;
    switch (e.key) {
      case 'ArrowDown':
        next = cur === undefined ? 0 : cur + 1;
        break;
      case 'ArrowUp':
        next = cur === undefined ? 0 : cur - 1;
        break;
      case 'PageDown':
        next = (cur ?? 0) + page;
        break;
      case 'PageUp':
        next = (cur ?? 0) - page;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = s.rows - 1;
        break;
      default:
        return;
    }
    e.preventDefault();
    next = Math.max(0, Math.min(s.rows - 1, next));
    onSelect(next);
    keyboardUntil.current = performance.now() + 200;
    // The least scrolling that shows the row.
    const el = scrollRef.current;
    const shown = viewport / ROW_HEIGHT;
    if (el !== null && next < layout.top) el.scrollTop = scrollTopFor(next, s.rows, ROW_HEIGHT, viewport);
    else if (el !== null && next + 1 > layout.top + shown) el.scrollTop = scrollTopFor(next + 1 - shown, s.rows, ROW_HEIGHT, viewport);
  };

  const items: number[] = [];
  for (let r = first; r < end; r++) items.push(r);
  return (
    <div className="packet-list-wrap" style={{ '--list-columns': columns } as CSSProperties}>
      <ListHeader widths={widths} setWidths={setWidths} />
      <SortProgress />
      <GoToPacket />
      {/* biome-ignore lint/a11y/useSemanticElements: rows are absolutely placed divs (virtualized), which table elements cannot be */}
      <div
        ref={scrollRef}
        className="packet-list"
        data-testid="packet-list"
        data-rows={rows}
        data-order={order}
        role="grid"
        aria-rowcount={rows}
        tabIndex={0}
        onScroll={onScroll}
        onKeyDown={onKeyDown}
      >
        <div className="packet-list-inner" style={{ height: layout.height }}>
          {items.map((r) => (
            <PacketRow
              key={r}
              row={r}
              start={layout.offset(r)}
              selected={r === selected}
              timeFormat={timeFormat}
              firstTime={firstTime}
              data={data}
              dataVersion={dataVersion}
              onSelect={onSelect}
              onMenu={onMenu}
            />
          ))}
        </div>
      </div>
      {menu !== undefined ? <PacketMenu x={menu.x} y={menu.y} row={menu.row} onClose={closeMenu} /> : null}
    </div>
  );
}
