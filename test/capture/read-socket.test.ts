/**
 * readSocketPair: the socket pair the capture helper writes its messages to, read with `onread`
 * straight into the memory the reader names next. A real child process writes through it; every
 * read must land inside the target asked for (a message's bytes never spill into the next one's
 * lease) and the bytes must arrive whole and in order.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { readSocketPair } from '../../native-bridge/capture/read-socket.js';

describe('readSocketPair', () => {
  it("reads a child's stdout into exactly the targets asked for, in order, to its end", async () => {
    const total = (1 << 20) + 3;
    // Targets of awkward sizes, as message heads and payloads are: 8, 1, 7, 65536, 300001, … then the rest.
    const sizes = [8, 1, 7, 65536, 300_001, 13];
    const got = new Uint8Array(total);
    let at = 0;
    let step = 0;
    let current = new Uint8Array(0);
    const reads: { asked: number; n: number }[] = [];
    const into = {
      target: (): Uint8Array => {
        const want = Math.min(sizes[step % sizes.length]!, Math.max(1, total - at));
        current = new Uint8Array(want);
        return current;
      },
      read: (n: number): void => {
        reads.push({ asked: current.length, n });
        got.set(current.subarray(0, n), at);
        at += n;
        if (n === current.length) step++; // else a target of that size is asked for again
      },
    };
    const { reader, writer } = await readSocketPair(into);
    const child = spawn(
      process.execPath,
      ['-e', `const b = Buffer.alloc(${total}); for (let i = 0; i < b.length; i++) b[i] = (i * 7) & 0xff; process.stdout.write(b);`],
      { stdio: ['ignore', writer, 'inherit'] },
    );
    writer.destroy();
    const [code] = await Promise.all([new Promise((r) => child.on('exit', r)), new Promise((r) => reader.on('close', r))]);
    expect(code).toBe(0);
    expect(at).toBe(total);
    expect(reads.every((r) => r.n > 0 && r.n <= r.asked)).toBe(true);
    expect(reads.some((r) => r.asked === 1 && r.n === 1)).toBe(true);
    for (let i = 0; i < total; i++) if (got[i] !== ((i * 7) & 0xff)) expect.fail(`byte ${i} is ${got[i]}`);
  });
});
