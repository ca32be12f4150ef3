import { describe, expect, it } from 'vitest';
import { runLabel } from '../../renderer/src/lib/run-label.js';

describe('the status bar run label', () => {
  it('says a capture is capturing only while it runs', () => {
    const lo = { kind: 'capture', name: 'lo' } as const;
    expect(runLabel(lo, 'running')).toBe('capturing on lo');
    expect(runLabel(lo, 'paused')).toBe('capture on lo paused');
    expect(runLabel(lo, 'stopped')).toBe('capture on lo stopped');
    expect(runLabel(lo, 'done')).toBe('capture on lo stopped');
    expect(runLabel(lo, 'failed')).toBe('capture on lo failed');
  });

  it('says a replay is replaying, stopped or done, and that nothing is open before a run', () => {
    const f = { kind: 'replay', name: '/tmp/a.pcapng' } as const;
    expect(runLabel(f, 'running')).toBe('replaying /tmp/a.pcapng');
    expect(runLabel(f, 'stopped')).toBe('replay of /tmp/a.pcapng stopped');
    expect(runLabel(f, 'done')).toBe('/tmp/a.pcapng (done)');
    expect(runLabel(undefined, undefined)).toBe('no file open');
  });
});
