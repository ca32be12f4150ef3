import { describe, expect, it } from 'vitest';
import {
  classifyExit,
  describeFailure,
  exitStatus,
  type Failure,
  missingRuntime,
  type Outcome,
  type RuntimeExit,
  type RuntimeFacts,
} from '../../scripts/start/diagnose.js';

const ELECTRON = '/src/wirepool/node_modules/electron/dist/electron';
const HELPER = '/src/wirepool/node_modules/electron/dist/chrome-sandbox';

/** An Ubuntu 22.04 desktop: a display, a normal user, user namespaces allowed, the helper as npm leaves it. */
const desktop: RuntimeFacts = {
  platform: 'linux',
  electron: ELECTRON,
  display: 'DISPLAY=:0',
  root: false,
  noSandbox: false,
  sandboxHelper: { path: HELPER, uid: 1000, mode: 0o100755 },
  usernsBlocked: undefined,
};
/** Ubuntu 24.04: AppArmor restricts unprivileged user namespaces. */
const ubuntu2404: RuntimeFacts = { ...desktop, usernsBlocked: 'apparmor' };

const exit = (e: Partial<RuntimeExit>): RuntimeExit => ({
  code: null,
  signal: null,
  stderrTail: [],
  ready: false,
  stopRequested: false,
  ...e,
});
const SIGTRAP = exit({ signal: 'SIGTRAP' });

function failed(o: Outcome): Failure {
  if (o.kind !== 'failed') throw new Error(`expected a failure, got ${JSON.stringify(o)}`);
  return o;
}

describe('npm start: why the desktop runtime ended', () => {
  it('a runtime killed by a signal before its window opened failed to start, and falls back (electron#42510)', () => {
    // Before the fix only `signal === null` exits fell back: a SIGTRAP left no window, no fallback, status 0.
    const f = failed(classifyExit(SIGTRAP, ubuntu2404));
    expect(f.what).toBe('Electron was killed by SIGTRAP before its window opened');
    expect(f.cause).toBe('sandbox');
  });

  it("Ubuntu 24.04's AppArmor and an unconfigured chrome-sandbox: names both and gives the chown/chmod, the profile and --no-sandbox", () => {
    const tail = [
      "[12:34:56.789:FATAL:setuid_sandbox_host.cc(163)] The SUID sandbox helper binary was found, but is not configured correctly. Rather than run without sandboxing I'm aborting now.",
    ];
    const f = failed(classifyExit(exit({ signal: 'SIGTRAP', stderrTail: tail }), ubuntu2404));
    expect(f.cause).toBe('sandbox');
    expect(f.reason).toContain('kernel.apparmor_restrict_unprivileged_userns = 1');
    expect(f.reason).toContain(`${HELPER} must be owned by root with mode 4755 (it is owned by uid 1000, mode 0755)`);
    expect(f.fix[0]).toBe(
      `\`sudo chown root:root ${HELPER} && sudo chmod 4755 ${HELPER}\` (again after each \`npm ci\`, which replaces the file)`,
    );
    expect(f.fix[1]).toContain(`profile wirepool-electron "${ELECTRON}" flags=(unconfined) {\n    userns,\n  }`);
    expect(f.fix[1]).toContain('sudo apparmor_parser -r /etc/apparmor.d/wirepool-electron');
    expect(f.fix[2]).toMatch(/^`npm start -- --no-sandbox`: the trade-off is .*without Chromium's sandbox/);
  });

  it('infers the sandbox from the machine when stderr says nothing, but only when the helper is not ready', () => {
    expect(failed(classifyExit(SIGTRAP, ubuntu2404)).cause).toBe('sandbox');
    const helperOk: RuntimeFacts = { ...ubuntu2404, sandboxHelper: { path: HELPER, uid: 0, mode: 0o104755 } };
    expect(failed(classifyExit(SIGTRAP, helperOk)).cause).toBe('unknown');
    expect(failed(classifyExit(SIGTRAP, { ...ubuntu2404, noSandbox: true })).cause).toBe('unknown');
    expect(failed(classifyExit(SIGTRAP, desktop)).cause).toBe('unknown');
  });

  it('a kernel with user namespaces switched off gets the sysctl instead of the AppArmor profile', () => {
    const f = failed(
      classifyExit(exit({ signal: 'SIGTRAP', stderrTail: ['No usable sandbox! Update your kernel'] }), {
        ...desktop,
        usernsBlocked: 'sysctl',
      }),
    );
    expect(f.reason).toContain('kernel.unprivileged_userns_clone = 0');
    expect(f.fix.join('\n')).toContain('sudo sysctl -w kernel.unprivileged_userns_clone=1');
    expect(f.fix.join('\n')).not.toContain('apparmor');
  });

  it('a missing chrome-sandbox is named as missing', () => {
    const f = failed(classifyExit(SIGTRAP, { ...ubuntu2404, sandboxHelper: { path: HELPER, missing: true } }));
    expect(f.reason).toContain(`its setuid helper ${HELPER} is missing`);
    expect(f.fix[0]).toContain('npm run desktop:install');
  });

  it('root without --no-sandbox: run as your user, or --no-sandbox with its trade-off', () => {
    const tail = [
      '[0101/000000.000:FATAL:electron_main_delegate.cc(294)] Running as root without --no-sandbox is not supported. See https://crbug.com/638180.',
    ];
    const f = failed(classifyExit(exit({ signal: 'SIGTRAP', stderrTail: tail }), { ...desktop, root: true }));
    expect(f.cause).toBe('root');
    expect(f.fix[0]).toBe('run `npm start` as your own user, without sudo');
    expect(f.fix[1]).toContain('`npm start -- --no-sandbox`: the trade-off');
    // From the facts alone, too; with --no-sandbox, root is not the reason.
    expect(failed(classifyExit(SIGTRAP, { ...desktop, root: true })).cause).toBe('root');
    expect(failed(classifyExit(SIGTRAP, { ...desktop, root: true, noSandbox: true })).cause).toBe('unknown');
  });

  it('no display: says which variables are unset and how to set DISPLAY', () => {
    const f = failed(classifyExit(exit({ code: 1 }), { ...desktop, display: undefined }));
    expect(f.what).toBe('Electron exited with status 1 before its window opened');
    expect(f.cause).toBe('display');
    expect(f.reason).toBe('there is no display to open a window on ($DISPLAY and $WAYLAND_DISPLAY are unset)');
    expect(f.fix[0]).toContain('`DISPLAY=:0 npm start`');
    // A display that is set but cannot be opened, from Chromium's own line.
    const tail = ['[ERROR:ozone_platform_x11.cc(240)] Missing X server or $DISPLAY', 'The platform failed to initialize.  Exiting.'];
    const g = failed(classifyExit(exit({ signal: 'SIGTRAP', stderrTail: tail }), { ...desktop, display: 'DISPLAY=:7' }));
    expect(g.reason).toBe('there is no display to open a window on (DISPLAY=:7 could not be opened)');
  });

  it('a missing shared library is named, with how to find its package', () => {
    const tail = [
      'node_modules/electron/dist/electron: error while loading shared libraries: libnss3.so: cannot open shared object file: No such file or directory',
    ];
    const f = failed(classifyExit(exit({ code: 127, stderrTail: tail }), desktop));
    expect(f.cause).toBe('library');
    expect(f.reason).toBe('the runtime needs libnss3.so, which is not installed');
    expect(f.fix[0]).toContain('apt-file search libnss3.so');
  });

  it('stderr evidence wins over the facts (a missing library as root is still the library)', () => {
    const tail = ['electron: error while loading shared libraries: libgbm.so.1: cannot open shared object file'];
    expect(failed(classifyExit(exit({ code: 127, stderrTail: tail }), { ...ubuntu2404, root: true, display: undefined })).cause).toBe(
      'library',
    );
  });

  it('an unknown failure still falls back and says where to look; SIGTRAP is explained', () => {
    const f = failed(classifyExit(exit({ code: 3 }), desktop));
    expect(f.cause).toBe('unknown');
    expect(f.reason).toBe('it gave no reason Wirepool recognises (its last lines are above)');
    expect(f.fix[0]).toContain('npx electron . --enable-logging');
    expect(failed(classifyExit(SIGTRAP, desktop)).reason).toMatch(/^Chromium stopped itself \(SIGTRAP is how it aborts/);
  });

  it('status 0 before any window with a known complaint is a failure; without one it is a hand-off to the open window', () => {
    const tail = ['Missing X server or $DISPLAY'];
    const f = failed(classifyExit(exit({ code: 0, stderrTail: tail }), { ...desktop, display: undefined }));
    expect(f.what).toBe('Electron ended before its window opened');
    // The single-instance lock handed the file to a running window: nothing failed, even here.
    expect(classifyExit(exit({ code: 0 }), { ...ubuntu2404, display: undefined })).toEqual({ kind: 'done', exitCode: 0 });
  });

  it('after its window opened: a normal close is done, a signal or an error is a crash with no fallback', () => {
    expect(classifyExit(exit({ code: 0, ready: true }), desktop)).toEqual({ kind: 'done', exitCode: 0 });
    expect(classifyExit(exit({ signal: 'SIGSEGV', ready: true }), ubuntu2404)).toEqual({
      kind: 'crashed',
      what: 'Electron was killed by SIGSEGV after its window opened',
      exitCode: 139,
    });
    expect(classifyExit(exit({ code: 2, ready: true }), desktop)).toMatchObject({ kind: 'crashed', exitCode: 2 });
  });

  it('a stop the user asked for is never a failure, whatever the runtime died of', () => {
    expect(classifyExit(exit({ signal: 'SIGINT', stopRequested: true }), { ...ubuntu2404, display: undefined })).toEqual({
      kind: 'done',
      exitCode: 0,
    });
    expect(classifyExit(exit({ code: 1, stopRequested: true }), desktop)).toEqual({ kind: 'done', exitCode: 1 });
  });

  it('facts off Linux infer nothing', () => {
    const mac: RuntimeFacts = { ...ubuntu2404, platform: 'darwin', display: undefined, root: true, sandboxHelper: undefined };
    expect(failed(classifyExit(SIGTRAP, mac)).cause).toBe('unknown');
  });
});

describe('npm start: the failure message', () => {
  it('says what, why, the fixes (numbered when several, continuation lines indented) and that serve mode follows', () => {
    const text = describeFailure(failed(classifyExit(SIGTRAP, ubuntu2404)));
    const lines = text.split('\n');
    expect(lines[0]).toBe('wirepool: the desktop app did not start: Electron was killed by SIGTRAP before its window opened.');
    expect(lines[1]).toMatch(/^wirepool: why: Chromium's sandbox could not start: AppArmor forbids/);
    expect(lines[2]).toBe('wirepool: to fix it (any one of these):');
    expect(lines[3]).toMatch(/^ {2}1\. `sudo chown root:root /);
    expect(lines[4]).toBe('  2. let this Electron create user namespaces with an AppArmor profile, /etc/apparmor.d/wirepool-electron:');
    expect(lines[5]).toBe('         abi <abi/4.0>,');
    expect(text).toMatch(/\n {2}3\. `npm start -- --no-sandbox`/);
    expect(text.endsWith('wirepool: starting serve mode instead: open the URL below in a browser.\n')).toBe(true);
  });

  it('keeps the words the missing-runtime case always had, with one unnumbered fix', () => {
    const text = describeFailure(missingRuntime('Electron failed to install correctly'));
    expect(text).toContain('the Electron runtime is not available here (Electron failed to install correctly)');
    expect(text).toContain('wirepool: to fix it:\n  `npm run desktop:install`');
  });
});

describe('npm start: exit status', () => {
  it('is the code, or 128 + the signal number', () => {
    expect(exitStatus(0, null)).toBe(0);
    expect(exitStatus(2, null)).toBe(2);
    expect(exitStatus(null, 'SIGTRAP')).toBe(133);
    expect(exitStatus(null, 'SIGINT')).toBe(130);
  });
});
