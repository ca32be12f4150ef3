/**
 * The renderer type-checks without Node's types. One thing it reaches through
 * native-bridge/dissect needs a word here: tvb.ts sets Error.stackTraceLimit, a V8 extension
 * Chromium has too.
 */
interface ErrorConstructor {
  stackTraceLimit: number;
}

/** Stylesheets are bundled by Vite into one CSS file (a <link>, fine under a strict CSP). */
declare module '*.css';
