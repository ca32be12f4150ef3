import { describe, expect, it } from 'vitest';
import { MAX_LIST_PX, listLayout, scrollTopFor } from '../../renderer/src/lib/list-layout.js';

const ROW = 22;
const VIEW = 440; // 20 rows

describe('the packet list layout (fixed-height rows)', () => {
  it('maps offsets to rows one to one while the list fits a browser element', () => {
    const l = listLayout(1000, ROW, VIEW, 220, false);
    expect(l.height).toBe(22_000);
    expect(l.top).toBe(10);
    expect([l.first, l.end]).toEqual([0, 42]);
    expect(l.offset(10)).toBe(220);
    expect(scrollTopFor(10, 1000, ROW, VIEW)).toBe(220);
  });

  it('shows the last rows at the bottom, and when following whatever the offset says', () => {
    const l = listLayout(1000, ROW, VIEW, 0, true);
    expect(l.top).toBe(980);
    expect(l.end).toBe(1000);
    expect(l.offset(999) + ROW).toBe(l.height);
  });

  it('past the height a browser allows, maps offsets proportionally: top, middle and bottom reach every row', () => {
    const rows = 5_000_000; // 110 M px one to one
    const bottom = MAX_LIST_PX - VIEW;
    expect(listLayout(rows, ROW, VIEW, 0, false).height).toBe(MAX_LIST_PX);
    expect(listLayout(rows, ROW, VIEW, 0, false).first).toBe(0);
    const end = listLayout(rows, ROW, VIEW, bottom, false);
    expect(end.end).toBe(rows);
    expect(end.offset(rows - 1) + ROW).toBeCloseTo(MAX_LIST_PX, 6);
    const mid = listLayout(rows, ROW, VIEW, bottom / 2, false);
    expect(mid.top).toBeCloseTo((rows - VIEW / ROW) / 2, 3);
    // Rows on screen stay ROW apart and the row at the top edge is drawn at the offset.
    expect(mid.offset(Math.floor(mid.top) + 1) - mid.offset(Math.floor(mid.top))).toBeCloseTo(ROW, 6);
    expect(mid.offset(mid.top)).toBeCloseTo(bottom / 2, 6);
    // scrollTopFor is the inverse.
    expect(listLayout(rows, ROW, VIEW, scrollTopFor(1_234_567, rows, ROW, VIEW), false).top).toBeCloseTo(1_234_567, 3);
  });

  it('scrolled to the bottom, shows whole rows: the top row starts at the top edge, the last ends above a blank of less than a row', () => {
    for (const viewport of [440, 441, 450, 461]) {
      const l = listLayout(1000, ROW, viewport, 0, true);
      expect(Number.isInteger(l.top)).toBe(true);
      expect(l.offset(Math.floor(l.top))).toBe(l.height - viewport);
      const blank = l.height - (l.offset(999) + ROW);
      expect(blank).toBeGreaterThanOrEqual(0);
      expect(blank).toBeLessThan(ROW);
      expect(l.end).toBe(1000);
    }
    // A list shorter than its window needs no blank.
    expect(listLayout(10, ROW, 450, 0, true).height).toBe(220);
  });
});
