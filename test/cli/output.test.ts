import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/corpus.js';

/** Bytes the process has read so far (Linux's /proc/PID/io: the capture, mostly). */
function bytesRead(pid: number): number {
  return Number(/^rchar: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))![1]);
}

/**
 * `wirepool read` into a pipe, as in `wirepool read big.pcap | less` or `| head`: output goes
 * at the reader's pace. Before, stdout queued in memory whatever the reader had not taken
 * (the whole output, for a reader that pauses), and `| head` read the whole capture first.
 */
describe.skipIf(process.platform !== 'linux')('read into a pipe', () => {
  it('waits for a reader that stops reading, and stops when the reader goes away', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wirepool-pipe-'));
    const file = path.join(dir, 'many.pcap');
    execFileSync(path.join(ROOT, 'bin/wirepool'), ['generate', '--profile', 'small', '--packets', '100000', '-w', file]);
    const size = statSync(file).size;
    const child = spawn(path.join(ROOT, 'bin/wirepool'), ['read', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Take the first lines, then stop reading: the child must come to a halt, blocked on the
    // full pipe, having read a small part of the capture.
    const first = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString())));
    child.stdout.pause();
    expect(first).toMatch(/^1\t/);
    let last = -1;
    let now = bytesRead(child.pid!);
    for (let i = 0; i < 100 && now !== last; i++) {
      await sleep(300);
      last = now;
      now = bytesRead(child.pid!);
    }
    expect(now).toBe(last); // halted
    expect(now).toBeLessThan(size / 2);
    // The reader goes away: the child ends at once, quietly, without reading the rest.
    child.stdout.destroy();
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  }, 60_000);
});
