/**
 * The packet list's order and navigation as the UI and the engine share them: the columns the
 * engine sorts a view by, what a row's Time column counts from, and the per-frame flags the
 * user sets (marks, time references). Runtime-free: the renderer imports it.
 */

/** The list's columns (Wireshark's default ones), as a sort names them. */
export const SORT_COLUMNS = ['number', 'time', 'source', 'destination', 'protocol', 'length', 'info'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];
export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** A view's order: by `column`, ties by frame number (ascending both ways). No sort: frame order. */
export interface SortSpec {
  column: SortColumn;
  order: SortOrder;
}

/** A sort on its way: `done` of `total` units of work (the view keeps its old order until it is over). */
export interface SortProgress {
  sort: SortSpec;
  done: number;
  total: number;
}

/**
 * What a row's Time column counts from, when the engine is asked (`rows`' `time`): the latest
 * time reference at or before the frame, else the first frame (`relative`, frame.time_relative);
 * the previous captured frame, filtered out or not (`delta`, frame.time_delta); the previous
 * displayed frame in frame order (`deltaDisplayed`, frame.time_delta_displayed).
 */
export const TIME_BASES = ['relative', 'delta', 'deltaDisplayed'] as const;
export type TimeBase = (typeof TIME_BASES)[number];

/** Flags a user sets on frames: Edit ▸ Mark Packet, Edit ▸ Time Reference. */
export const FLAG_KINDS = ['mark', 'ref'] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];

/** Row `row` of view `viewId` (the answer of `locate` and `findMark`). */
export interface Located {
  runId: number;
  viewId: number;
  row: number;
}

/** How many frames of the run carry each flag now. */
export interface FlagCounts {
  runId: number;
  marks: number;
  refs: number;
}
