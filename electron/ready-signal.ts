/**
 * How `npm start` (scripts/start.ts) learns that the desktop window came up. It sets READY_ENV
 * in the runtime's environment; main.ts then writes READY_LINE to stderr once, when the first
 * window is ready to show. A runtime that ends before that line did not start (its sandbox, its
 * display or its libraries failed), and the launcher falls back to serve mode; one that ends
 * after it crashed or was closed. No Electron import: the launcher imports this file too.
 */
export const READY_ENV = 'WIREPOOL_REPORT_READY';
export const READY_LINE = 'wirepool: desktop window ready';

/**
 * Takes the request out of `env` (the engine's helpers and anything else this process starts
 * must not inherit it) and returns what to call when the window is ready: writes READY_LINE
 * once if the launcher asked for it, else nothing.
 */
export function takeReadyReport(env: NodeJS.ProcessEnv, write: (line: string) => void): () => void {
  const wanted = env[READY_ENV] === '1';
  delete env[READY_ENV];
  let done = !wanted;
  return () => {
    if (done) return;
    done = true;
    write(`${READY_LINE}\n`);
  };
}
