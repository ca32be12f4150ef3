import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeStaleSpools } from '../../native-bridge/capture/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'wirepool-stale-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('temporary spools a killed process left behind', () => {
  it('are removed; those of live processes and other files stay', () => {
    // A pid that existed and is gone: a child that has exited (and been reaped).
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    const stale = path.join(dir, `wirepool-capture-${gone}-1-1700000000000.pcapng`);
    const mine = path.join(dir, `wirepool-capture-${process.pid}-2-1700000000000.pcapng`);
    const chosen = path.join(dir, 'wirepool-capture-evidence.pcapng'); // a name the user gave
    const other = path.join(dir, `other-${gone}-1-1.pcapng`);
    for (const f of [stale, mine, chosen, other]) writeFileSync(f, 'x');
    expect(removeStaleSpools(dir)).toEqual([stale]);
    expect([stale, mine, chosen, other].map((f) => existsSync(f))).toEqual([false, true, true, true]);
  });
});
