/**
 * `npm start`: the desktop app (`electron .` in the project folder, so package.json names and
 * versions it as in a packaged build) on the bundled sample. Where the Electron runtime is missing
 * (its download failed during `npm ci`, or it cannot start here) it says so and runs
 * `wirepool serve` on the sample instead, which prints the URL to open in a browser.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const sample = 'samples/sample.pcapng';
/** An Electron that dies this soon with an error did not start (no display, missing libraries). */
const EARLY_EXIT_MS = 3000;

/** The Electron executable, or why there is none. */
function electronBinary(): { path: string } | { missing: string } {
  try {
    const p = createRequire(import.meta.url)('electron') as unknown;
    if (typeof p !== 'string') return { missing: 'the electron package did not name an executable' };
    return existsSync(p) ? { path: p } : { missing: `${p} does not exist` };
  } catch (e) {
    return { missing: (e as Error).message.split('\n')[0]! };
  }
}

function serveInstead(why: string): void {
  process.stderr.write(
    `wirepool: the Electron runtime is not available here (${why}).\n` +
      'wirepool: starting serve mode instead: open the URL below in a browser (for the desktop app, run `npm run desktop:install` where the Electron download works).\n',
  );
  const child = spawn(process.execPath, ['bin/wirepool', 'serve', sample], { cwd: root, stdio: 'inherit' });
  const forward = (sig: NodeJS.Signals) => () => child.kill(sig);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  child.on('exit', (code) => (process.exitCode = code ?? 1));
}

const bin = electronBinary();
if ('missing' in bin) {
  serveInstead(bin.missing);
} else {
  const started = Date.now();
  const app = spawn(bin.path, ['.', sample], { cwd: root, stdio: 'inherit' });
  let fellBack = false;
  app.on('error', (e) => {
    fellBack = true;
    serveInstead(`cannot run ${bin.path}: ${e.message}`);
  });
  app.on('exit', (code, signal) => {
    if (fellBack) return;
    if (code !== 0 && signal === null && Date.now() - started < EARLY_EXIT_MS)
      serveInstead(`Electron exited at once with status ${code} (no display?)`);
    else process.exitCode = code ?? 0;
  });
}
