/**
 * The layering rules (house rules 1 and 4 in ../shared/STYLE.md), checked by `npm run lint`
 * and proven to bite by test/layers.test.ts.
 *
 * - A runtime-free stage runs in the renderer and in workers as well as in Node: it imports no
 *   Node module, no npm package and only other runtime-free stages. Since every file it can
 *   reach is held to the same rule, its whole import closure is free of Node.
 * - A stage reaches another only through that stage's index.ts (its public face);
 *   common/errors.ts is the one shared exception (every stage's errors extend it).
 * - native-bridge never imports the CLI or the apps; the renderer imports only the browser
 *   packages it bundles, its own files and the runtime-free stages' index.ts.
 * - No import circles, no import that resolves to nothing.
 *
 * Two rules need what dependency-cruiser cannot see, so they live in biome.json: no Node
 * globals (Buffer, process…) in runtime-free code, and the preload (a .cts file, which
 * dependency-cruiser reads only with the TypeScript 5 API) imports electron and nothing else.
 */

// dependency-cruiser parses TypeScript with swc here (its other TypeScript parser needs the
// TypeScript 5 API, which TypeScript 7 no longer ships), but it asks swc for plain TypeScript even
// in a .tsx file (a known gap: "TODO: {tj}sx ?" in its swc/parse.mjs). Ask for TSX there.
const swc = require('@swc/core');
const parseFileSync = swc.parseFileSync;
swc.parseFileSync = (file, options) => parseFileSync(file, { ...options, tsx: String(file).endsWith('.tsx') });

/** Stages that must run in any JavaScript runtime (the renderer bundles them). */
const RUNTIME_FREE = ['common', 'pool', 'batch', 'dissect', 'filter', 'protocol', 'craft'];
const runtimeFree = `^native-bridge/(${RUNTIME_FREE.join('|')})/`;
/**
 * npm packages a runtime-free stage may import: pure JavaScript over typed arrays, no Node and no
 * DOM (fflate: the deflate/gzip decoder HTTP bodies need), synchronous as dissection is. Brotli
 * is not among them: the host passes its decoder in (native-bridge/codecs).
 */
const RUNTIME_FREE_PACKAGES = ['fflate', '@noble/ciphers', '@noble/hashes'];
/** What the renderer may bundle from npm. */
const RENDERER_PACKAGES = ['react', 'react-dom', 'zustand', 'recharts', '@tanstack/react-virtual'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'runtime-free-imports-node',
      comment: 'A runtime-free stage imports nothing Node-specific (node:* or any npm package).',
      severity: 'error',
      from: { path: runtimeFree },
      to: {
        dependencyTypesNot: ['local', 'type-only'],
        couldNotResolve: false,
        pathNot: `(^|/)node_modules/(${RUNTIME_FREE_PACKAGES.join('|')})/`,
      },
    },
    {
      name: 'runtime-free-imports-runtime-stage',
      comment: 'A runtime-free stage imports only other runtime-free stages, so its import closure stays free of Node.',
      severity: 'error',
      from: { path: runtimeFree },
      to: { dependencyTypes: ['local'], pathNot: runtimeFree },
    },
    {
      name: 'stage-private-import',
      comment: 'A stage reaches another stage only through its index.ts (common/errors.ts excepted).',
      severity: 'error',
      from: { path: '^native-bridge/([^/]+)/' },
      to: {
        path: '^native-bridge/[^/]+/',
        pathNot: ['^native-bridge/$1/', '^native-bridge/[^/]+/index\\.ts$', '^native-bridge/common/errors\\.ts$'],
      },
    },
    {
      name: 'app-reaches-stage-insides',
      comment: 'The CLI, the apps, benches and scripts reach a stage only through its index.ts (common/errors.ts excepted).',
      severity: 'error',
      from: { path: '^(cli|electron|renderer|bench|scripts)/' },
      to: { path: '^native-bridge/[^/]+/', pathNot: ['^native-bridge/[^/]+/index\\.ts$', '^native-bridge/common/errors\\.ts$'] },
    },
    {
      name: 'engine-imports-app',
      comment: 'native-bridge never imports the CLI or the apps.',
      severity: 'error',
      from: { path: '^native-bridge/' },
      to: { path: '^(cli|electron|renderer|bench|scripts|test)/' },
    },
    {
      name: 'renderer-imports-runtime',
      comment: 'The renderer runs in a browser: browser packages, its own files and runtime-free stages only.',
      severity: 'error',
      from: { path: '^renderer/src/' },
      to: {
        pathNot: ['^renderer/src/', runtimeFree, `(^|/)node_modules/(${RENDERER_PACKAGES.map((p) => p.replace('/', '\\/')).join('|')})/`],
      },
    },
    {
      name: 'no-circular',
      comment: 'Import circles make load order matter and stages hard to move.',
      severity: 'error',
      from: {},
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'not-resolvable',
      comment: 'An import that resolves to nothing is a typo or a missing dependency.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    parser: 'swc',
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '^(dist|node_modules|vendor)/' },
    doNotFollow: { path: '(^|/)node_modules/' },
    moduleSystems: ['es6', 'cjs'],
  },
};
