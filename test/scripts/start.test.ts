/**
 * `npm start` (dist/scripts/start.js) against a stand-in for the Electron executable: a shell
 * script put where electron's own ELECTRON_OVERRIDE_DIST_PATH says the runtime is. It records
 * how it was launched and then ends as the real runtime does when Chromium aborts at start
 * (SIGTRAP, with Chromium's line on stderr), after its window opened, or at once with status 0.
 * This tests the launcher's handling of each ending, not Electron (which cannot run here).
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { READY_ENV, READY_LINE } from '../../electron/ready-signal.js';
import { ROOT } from '../helpers/corpus.js';

const STAND_IN = `#!/bin/sh
ulimit -c 0
printf '%s\\n' "$PWD" "$${READY_ENV}" "$@" > "$STAND_IN_LOG"
case "$STAND_IN" in
  sandbox)
    echo "[1:FATAL:setuid_sandbox_host.cc(163)] The SUID sandbox helper binary was found, but is not configured correctly." >&2
    kill -TRAP $$ ;;
  trap) kill -TRAP $$ ;;
  closed) echo "${READY_LINE}" >&2; echo "a line of its own" >&2; exit 0 ;;
  crash) echo "${READY_LINE}" >&2; kill -SEGV $$ ;;
  handoff) exit 0 ;;
esac
`;

/** Where electron's index.js looks under ELECTRON_OVERRIDE_DIST_PATH: its path.txt, once installed. */
const pathTxt = path.join(ROOT, 'node_modules/electron/path.txt');
const EXECUTABLE = existsSync(pathTxt) ? readFileSync(pathTxt, 'utf8') : 'electron';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The stand-in's working directory, the ready request and its arguments, one a line. */
  launched: string[];
}

/** Runs `node dist/scripts/start.js ARGS` with the stand-in behaving as `mode`; `onUrl` runs once serve prints its URL. */
function start(
  mode: string,
  args: string[] = [],
  onUrl?: (url: string, stop: () => void) => Promise<void>,
  env: NodeJS.ProcessEnv = {},
): Promise<Run> {
  const dir = mkdtempSync(path.join(tmpdir(), 'wirepool-start-'));
  const standIn = path.join(dir, EXECUTABLE);
  mkdirSync(path.dirname(standIn), { recursive: true });
  writeFileSync(standIn, STAND_IN);
  chmodSync(standIn, 0o755);
  writeFileSync(path.join(path.dirname(standIn), 'chrome-sandbox'), '');
  chmodSync(path.join(path.dirname(standIn), 'chrome-sandbox'), 0o755);
  const child = spawn(process.execPath, ['dist/scripts/start.js', ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      ELECTRON_OVERRIDE_DIST_PATH: dir,
      STAND_IN: mode,
      STAND_IN_LOG: path.join(dir, 'launched.txt'),
      DISPLAY: ':0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let served: Promise<void> | undefined;
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    const m = /serving on (http:\/\/\S+)/.exec(stdout);
    if (m && onUrl && !served) served = onUrl(m[1]!, () => child.kill('SIGINT'));
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      void (served ?? Promise.resolve()).then(() => {
        let launched: string[] = [];
        try {
          launched = readFileSync(path.join(dir, 'launched.txt'), 'utf8').trimEnd().split('\n');
        } catch {
          // never launched
        }
        rmSync(dir, { recursive: true, force: true });
        resolve({ code, stdout, stderr, launched });
      }, reject);
    });
  });
}

// The stand-in is a shell script that ends on POSIX signals.
describe.skipIf(process.platform === 'win32')('npm start with a desktop runtime that ends in each way', () => {
  it('launches `electron .` in the project folder on the sample, asking to hear when the window is up', async () => {
    const run = await start('handoff', ['--no-sandbox']);
    expect(run.launched).toEqual([ROOT.replace(/\/$/, ''), '1', '.', '--no-sandbox', path.join(ROOT, 'samples/sample.pcapng')]);
  });

  it('Chromium aborting at start (SIGTRAP, the sandbox line): says why with the fix, falls back to serve, which answers', async () => {
    let status = 0;
    const run = await start('sandbox', [], async (url, stop) => {
      status = (await fetch(url)).status;
      stop();
    });
    expect(status).toBe(200);
    expect(run.stderr).toContain('wirepool: the desktop app did not start: Electron was killed by SIGTRAP before its window opened.');
    expect(run.stderr).toContain("wirepool: why: Chromium's sandbox could not start");
    expect(run.stderr).toMatch(/sudo chown root:root \S+\/chrome-sandbox && sudo chmod 4755 \S+\/chrome-sandbox/);
    expect(run.stderr).toContain('`npm start -- --no-sandbox`: the trade-off');
    expect(run.stderr).toContain('starting serve mode instead');
    // The runtime's own line is passed on to the user.
    expect(run.stderr).toContain('The SUID sandbox helper binary was found, but is not configured correctly.');
    expect(run.code).toBe(0);
  });

  it('exits non-zero when the runtime died on a signal and serve mode cannot run either', async () => {
    const run = await start('trap', ['no-such-capture.pcapng']);
    expect(run.stderr).toContain('Electron was killed by SIGTRAP before its window opened');
    expect(run.stderr).toContain('is not a capture file (no such file)');
    expect(run.stderr).toContain('wirepool: serve mode could not start either (exit status 2; its message is above).');
    expect(run.code).toBe(2);
  });

  it('a window that opened and was closed: exits 0, no fallback, the ready line kept out of the output', async () => {
    const run = await start('closed');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('a line of its own\n');
    expect(run.stdout).toBe('');
  });

  it('a crash after the window opened: says so and exits 128 + the signal, no fallback', async () => {
    const run = await start('crash');
    expect(run.stderr).toBe('wirepool: the desktop app stopped: Electron was killed by SIGSEGV after its window opened.\n');
    expect(run.code).toBe(139);
    expect(run.stdout).not.toContain('serving on');
  });

  it('status 0 before any window (the file went to a window already open): exits 0, no fallback', async () => {
    const run = await start('handoff');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });

  it('a file named on the command line is resolved against the folder npm ran in', async () => {
    const there = mkdtempSync(path.join(tmpdir(), 'wirepool-npm-cwd-'));
    const run = await start('handoff', ['x.pcapng'], undefined, { INIT_CWD: there });
    expect(run.launched.at(-1)).toBe(path.join(there, 'x.pcapng'));
    rmSync(there, { recursive: true });
  });
});
