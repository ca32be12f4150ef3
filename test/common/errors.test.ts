import { describe, expect, it } from 'vitest';
import { WirepoolError, errorParts, withHint } from '../../native-bridge/common/index.js';

describe('WirepoolError', () => {
  it('keeps what and hint apart and joins them in message', () => {
    const e = new WirepoolError('X_CODE', 'a.pcap: byte 4: bad', { hint: 'fix it' });
    expect(e.what).toBe('a.pcap: byte 4: bad');
    expect(e.hint).toBe('fix it');
    expect(e.message).toBe(withHint('a.pcap: byte 4: bad', 'fix it'));
    expect(e.message).toBe('a.pcap: byte 4: bad; fix it');
    expect(errorParts(e)).toEqual({ code: 'X_CODE', message: 'a.pcap: byte 4: bad', hint: 'fix it' });
  });

  it('without a hint, message is what, and the parts have no hint', () => {
    const e = new WirepoolError('X_CODE', 'bad');
    expect(e.message).toBe('bad');
    expect(errorParts(e)).toEqual({ code: 'X_CODE', message: 'bad' });
  });

  it('a hint that ends the message text is not cut off it (nothing is parsed back out)', () => {
    const e = new WirepoolError('X_CODE', 'say; fix it', { hint: 'fix it' });
    expect(errorParts(e).message).toBe('say; fix it');
  });
});
