/**
 * Reads the facts of this machine that decide whether Chromium can start (diagnose.ts weighs
 * them): the display, the user, the `--no-sandbox` switch, the setuid sandbox helper and
 * whether unprivileged user namespaces are allowed.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { RuntimeFacts, SandboxHelper } from './diagnose.js';

export function runtimeFacts(electron: string, switches: readonly string[], env: NodeJS.ProcessEnv = process.env): RuntimeFacts {
  const linux = process.platform === 'linux';
  return {
    platform: process.platform,
    electron,
    display: env.DISPLAY ? `DISPLAY=${env.DISPLAY}` : env.WAYLAND_DISPLAY ? `WAYLAND_DISPLAY=${env.WAYLAND_DISPLAY}` : undefined,
    root: process.getuid?.() === 0,
    noSandbox: switches.includes('--no-sandbox'),
    sandboxHelper: linux ? sandboxHelper(path.join(path.dirname(electron), 'chrome-sandbox')) : undefined,
    usernsBlocked: !linux
      ? undefined
      : sysctl('kernel/apparmor_restrict_unprivileged_userns') === '1'
        ? 'apparmor'
        : sysctl('kernel/unprivileged_userns_clone') === '0'
          ? 'sysctl'
          : undefined,
  };
}

function sandboxHelper(file: string): SandboxHelper {
  try {
    const s = statSync(file);
    return { path: file, uid: s.uid, mode: s.mode };
  } catch {
    return { path: file, missing: true };
  }
}

/** A /proc/sys value, or undefined where this kernel has no such setting. */
function sysctl(name: string): string | undefined {
  try {
    return readFileSync(`/proc/sys/${name}`, 'utf8').trim();
  } catch {
    return undefined;
  }
}
