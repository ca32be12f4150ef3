import type { SortColumn } from '../../../native-bridge/protocol/index.js';
import type { TimeFormat } from './time.js';

/** A column of the packet list: its sort name, header text, cell class and width when the user has not set one. */
export interface ListColumn {
  id: SortColumn;
  label: string;
  className: string;
  /** Default width in characters of the list's monospace font (Info takes the rest). */
  ch: number;
}

export const LIST_COLUMNS: readonly ListColumn[] = [
  { id: 'number', label: 'No.', className: 'c-no', ch: 8 },
  { id: 'time', label: 'Time', className: 'c-time', ch: 12 },
  // Wide enough for a MAC address or a usual IPv6 one (2001:db8:85a3::8a2e:370:7334) without clipping.
  { id: 'source', label: 'Source', className: 'c-src', ch: 26 },
  { id: 'destination', label: 'Destination', className: 'c-dst', ch: 26 },
  { id: 'protocol', label: 'Protocol', className: 'c-proto', ch: 9 },
  { id: 'length', label: 'Length', className: 'c-len', ch: 7 },
  { id: 'info', label: 'Info', className: 'c-info', ch: 0 },
];

/** Widths the user dragged a column's edge to, in px, by column (Info takes the rest). */
export type ColumnWidths = Partial<Record<SortColumn, number>>;

/** The narrowest a column can be dragged to (px). */
export const MIN_COLUMN_PX = 24;
/** Info's least width: enough to read a summary's start. */
export const INFO_MIN = '32ch';
const STORAGE_KEY = 'wirepool.listColumns';

/** The Time column's default width for a format (a date and time of day is long). */
function timeChars(format: TimeFormat): number {
  return format === 'absolute' ? 30 : format === 'time' || format === 'epoch' ? 21 : 12;
}

/**
 * CSS grid columns of the list's header and rows: user widths in px, defaults in ch, Info the
 * rest but never under INFO_MIN (in a narrow window the list scrolls sideways instead).
 */
export function gridColumns(widths: ColumnWidths, format: TimeFormat): string {
  return LIST_COLUMNS.map((c) => {
    if (c.id === 'info') return `minmax(${INFO_MIN}, 1fr)`;
    const w = widths[c.id];
    return w !== undefined ? `${w}px` : `${c.id === 'time' ? timeChars(format) : c.ch}ch`;
  }).join(' ');
}

/** The widths kept from an earlier visit (localStorage), or none when there are none or they are unreadable. */
export function loadWidths(storage: Pick<Storage, 'getItem'> | undefined): ColumnWidths {
  try {
    const raw: unknown = JSON.parse(storage?.getItem(STORAGE_KEY) ?? '{}');
    if (typeof raw !== 'object' || raw === null) return {};
    const out: ColumnWidths = {};
    for (const c of LIST_COLUMNS) {
      const w = (raw as Record<string, unknown>)[c.id];
      if (typeof w === 'number' && Number.isFinite(w) && w >= MIN_COLUMN_PX && c.id !== 'info') out[c.id] = Math.round(w);
    }
    return out;
  } catch {
    return {};
  }
}

export function saveWidths(storage: Pick<Storage, 'setItem'> | undefined, widths: ColumnWidths): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(widths));
  } catch {
    // Storage full or refused (a private window): the widths last this visit only.
  }
}
