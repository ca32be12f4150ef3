import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Where the CLI finds what ships beside it. Relative to this file's folder, dist/cli/, which is
// also the folder of the bundled CLI (scripts/bundle-cli.ts writes its chunks there): the same
// URLs hold compiled or bundled.

/** The samples that ship with Wirepool (the README's first command opens one). */
export const SAMPLES_DIR = fileURLToPath(new URL('../../samples', import.meta.url));
/** The built renderer that `wirepool serve` hands out. */
export const RENDERER_DIR = fileURLToPath(new URL('../renderer', import.meta.url));

/** Wirepool's version, from its package.json. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
