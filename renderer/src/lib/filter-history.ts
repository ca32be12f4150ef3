/**
 * The display filters applied lately, newest first, without repeats, at most FILTER_HISTORY_MAX
 * (Wireshark's filter-box drop-down), kept in the page's storage so they survive a reload.
 */
export const FILTER_HISTORY_MAX = 20;
export const FILTER_HISTORY_KEY = 'wirepool.filterHistory';

/** Where the list is kept: localStorage in the app, a map in tests. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The stored list; anything unreadable (another version, a hand edit) reads as empty. */
export function loadHistory(store: KeyValueStore): string[] {
  try {
    const v: unknown = JSON.parse(store.getItem(FILTER_HISTORY_KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, FILTER_HISTORY_MAX) : [];
  } catch {
    return [];
  }
}

/** `filter` put first (moved up when it was there), the list cut to its bound; an empty filter changes nothing. */
export function withFilter(history: readonly string[], filter: string): string[] {
  const f = filter.trim();
  if (f === '') return [...history];
  return [f, ...history.filter((h) => h !== f)].slice(0, FILTER_HISTORY_MAX);
}

/** Records an applied filter and returns the new list (storage that refuses to write, a private window's, is ignored). */
export function rememberFilter(store: KeyValueStore, filter: string): string[] {
  const next = withFilter(loadHistory(store), filter);
  try {
    store.setItem(FILTER_HISTORY_KEY, JSON.stringify(next));
  } catch {
    // the list lasts for this page only
  }
  return next;
}
