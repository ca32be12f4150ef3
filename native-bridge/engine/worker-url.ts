import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The worker's entry, for EngineThread. Compiled, it sits next to thread.js in dist/. When
 * thread.ts runs from the TypeScript sources (vitest), there is no worker.js beside it: the
 * build's is used, so `npm run build` must have run (npm test does).
 */
export function workerUrl(): URL {
  const beside = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(beside))) return beside;
  return new URL('../../dist/native-bridge/engine/worker.js', import.meta.url);
}
