import { describe, expect, it } from 'vitest';
import { MAX_SPEED, Pacer, WirepoolError, checkSpeed, isSpeed, parseSpeed } from '../../native-bridge/common/index.js';

describe('the speed rule', () => {
  it("accepts 'max' and numbers in (0, MAX_SPEED]", () => {
    for (const v of ['max', 1, 0.001, 10, MAX_SPEED]) expect(isSpeed(v), String(v)).toBe(true);
    for (const v of [0, -1, MAX_SPEED + 1, Number.NaN, Infinity, 'fast', '2', null, undefined]) expect(isSpeed(v), String(v)).toBe(false);
  });

  it('parses what people type: max, numbers, a times sign', () => {
    expect(parseSpeed('max')).toBe('max');
    expect(parseSpeed('2')).toBe(2);
    expect(parseSpeed('0.5')).toBe(0.5);
    expect(parseSpeed('10x')).toBe(10);
    for (const t of ['', 'x', 'fast', '0', '-1', 'Infinity', '1e9']) expect(parseSpeed(t), t).toBeUndefined();
  });

  it('checkSpeed throws the error the caller makes, with one message and hint', () => {
    expect(checkSpeed(2, () => new Error('no'))).toBe(2);
    expect(() => checkSpeed(-1, (m, hint) => new WirepoolError('X_BAD', m, { hint }))).toThrow(
      expect.objectContaining({
        code: 'X_BAD',
        message: expect.stringMatching(/^speed -1 is invalid; give a multiple of the recorded timing/),
      }),
    );
  });
});

describe('Pacer', () => {
  it('at max, every frame is due at once', () => {
    const p = new Pacer('max');
    expect(p.paced).toBe(false);
    expect(p.next(100, 0, 5)).toBe(5);
  });

  it('at speed N a frame is due its recorded offset / N after the first; backwards is at once; pauses shift', () => {
    const p = new Pacer(2);
    expect(p.next(10, 0, 1000)).toBe(1000);
    expect(p.next(11, 0, 1001)).toBe(1500);
    expect(p.next(9, 500_000_000, 1002)).toBeLessThan(1002);
    p.paused(100);
    expect(p.next(12, 0, 1003)).toBe(2100);
    p.restart();
    expect(p.next(50, 0, 3000)).toBe(3000);
  });

  it('a fixed rate overrides the speed', () => {
    const p = new Pacer('max', 100);
    expect(p.paced).toBe(true);
    expect(p.next(0, 0, 0)).toBe(0);
    expect(p.next(999, 0, 1)).toBe(10);
    expect(p.next(0, 0, 2)).toBe(20);
  });
});
