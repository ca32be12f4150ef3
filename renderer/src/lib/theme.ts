/**
 * The colour theme: the OS's (`system`, the default: CSS `prefers-color-scheme` through
 * `color-scheme: light dark`) or one the user picked in View, kept in the page's storage. The
 * colours themselves are CSS custom properties (styles.css, `light-dark()` pairs): one
 * definition serves the page, the charts (their strokes are `var(--series-N)`) and both themes.
 */
export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];

export const THEME_KEY = 'wirepool.theme';

/** What a storage holds for the theme, read leniently: anything unknown is `system`. */
export function parseTheme(stored: string | null | undefined): ThemeChoice {
  return THEME_CHOICES.find((c) => c === stored) ?? 'system';
}

/** The `data-theme` attribute of the document's root for a choice (none: the OS decides). */
export function themeAttribute(choice: ThemeChoice): string | undefined {
  return choice === 'system' ? undefined : choice;
}
