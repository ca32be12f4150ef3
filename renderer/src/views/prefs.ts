/**
 * The page's view preferences (theme, pane sizes, the pool panel collapsed), kept in its
 * storage and applied to the document: the theme as `data-theme` on the root, each size as a
 * CSS variable (`--pane-list`…) the layout reads. A pane being dragged changes a variable only:
 * no React render. Components that show a preference read it with `useTheme`/`usePoolCollapsed`.
 */
import { useSyncExternalStore } from 'react';
import { LAYOUT_KEY, type Layout, NARROW_WINDOW, type Pane, clampSize, parseLayout, serializeLayout } from '../lib/pane-sizes.js';
import { THEME_KEY, type ThemeChoice, parseTheme, themeAttribute } from '../lib/theme.js';

// The storage may be missing or refuse (a sandboxed page, a full quota): then a preference
// lasts as long as the page.
function read(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}
function write(key: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(key, value);
  } catch {
    /* kept for this page only */
  }
}

const layout: Layout = parseLayout(read(LAYOUT_KEY));
let theme: ThemeChoice = parseTheme(read(THEME_KEY));
/** A window too narrow for the packets and the pool panel side by side (no matchMedia: not narrow). */
const narrow = typeof globalThis.matchMedia === 'function' && globalThis.matchMedia(`(max-width: ${NARROW_WINDOW - 1}px)`).matches;
const listeners = new Set<() => void>();
const subscribe = (l: () => void): (() => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
const changed = (): void => {
  for (const l of listeners) l();
};

const root = (): HTMLElement | undefined => (typeof document === 'undefined' ? undefined : document.documentElement);

function applySize(pane: Pane): void {
  const px = layout.sizes[pane];
  if (px === undefined) root()?.style.removeProperty(`--pane-${pane}`);
  else root()?.style.setProperty(`--pane-${pane}`, `${px}px`);
}

/** Puts the kept preferences on the document (at start-up, before the first render). */
export function applyPrefs(): void {
  const attr = themeAttribute(theme);
  const el = root();
  if (el === undefined) return;
  if (attr === undefined) delete el.dataset.theme;
  else el.dataset.theme = attr;
  for (const pane of ['list', 'hex', 'pool'] as const) applySize(pane);
}

export function setTheme(choice: ThemeChoice): void {
  theme = choice;
  write(THEME_KEY, choice);
  applyPrefs();
  changed();
}
export const useTheme = (): ThemeChoice => useSyncExternalStore(subscribe, () => theme);

/** The pane's kept size, if the user set one. */
export const paneSize = (pane: Pane): number | undefined => layout.sizes[pane];

/** Sets a pane's size (clamped to its limits); `keep`: into the storage too (at the end of a drag). */
export function setPaneSize(pane: Pane, px: number, keep: boolean): void {
  layout.sizes[pane] = clampSize(pane, px);
  applySize(pane);
  if (keep) write(LAYOUT_KEY, serializeLayout(layout));
}

const poolCollapsed = (): boolean => layout.poolCollapsed ?? narrow;
export function setPoolCollapsed(collapsed: boolean): void {
  layout.poolCollapsed = collapsed;
  write(LAYOUT_KEY, serializeLayout(layout));
  changed();
}
export const usePoolCollapsed = (): boolean => useSyncExternalStore(subscribe, poolCollapsed);
