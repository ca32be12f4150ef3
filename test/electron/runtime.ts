/**
 * Whether the Electron runtime can run here, for the tests that need the real one (they are
 * skipped, saying why, where it cannot: its download fails without a network, and a headless
 * Linux machine has no display for its window).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/** How to get what is missing, printed with every skip. */
export const HOW_TO_RUN =
  'where the Electron download works: `npm run desktop:install`, then (on Linux without a desktop, under `xvfb-run -a`) `npx vitest run test/electron`';

/**
 * The Electron executable, as the `electron` package names it (`require('electron')` is its
 * path), or why there is none: the package throws when its postinstall download never ran.
 */
export function electronExecutable(): { path: string } | { missing: string } {
  try {
    const p = createRequire(import.meta.url)('electron') as unknown;
    if (typeof p !== 'string') return { missing: 'the electron package did not name an executable' };
    return existsSync(p) ? { path: p } : { missing: `the Electron runtime is not installed (no ${p})` };
  } catch (e) {
    return { missing: `the Electron runtime is not installed (the electron package says: ${(e as Error).message.split('\n')[0]})` };
  }
}

/** Why a window cannot open here, or undefined: Linux needs an X or Wayland display. */
export function displayProblem(): string | undefined {
  if (process.platform !== 'linux' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return undefined;
  return 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)';
}

/**
 * Chromium refuses to run as root with its sandbox on: a root CI container needs --no-sandbox.
 * Anywhere else the app keeps its sandbox.
 */
export function sandboxArgs(): string[] {
  return process.getuid?.() === 0 ? ['--no-sandbox'] : [];
}

/** Why the suite `name` cannot run here (printed, so a skip is never silent), or undefined. */
export function skipReason(name: string, extra?: string): string | undefined {
  const exe = electronExecutable();
  const why = 'missing' in exe ? exe.missing : (displayProblem() ?? extra);
  if (why === undefined) return undefined;
  console.warn(`${name}: skipped: ${why}. To run it ${HOW_TO_RUN}.`);
  return why;
}
