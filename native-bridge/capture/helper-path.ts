import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The capture helper's file name, built by cap's binding.gyp next to cap.node (POSIX only). */
export const HELPER_NAME = 'wirepool-capture-helper';

const require = createRequire(import.meta.url);

export const HELPER_BUILD =
  'install the libpcap headers and rebuild cap, which builds the helper: `apt-get install libpcap-dev && rm -rf node_modules/cap && npm install` (see vendor/cap/WIREPOOL.md)';

/** The folder cap's build puts its addon and the capture helper in; undefined when `id` is not installed. */
export function capReleaseDir(id = 'cap'): string | undefined {
  try {
    return path.join(path.dirname(require.resolve(id)), '..', 'build', 'Release');
  } catch {
    return undefined;
  }
}

/**
 * Where the helper should be: WIREPOOL_CAPTURE_HELPER when set (a path), else
 * node_modules/cap/build/Release/wirepool-capture-helper beside cap's addon. Undefined when cap
 * is not installed (or on Windows, where there is no helper).
 */
function expectedHelperPath(): string | undefined {
  const override = process.env.WIREPOOL_CAPTURE_HELPER;
  if (override !== undefined && override !== '') return path.resolve(override);
  if (process.platform === 'win32') return undefined;
  const dir = capReleaseDir();
  // In the packaged app cap lives in app.asar, and the helper, which must be run, in the unpacked
  // copy beside it (electron-builder.yml's asarUnpack).
  return dir && path.join(dir, HELPER_NAME).replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
}

/** The capture helper's absolute path, or undefined when it is not there (not built, no cap, Windows). */
export function helperPath(): string | undefined {
  const p = expectedHelperPath();
  return p !== undefined && existsSync(p) ? p : undefined;
}

/**
 * The command that gives the helper (and nothing else) the right to capture; a Node process is
 * also told it may run as root (Electron never: as root it needs --no-sandbox).
 */
export function helperRightsFix(helper: string): string {
  const setcap = `give the capture helper the right to capture once: \`sudo setcap cap_net_raw,cap_net_admin=eip ${helper}\` (or run it through pkexec/sudo)`;
  return process.versions.electron === undefined ? `run as root, or ${setcap}` : setcap;
}

/** The interface the availability check opens: loopback, which every machine has. */
function loopback(): string {
  return process.platform === 'linux' ? 'lo' : 'lo0';
}

export interface HelperAvailability {
  available: boolean;
  /** Why not, when not available. */
  reason?: string;
  /** How to fix it, when not available. */
  fix?: string;
}

/**
 * Whether the capture helper can capture here, for a process without rights of its own.
 *
 * The check runs the helper once: `wirepool-capture-helper --check lo` opens loopback with
 * pcap_activate (a 64 KiB buffer) and closes it, exit 0 when it may capture, 3 when libpcap said
 * "permission denied". That is the one honest test, and cheap (a few ms): reading the file's
 * `security.capability` xattr (or `getcap`) would say what the file carries, not whether the
 * kernel grants it (a nosuid mount ignores file capabilities; an LSM or a container's bounding
 * set may refuse them), and it misses root. It is synchronous (spawnSync, 5 s at most).
 */
export function helperAvailability(iface: string = loopback()): HelperAvailability {
  const expected = expectedHelperPath();
  if (expected === undefined) {
    if (process.platform === 'win32')
      return {
        available: false,
        reason: 'there is no capture helper on Windows',
        fix: 'capture in-process (Npcap decides who may capture)',
      };
    return { available: false, reason: 'the capture helper is not installed: the `cap` package is missing', fix: HELPER_BUILD };
  }
  if (!existsSync(expected)) return { available: false, reason: `the capture helper was not built (no ${expected})`, fix: HELPER_BUILD };
  try {
    accessSync(expected, constants.X_OK);
  } catch {
    return { available: false, reason: `the capture helper ${expected} is not executable by this user`, fix: `\`chmod 755 ${expected}\`` };
  }
  const r = spawnSync(expected, ['--check', iface], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'ignore', 'pipe'] });
  const said = (r.stderr ?? '').trim().split('\n').at(-1) ?? '';
  if (r.error !== undefined)
    return { available: false, reason: `the capture helper ${expected} could not run: ${r.error.message}`, fix: HELPER_BUILD };
  if (r.status === 0) return { available: true };
  if (r.status === 3)
    return { available: false, reason: `the capture helper ${expected} may not capture (${said})`, fix: helperRightsFix(expected) };
  return {
    available: false,
    reason: `the capture helper ${expected} could not open ${iface}: ${said || `exit ${String(r.status ?? r.signal)}`}`,
    fix: 'check that libpcap is installed and the interface exists (`ip link`)',
  };
}
