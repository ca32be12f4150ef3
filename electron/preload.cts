/**
 * The preload hands the page its MessagePort and nothing else (house rule 5): no contextBridge
 * API, no Node, no file paths. Sandboxed preloads are CommonJS, hence .cts.
 */
import electron = require('electron');

/** The page's window (this file is type-checked without the DOM library). */
declare const window: { postMessage(message: unknown, targetOrigin: string, transfer?: unknown[]): void };

const PORT_MESSAGE = 'wirepool:port';

electron.ipcRenderer.on(PORT_MESSAGE, (event) => {
  // The page's window gets the port in a 'message' event (see renderer/src/transport/electron.ts).
  window.postMessage(PORT_MESSAGE, '*', event.ports);
});
