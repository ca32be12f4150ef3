/**
 * The renderer type-checks without Node's types. Two things it reaches through
 * native-bridge/dissect need a word here:
 * - dissect imports formatEpoch from formats/index.ts, whose file source and sink import
 *   node:fs. The renderer never opens files; vite.config.ts resolves node:fs to a stub that
 *   throws if called. (Asked the formats owner to let dissect reach formatEpoch without them.)
 * - tvb.ts sets Error.stackTraceLimit, a V8 extension Chromium has too.
 */
declare module 'node:fs';

interface ErrorConstructor {
  stackTraceLimit: number;
}

/** Stylesheets are bundled by Vite into one CSS file (a <link>, fine under a strict CSP). */
declare module '*.css';
