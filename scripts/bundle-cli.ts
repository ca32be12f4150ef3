/**
 * Bundles the compiled CLI (dist/cli/main.js and what it imports) into dist/cli/wirepool.js and
 * one chunk per command group beside it (each command's modules load when it runs, as in the
 * compiled tree). A short command spent most of its time in Node's module loader, resolving and
 * reading ~100–150 files; bundled, it reads a handful. The chunks sit in dist/cli/ beside
 * main.js, so URLs relative to the CLI's files (cli/paths.ts) and the engine worker's
 * (dist/native-bridge/engine/worker.js, which stays unbundled: a worker loads its own file)
 * resolve the same. Runs after `tsc` in `npm run build`; bin/wirepool runs the bundle.
 */
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = path.join(root, 'dist/cli');
export const BUNDLE_PREFIX = 'wirepool';

// The chunks of an earlier build (their names carry content hashes).
for (const f of readdirSync(out)) if (f.startsWith(`${BUNDLE_PREFIX}.`) || f.startsWith(`${BUNDLE_PREFIX}-`)) rmSync(path.join(out, f));

const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
};
// Packages stay packages (cap is a native addon, found through node_modules as before).
const packages = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {}), 'cap'];

await build({
  input: { [BUNDLE_PREFIX]: path.join(out, 'main.js') },
  platform: 'node',
  logLevel: 'warn',
  external: (id) => id.startsWith('node:') || packages.some((p) => id === p || id.startsWith(`${p}/`)),
  output: {
    dir: out,
    format: 'esm',
    entryFileNames: '[name].js',
    chunkFileNames: `${BUNDLE_PREFIX}-[name]-[hash].js`,
  },
});
