/**
 * Browsers cap an element's height (Chromium at about 33.5 M px): past this a list maps its
 * scroll offset to rows proportionally instead of one pixel to one pixel.
 */
export const MAX_LIST_PX = 15_000_000;
/** Rows rendered beyond each edge of the screen. */
const OVERSCAN = 12;

/** Which rows of a fixed-height list are on screen, and where each is drawn. */
export interface ListLayout {
  /** The scrollable content's height. */
  height: number;
  /** The row at the top edge of the screen, fractional. */
  top: number;
  /** Rows first..end-1 are rendered. */
  first: number;
  end: number;
  /** Where row r is drawn, in content pixels. */
  offset(r: number): number;
}

/** The scroll offset that puts row `row` (fractional) at the top edge. */
export function scrollTopFor(row: number, rows: number, rowHeight: number, viewport: number): number {
  const full = rows * rowHeight;
  if (full <= MAX_LIST_PX) return Math.max(0, row * rowHeight);
  const span = rows - viewport / rowHeight;
  return span <= 0 ? 0 : Math.max(0, (row / span) * (MAX_LIST_PX - viewport));
}

/**
 * Blank space under the last row so that the list scrolled to its bottom shows whole rows: the
 * row at the top edge starts there (not half of it cut off under the header, as a list that
 * opens following its newest packet did), the last row ends above the blank.
 */
export function bottomPad(full: number, rowHeight: number, viewport: number): number {
  if (full <= viewport || full > MAX_LIST_PX) return 0;
  return Math.round(viewport) % rowHeight;
}

/**
 * The layout of `rows` rows of `rowHeight` px in a `viewport` px window scrolled to
 * `scrollTop` (at the bottom when `atBottom`). O(1): nothing is kept per row.
 */
export function listLayout(rows: number, rowHeight: number, viewport: number, scrollTop: number, atBottom: boolean): ListLayout {
  const full = rows * rowHeight;
  const height = Math.min(full, MAX_LIST_PX) + bottomPad(full, rowHeight, viewport);
  const shown = viewport / rowHeight;
  const maxTop = Math.max(0, height - viewport);
  const at = atBottom ? maxTop : Math.min(Math.max(0, scrollTop), maxTop);
  const span = Math.max(0, rows - shown);
  const top = full <= MAX_LIST_PX ? at / rowHeight : maxTop === 0 ? 0 : (at / maxTop) * span;
  const first = Math.max(0, Math.floor(top) - OVERSCAN);
  const end = Math.min(rows, Math.ceil(top + shown) + OVERSCAN);
  return { height, top, first, end, offset: (r) => at + (r - top) * rowHeight };
}
