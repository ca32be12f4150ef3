/**
 * The wirepool:// scheme: the built renderer's files (dist/renderer) with the app's CSP as a
 * header. Standard and secure, so the page gets an origin of its own instead of file://.
 */
import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { contentType, resolveStatic } from '../native-bridge/host/index.js';
import { APP_SCHEME, CONTENT_SECURITY_POLICY } from './security.js';

/** Before app 'ready'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false } }]);
}

/** After app 'ready'. */
export function serveRenderer(root: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'app' ? resolveStatic(root, url.pathname) : undefined;
    if (file === undefined) return new Response('not found', { status: 404 });
    return new Response(await readFile(file), {
      headers: {
        'Content-Type': contentType(file),
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}
