import { describe, expect, it } from 'vitest';
import { KERNEL_BUFFER, SNAPLEN } from '../../native-bridge/capture/index.js';
import { inRange, rangeText } from '../../native-bridge/common/index.js';

describe('ranges', () => {
  it('inRange takes whole numbers within the bounds only', () => {
    expect(inRange(SNAPLEN, 1)).toBe(true);
    expect(inRange(SNAPLEN, 262144)).toBe(true);
    for (const v of [0, 262145, 1.5, Number.NaN, '100', undefined]) expect(inRange(SNAPLEN, v), String(v)).toBe(false);
  });

  it('words the range, and a fixed default in the units people use', () => {
    expect(rangeText(SNAPLEN)).toBe('a whole number from 1 to 262144 bytes, the default is 256 KiB');
    expect(rangeText(KERNEL_BUFFER)).toBe('a whole number from 65536 to 2147483647 bytes, the default is 64 MiB');
    expect(rangeText({ min: 1, max: 9 })).toBe('a whole number from 1 to 9');
  });
});
