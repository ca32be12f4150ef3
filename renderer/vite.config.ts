import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * dissect → formats/index.ts also exports the file source and sink, which import node:fs.
 * The renderer never calls them; this stub keeps the bundle browser-only and fails loudly if
 * one ever is called.
 */
function nodeFsStub(): Plugin {
  const id = '\0wirepool-node-fs-stub';
  const names = ['closeSync', 'fstatSync', 'openSync', 'readSync', 'writeSync', 'fsyncSync'];
  return {
    name: 'wirepool-node-fs-stub',
    enforce: 'pre',
    resolveId(source) {
      return source === 'node:fs' || source === 'fs' ? id : null;
    },
    load(loaded) {
      if (loaded !== id) return null;
      const fail = 'function fail() { throw new Error("file I/O is not available in the renderer"); }';
      return `${fail}\n${names.map((n) => `export const ${n} = fail;`).join('\n')}\nexport default {};\n`;
    },
  };
}

/**
 * One classic deferred script instead of `<script type="module" crossorigin>`: module scripts
 * loaded from file:// (Electron's window) are subject to CORS with a null origin. The bundle
 * is a single IIFE, so nothing else changes; still no inline script.
 */
function classicScript(): Plugin {
  return {
    name: 'wirepool-classic-script',
    enforce: 'post',
    transformIndexHtml(html) {
      return html.replace(/<script type="module" crossorigin src=/g, '<script defer src=').replace(/<link rel="stylesheet" crossorigin href=/g, '<link rel="stylesheet" href=');
    },
  };
}

export default defineConfig({
  root,
  base: './',
  plugins: [nodeFsStub(), react(), classicScript()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // One JS file and one CSS file, loaded by <script type="module" src> (a strict CSP: no
    // inline scripts, no eval).
    modulePreload: { polyfill: false },
    rollupOptions: { output: { format: 'iife' } },
    cssCodeSplit: false,
    chunkSizeWarningLimit: 2048,
  },
});
