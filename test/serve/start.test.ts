import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/corpus.js';

function electronInstalled(): boolean {
  try {
    return existsSync(createRequire(import.meta.url)('electron') as string);
  } catch {
    return false;
  }
}

describe('npm start', () => {
  it.skipIf(electronInstalled())('without the Electron runtime says so and starts serve mode on the sample, printing the URL', async () => {
    const child = spawn(process.execPath, ['dist/scripts/start.js'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /serving on (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${out} ${err}`)));
    });
    expect(err).toMatch(/the Electron runtime is not available here/);
    expect(err).toMatch(/starting serve mode instead/);
    expect((await fetch(url)).status).toBe(200);
    const code = await new Promise<number | null>((resolve) => {
      child.removeAllListeners('exit');
      child.on('exit', (c) => resolve(c));
      child.kill('SIGINT');
    });
    expect(code).toBe(0);
  });
});
