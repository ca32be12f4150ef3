import { describe, expect, it } from 'vitest';
import { PANES, clampSize, parseLayout, serializeLayout } from '../../renderer/src/lib/pane-sizes.js';
import { parseTheme, themeAttribute } from '../../renderer/src/lib/theme.js';

describe('view preferences as kept in the page storage', () => {
  it('reads a theme leniently: the three choices, anything else the system one', () => {
    expect(['system', 'light', 'dark'].map(parseTheme)).toEqual(['system', 'light', 'dark']);
    expect([null, undefined, '', 'Dark', 'solarized'].map(parseTheme)).toEqual(['system', 'system', 'system', 'system', 'system']);
    expect(['system', 'light', 'dark'].map((c) => themeAttribute(parseTheme(c)))).toEqual([undefined, 'light', 'dark']);
  });

  it('keeps pane sizes within their limits, whole pixels', () => {
    expect(clampSize('list', 10)).toBe(PANES.list.min);
    expect(clampSize('pool', 1e9)).toBe(PANES.pool.max);
    expect(clampSize('hex', 300.6)).toBe(301);
  });

  it('reads a stored layout back, and what is missing, malformed or out of range as its default or limit', () => {
    const layout = { sizes: { list: 400, hex: 480, pool: 500 }, poolCollapsed: true };
    expect(parseLayout(serializeLayout(layout))).toEqual(layout);
    expect(parseLayout(null)).toEqual({ sizes: {}, poolCollapsed: undefined });
    expect(parseLayout('{not json')).toEqual({ sizes: {}, poolCollapsed: undefined });
    expect(parseLayout('[1,2]')).toEqual({ sizes: {}, poolCollapsed: undefined });
    expect(parseLayout('{"sizes":{"list":"400","hex":null,"pool":99999,"other":3},"poolCollapsed":"yes"}')).toEqual({
      sizes: { pool: PANES.pool.max },
      poolCollapsed: undefined,
    });
  });
});
