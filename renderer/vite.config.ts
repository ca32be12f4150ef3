import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

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
      return html
        .replace(/<script type="module" crossorigin src=/g, '<script defer src=')
        .replace(/<link rel="stylesheet" crossorigin href=/g, '<link rel="stylesheet" href=');
    },
  };
}

export default defineConfig({
  root,
  base: './',
  plugins: [react(), classicScript()],
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
