/**
 * The panes the user can resize, their limits, and the sizes kept in the page's storage. A
 * size is the pane's own (the packet list's height, the hex pane's and the pool panel's
 * widths) in CSS pixels; the CSS clamps it against the window too (styles.css: the variables
 * `--pane-list`, `--pane-hex`, `--pane-pool`), so a size kept from a larger window still fits.
 */
export const PANES = {
  /** The packet list's height (header included), above the detail tree and hex pane. */
  list: { min: 88, max: 4000, step: 22 },
  /** The hex pane's width, beside the detail tree. */
  hex: { min: 220, max: 2000, step: 16 },
  /** The pool panel's width, right of the packets. */
  pool: { min: 280, max: 1200, step: 20 },
} as const;
export type Pane = keyof typeof PANES;

export interface Layout {
  sizes: Partial<Record<Pane, number>>;
  /** The pool panel shrunk to a strip; undefined: as the window's width suggests. */
  poolCollapsed: boolean | undefined;
}

export const LAYOUT_KEY = 'wirepool.layout';

/** A size within the pane's limits, in whole pixels. */
export function clampSize(pane: Pane, px: number): number {
  const { min, max } = PANES[pane];
  return Math.round(Math.min(max, Math.max(min, px)));
}

/** A stored layout, read leniently: what is missing or malformed is left at its default. */
export function parseLayout(stored: string | null | undefined): Layout {
  const layout: Layout = { sizes: {}, poolCollapsed: undefined };
  if (stored === null || stored === undefined) return layout;
  let raw: unknown;
  try {
    raw = JSON.parse(stored);
  } catch {
    return layout;
  }
  if (typeof raw !== 'object' || raw === null) return layout;
  const r = raw as { sizes?: unknown; poolCollapsed?: unknown };
  if (typeof r.sizes === 'object' && r.sizes !== null)
    for (const pane of Object.keys(PANES) as Pane[]) {
      const v = (r.sizes as Record<string, unknown>)[pane];
      if (typeof v === 'number' && Number.isFinite(v)) layout.sizes[pane] = clampSize(pane, v);
    }
  if (typeof r.poolCollapsed === 'boolean') layout.poolCollapsed = r.poolCollapsed;
  return layout;
}

export const serializeLayout = (layout: Layout): string => JSON.stringify(layout);

/** Windows narrower than this start with the pool panel collapsed (the packets need the room). */
export const NARROW_WINDOW = 1200;
