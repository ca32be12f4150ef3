/**
 * The built renderer (dist/renderer) as static files, with content types, a strict
 * Content-Security-Policy and no path ever leaving the root.
 */
import { createReadStream, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { contentType } from '../../native-bridge/host/index.js';

export { resolveStatic } from '../../native-bridge/host/index.js';

/**
 * The policy for the page of a server reachable at `hostPort`. Scripts only from this server
 * (no inline script, no eval); the socket only to this server. Inline styles stay allowed:
 * React and the charts set style attributes.
 */
export function contentSecurityPolicy(hostPort: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ws://${hostPort}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers every response carries (the token is in the URL: no referrer may leak it). */
export function securityHeaders(hostPort: string): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(hostPort),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

export function sendFile(res: ServerResponse, file: string, head: boolean, headers: Record<string, string>): void {
  const type = contentType(file);
  res.writeHead(200, { ...headers, 'Content-Type': type, 'Content-Length': String(statSync(file).size), 'Cache-Control': 'no-store' });
  if (head) {
    res.end();
    return;
  }
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}
