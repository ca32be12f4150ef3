/**
 * Why the desktop runtime (Electron) ended, and what `npm start` does about it. No I/O: the
 * launcher (scripts/start.ts) passes how the process ended and the facts of this machine
 * (facts.ts reads them), and gets back one of
 *
 *   done     it ran and was closed, was stopped, or handed its file to a running window: exit
 *   crashed  it died after its window opened: say so, exit non-zero, no fallback (the user saw it)
 *   failed   it never opened a window: say why and how to fix it, then fall back to serve mode
 *
 * A runtime that never opened its window and ended on a signal (Chromium aborts start-up checks
 * with SIGTRAP), with a non-zero status, or with a known start-up failure on stderr, failed.
 */
import { constants } from 'node:os';

/** How the runtime process ended. */
export interface RuntimeExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Its last lines on stderr (Chromium's and Electron's own messages). */
  stderrTail: readonly string[];
  /** It reported that its window was up (electron/ready-signal.ts). */
  ready: boolean;
  /** The launcher was asked to stop (Ctrl+C, kill) and passed that on. */
  stopRequested: boolean;
}

/** The setuid sandbox helper next to the Electron executable (Linux). */
export type SandboxHelper = { path: string; missing: true } | { path: string; uid: number; mode: number };

/** What about this machine decides whether Chromium can start. */
export interface RuntimeFacts {
  platform: NodeJS.Platform;
  /** The Electron executable. */
  electron: string;
  /** `DISPLAY=…` or `WAYLAND_DISPLAY=…`, whichever is set, or undefined when neither is. */
  display: string | undefined;
  /** The effective user is root. */
  root: boolean;
  /** `--no-sandbox` is among the runtime's switches. */
  noSandbox: boolean;
  /** undefined off Linux. */
  sandboxHelper: SandboxHelper | undefined;
  /**
   * Unprivileged user namespaces (Chromium's first choice of sandbox) are refused: by AppArmor
   * (kernel.apparmor_restrict_unprivileged_userns = 1) or by the kernel (unprivileged_userns_clone = 0).
   */
  usernsBlocked: 'apparmor' | 'sysctl' | undefined;
}

export type FailureCause = 'missing' | 'unrunnable' | 'library' | 'root' | 'sandbox' | 'display' | 'unknown';

export interface Failure {
  kind: 'failed';
  cause: FailureCause;
  /** How the runtime ended ("Electron was killed by SIGTRAP before its window opened"). */
  what: string;
  /** Why, as far as the evidence goes. */
  reason: string;
  /** Ways to fix it, best first; each may run over several lines. */
  fix: string[];
}

export type Outcome = { kind: 'done'; exitCode: number } | { kind: 'crashed'; what: string; exitCode: number } | Failure;

/** The shell's status for a process that ended so: its code, or 128 + the signal's number. */
export function exitStatus(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  return 128 + (signal === null ? 0 : (constants.signals[signal] ?? 0));
}

export function classifyExit(exit: RuntimeExit, facts: RuntimeFacts): Outcome {
  if (exit.stopRequested) return { kind: 'done', exitCode: exit.code ?? 0 };
  const ended = exit.signal !== null ? `was killed by ${exit.signal}` : `exited with status ${exit.code}`;
  const failed = exit.code !== 0 || exit.signal !== null;
  if (exit.ready)
    return failed
      ? { kind: 'crashed', what: `Electron ${ended} after its window opened`, exitCode: exitStatus(exit.code, exit.signal) }
      : { kind: 'done', exitCode: 0 };
  const evidence = fromStderr(exit.stderrTail);
  // Status 0 before any window and no complaint: the single-instance lock handed the file to a
  // window that was already open. (The facts alone never turn a status 0 into a failure.)
  if (!failed && evidence === undefined) return { kind: 'done', exitCode: 0 };
  const cause = evidence ?? fromFacts(facts) ?? 'unknown';
  const what = failed ? `Electron ${ended} before its window opened` : 'Electron ended before its window opened';
  return { kind: 'failed', cause, what, ...explain(cause, exit, facts) };
}

/** The runtime could not be found (`require('electron')` failed or named no file). */
export function missingRuntime(why: string): Failure {
  return {
    kind: 'failed',
    cause: 'missing',
    what: `the Electron runtime is not available here (${why})`,
    reason: 'its download failed or was skipped during `npm ci`',
    fix: ['`npm run desktop:install` where the Electron download works (ELECTRON_MIRROR=<url> names a mirror)'],
  };
}

/** The runtime's executable could not be run at all (spawn failed: EACCES, ENOENT, ENOEXEC…). */
export function unrunnableRuntime(electron: string, error: string): Failure {
  return {
    kind: 'failed',
    cause: 'unrunnable',
    what: `cannot run ${electron}: ${error}`,
    reason: 'the Electron executable is missing, not executable, or built for another system',
    fix: ['reinstall it: `npm run desktop:install` (or `rm -rf node_modules/electron && npm ci`)'],
  };
}

/** The text `npm start` prints before it falls back to serve mode. */
export function describeFailure(f: Failure): string {
  const fixes = f.fix.map((fix, i) => `  ${f.fix.length > 1 ? `${i + 1}. ` : ''}${fix.replaceAll('\n', '\n       ')}`);
  return [
    `wirepool: the desktop app did not start: ${f.what}.`,
    `wirepool: why: ${f.reason}.`,
    `wirepool: to fix it${f.fix.length > 1 ? ' (any one of these)' : ''}:`,
    ...fixes,
    'wirepool: starting serve mode instead: open the URL below in a browser.',
    '',
  ].join('\n');
}

const LIBRARY = /error while loading shared libraries: ([^\s:]+)/;
const STDERR_CAUSES: readonly [FailureCause, RegExp][] = [
  ['library', LIBRARY],
  ['root', /Running as root without --no-sandbox is not supported/],
  ['sandbox', /SUID sandbox helper binary was found, but is not configured correctly|No usable sandbox/],
  ['display', /Missing X server or \$DISPLAY|platform failed to initialize|cannot open display/i],
];

function fromStderr(tail: readonly string[]): FailureCause | undefined {
  for (const [cause, pattern] of STDERR_CAUSES) if (tail.some((l) => pattern.test(l))) return cause;
  return undefined;
}

/** When stderr names no cause: what on this machine is sure to stop Chromium. */
function fromFacts(facts: RuntimeFacts): FailureCause | undefined {
  if (facts.platform !== 'linux') return undefined;
  if (facts.display === undefined) return 'display';
  if (facts.root && !facts.noSandbox) return 'root';
  if (facts.usernsBlocked !== undefined && !facts.noSandbox && !helperReady(facts.sandboxHelper)) return 'sandbox';
  return undefined;
}

/** Root-owned and setuid with mode 4755: what Chromium checks before it uses the helper. */
function helperReady(h: SandboxHelper | undefined): boolean {
  return h !== undefined && !('missing' in h) && h.uid === 0 && (h.mode & 0o7777) === 0o4755;
}

const NO_SANDBOX_TRADE_OFF =
  "`npm start -- --no-sandbox`: the trade-off is that the page then runs without Chromium's sandbox, so a bug in it (or in a capture that exploits one) gets your rights";

function explain(cause: FailureCause, exit: RuntimeExit, facts: RuntimeFacts): { reason: string; fix: string[] } {
  switch (cause) {
    case 'library': {
      const lib = exit.stderrTail.map((l) => LIBRARY.exec(l)?.[1]).find((x) => x !== undefined) ?? 'a shared library';
      return {
        reason: `the runtime needs ${lib}, which is not installed`,
        fix: [
          `install it: \`apt-file search ${lib}\` names the Debian/Ubuntu package (Electron commonly needs libnss3, libatk-bridge2.0-0, libgtk-3-0, libgbm1 and libasound2)`,
        ],
      };
    }
    case 'root':
      return {
        reason: 'Chromium refuses to run as root with its sandbox on (a root shell, or `sudo npm start`)',
        fix: ['run `npm start` as your own user, without sudo', `only if it must run as root: ${NO_SANDBOX_TRADE_OFF}`],
      };
    case 'sandbox':
      return sandbox(facts);
    case 'display': {
      const set = facts.display === undefined ? '$DISPLAY and $WAYLAND_DISPLAY are unset' : `${facts.display} could not be opened`;
      return {
        reason: `there is no display to open a window on (${set})`,
        fix: [
          'run it from a terminal inside your desktop session, or point it at that display: `DISPLAY=:0 npm start` (X11) or set WAYLAND_DISPLAY (Wayland)',
          'over SSH, `ssh -X` forwards a display; on a machine with none, `xvfb-run npm start` gives it a virtual one, or use serve mode (below) from a browser elsewhere',
        ],
      };
    }
    default:
      return {
        reason: `${exit.signal === 'SIGTRAP' ? 'Chromium stopped itself (SIGTRAP is how it aborts when a start-up check fails) and' : 'it'} gave no reason Wirepool recognises (its last lines are above)`,
        fix: ['run it by hand to see all it says: `npx electron . --enable-logging`, and report those lines'],
      };
  }
}

function sandbox(facts: RuntimeFacts): { reason: string; fix: string[] } {
  const h = facts.sandboxHelper;
  const helperPath = h?.path ?? 'node_modules/electron/dist/chrome-sandbox';
  const helperState =
    h === undefined
      ? `its setuid helper ${helperPath} is not set up`
      : 'missing' in h
        ? `its setuid helper ${helperPath} is missing`
        : helperReady(h)
          ? `its setuid helper ${helperPath} looks right`
          : `its setuid helper ${helperPath} must be owned by root with mode 4755 (it is owned by uid ${h.uid}, mode ${(h.mode & 0o7777).toString(8).padStart(4, '0')})`;
  const blocked =
    facts.usernsBlocked === 'apparmor'
      ? 'AppArmor forbids unprivileged user namespaces here (kernel.apparmor_restrict_unprivileged_userns = 1, the default since Ubuntu 24.04; electron#42510)'
      : facts.usernsBlocked === 'sysctl'
        ? 'this kernel has unprivileged user namespaces switched off (kernel.unprivileged_userns_clone = 0)'
        : 'Chromium could not create a user namespace for it';
  const fix = [
    h !== undefined && 'missing' in h
      ? 'put the helper back with `npm run desktop:install`, then give it to root: the next fix'
      : `\`sudo chown root:root ${helperPath} && sudo chmod 4755 ${helperPath}\` (again after each \`npm ci\`, which replaces the file)`,
  ];
  if (facts.usernsBlocked === 'apparmor')
    fix.push(
      [
        'let this Electron create user namespaces with an AppArmor profile, /etc/apparmor.d/wirepool-electron:',
        '  abi <abi/4.0>,',
        '  include <tunables/global>',
        `  profile wirepool-electron "${facts.electron}" flags=(unconfined) {`,
        '    userns,',
        '  }',
        'then `sudo apparmor_parser -r /etc/apparmor.d/wirepool-electron`',
      ].join('\n'),
    );
  else if (facts.usernsBlocked === 'sysctl') fix.push('allow user namespaces: `sudo sysctl -w kernel.unprivileged_userns_clone=1`');
  fix.push(NO_SANDBOX_TRADE_OFF);
  return { reason: `Chromium's sandbox could not start: ${blocked}, and ${helperState}`, fix };
}
