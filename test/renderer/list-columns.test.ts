/** The packet list's Time formats and column widths (renderer/src/lib/time.ts, columns.ts). */
import { describe, expect, it } from 'vitest';
import { gridColumns, loadWidths, saveWidths } from '../../renderer/src/lib/columns.js';
import { REF_TEXT, TIME_FORMATS, timeBase, timeColumn } from '../../renderer/src/lib/time.js';

describe('time formats', () => {
  const t = { sec: 1767225600, nsec: 1301424 };
  const base = { sec: 1767225599, nsec: 999_000_000 };
  it("formats a packet's time in each of Wireshark's six formats", () => {
    const shown = Object.fromEntries(TIME_FORMATS.map(({ format }) => [format, timeColumn(format, t, base, false)]));
    expect(shown).toEqual({
      absolute: '2026-01-01 00:00:00.001301424',
      time: '00:00:00.001301424',
      epoch: '1767225600.001301424',
      relative: '0.002301',
      delta: '0.002301',
      deltaDisplayed: '0.002301',
    });
  });
  it('a time reference shows *REF* in every format; only the differences ask the engine for a base', () => {
    for (const { format } of TIME_FORMATS) expect(timeColumn(format, t, base, true)).toBe(REF_TEXT);
    expect(TIME_FORMATS.map(({ format }) => timeBase(format))).toEqual([
      undefined,
      undefined,
      undefined,
      'relative',
      'delta',
      'deltaDisplayed',
    ]);
  });
});

describe('column widths', () => {
  it('defaults in characters, dragged widths in px, Info the rest', () => {
    expect(gridColumns({}, 'relative')).toBe('8ch 12ch 26ch 26ch 9ch 7ch minmax(32ch, 1fr)');
    expect(gridColumns({ source: 300 }, 'absolute')).toBe('8ch 30ch 300px 26ch 9ch 7ch minmax(32ch, 1fr)');
  });
  it('keeps widths in storage and ignores what it cannot read', () => {
    const kept = new Map<string, string>();
    const storage = { getItem: (k: string) => kept.get(k) ?? null, setItem: (k: string, v: string) => void kept.set(k, v) };
    saveWidths(storage, { source: 250, info: 99 });
    expect(loadWidths(storage)).toEqual({ source: 250 });
    storage.setItem('wirepool.listColumns', '{not json');
    expect(loadWidths(storage)).toEqual({});
    storage.setItem('wirepool.listColumns', JSON.stringify({ time: 3, protocol: 'wide' }));
    expect(loadWidths(storage)).toEqual({});
  });
});
