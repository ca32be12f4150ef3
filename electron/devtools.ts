/**
 * Whether the window may open Chromium's DevTools: in development (not packaged), not in a
 * packaged app. WIREPOOL_DEVTOOLS=1 turns them on in a packaged app (to debug a user's
 * install), WIREPOOL_DEVTOOLS=0 off in development (to see what users get).
 */
export const DEVTOOLS_ENV = 'WIREPOOL_DEVTOOLS';

export function devToolsEnabled(packaged: boolean, env: NodeJS.ProcessEnv): boolean {
  const asked = env[DEVTOOLS_ENV];
  if (asked === '1') return true;
  if (asked === '0') return false;
  return !packaged;
}
