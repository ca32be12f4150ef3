/**
 * Every web-contents security setting of the app, in one place (after VS Code and Zui).
 * The renderer is sandboxed, isolated and Node-free; it loads only the app's own files
 * (the wirepool:// scheme) with a strict CSP, may not navigate, open windows, attach webviews
 * or ask for permissions.
 */
import { app, session, type WebContents, type WebPreferences } from 'electron';
import { fileURLToPath } from 'node:url';

export const APP_SCHEME = 'wirepool';
export const APP_ORIGIN = `${APP_SCHEME}://app`;

/** The page may load only itself; it talks to the host over its MessagePort, never the network. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** `devTools`: whether the window may open DevTools at all (devtools.ts: development only). */
export function webPreferences(preload: string, devTools: boolean): WebPreferences {
  return {
    preload,
    devTools,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    // A file dropped on the window becomes a navigation to its file:// URL, which
    // guardNavigation cancels and turns into an open (see onFileDrop).
    navigateOnDragDrop: true,
  };
}

/**
 * Cancels every navigation. A file:// navigation is what a drop of a file becomes: its path
 * goes to `onFileDrop`. This grants the page nothing new: it can already name any path in an
 * `open` message, and the open goes through the same validated path.
 */
export function guardNavigation(contents: WebContents, onFileDrop: (path: string) => void): void {
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    if (event.url.startsWith('file:')) {
      try {
        onFileDrop(fileURLToPath(event.url));
      } catch {
        // Not a local path (file://host/...): ignore.
      }
    }
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** App-wide rules: no permission is ever granted, no other web contents may do anything either. */
export function hardenApp(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_e, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}
