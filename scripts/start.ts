/**
 * `npm start [-- [SWITCH…] [FILE]]`: the desktop app (`electron .` in the project folder) on
 * FILE, the bundled sample by default; switches (`--no-sandbox`, `--enable-logging`…) go to
 * Electron. Whenever the desktop runtime does not start (it is not installed, cannot run, dies
 * on a signal or with an error before its window opens: no display, Chromium's sandbox, root,
 * a missing library) it says why and how to fix it (start/diagnose.ts) and runs `wirepool serve`
 * on the file instead, which prints the URL to open in a browser. The exit status is the
 * app's, or serve's after a fallback: non-zero when that cannot run either.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { READY_ENV, READY_LINE } from '../electron/ready-signal.js';
import { classifyExit, describeFailure, exitStatus, type Failure, missingRuntime, unrunnableRuntime } from './start/diagnose.js';
import { runtimeFacts } from './start/facts.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** The runtime's stderr lines kept to find why it failed. */
const TAIL_LINES = 40;
/** How long after the runtime's exit its last stderr lines may take to arrive. */
const STDERR_GRACE_MS = 500;
/**
 * POSIX: each child gets its own process group, so a terminal's Ctrl+C reaches it once, through
 * this process (Chromium takes a second SIGINT as "kill now"). Windows has no process groups to
 * speak of, and a detached child would get a console window of its own.
 */
const DETACH = process.platform !== 'win32';

const args = process.argv.slice(2);
const switches = args.filter((a) => a.startsWith('-'));
const named = args.filter((a) => !a.startsWith('-')).at(-1);
// npm runs scripts in the project folder; a file named on npm's command line is relative to where npm ran.
const file = named === undefined ? path.join(root, 'samples/sample.pcapng') : path.resolve(process.env.INIT_CWD ?? process.cwd(), named);

let child: ChildProcess | undefined;
let stopRequested = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
  process.on(signal, () => {
    stopRequested = true;
    child?.kill(signal);
  });

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

function serveInstead(failure: Failure): void {
  if (stopRequested) return;
  process.stderr.write(describeFailure(failure));
  const serve = spawn(process.execPath, ['bin/wirepool', 'serve', file], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: DETACH,
  });
  child = serve;
  serve.once('error', (e) => {
    process.stderr.write(`wirepool: serve mode could not start either: ${e.message}.\n`);
    process.exitCode = 1;
  });
  serve.once('exit', (code, signal) => {
    if (stopRequested) process.exitCode = code ?? 0;
    else if (code !== 0) {
      process.stderr.write(`wirepool: serve mode could not start either (${signal ?? `exit status ${code}`}; its message is above).\n`);
      process.exitCode = exitStatus(code, signal) || 1;
    }
  });
}

function startDesktop(electron: string): void {
  const app = spawn(electron, ['.', ...switches, file], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'pipe'],
    env: { ...process.env, [READY_ENV]: '1' },
    detached: DETACH,
  });
  child = app;
  let ready = false;
  const tail: string[] = [];
  const lines = createInterface({ input: app.stderr!, crlfDelay: Number.POSITIVE_INFINITY });
  lines.on('line', (line) => {
    if (line === READY_LINE) {
      ready = true;
      return;
    }
    process.stderr.write(`${line}\n`);
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
  });
  const stderrClosed = new Promise<void>((resolve) => lines.once('close', resolve));
  let ended = false;
  app.once('error', (e) => {
    if (ended) return;
    ended = true;
    serveInstead(unrunnableRuntime(electron, e.message));
  });
  app.once('exit', (code, signal) => {
    if (ended) return;
    ended = true;
    // Chromium's children may hold stderr open a little longer: wait for its last lines, briefly.
    const grace = new Promise<void>((resolve) => setTimeout(resolve, STDERR_GRACE_MS).unref());
    void Promise.race([stderrClosed, grace]).then(() => {
      app.stderr!.destroy();
      const outcome = classifyExit({ code, signal, stderrTail: tail, ready, stopRequested }, runtimeFacts(electron, switches));
      if (outcome.kind === 'failed') serveInstead(outcome);
      else {
        if (outcome.kind === 'crashed') process.stderr.write(`wirepool: the desktop app stopped: ${outcome.what}.\n`);
        process.exitCode = outcome.exitCode;
      }
    });
  });
}

const bin = electronBinary();
if ('missing' in bin) serveInstead(missingRuntime(bin.missing));
else startDesktop(bin.path);
