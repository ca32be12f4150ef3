/**
 * Who may talk to `wirepool serve`: a request must carry the server's token (query `token`, or
 * the cookie the page got with it), name this server in its Host header (DNS rebinding: a
 * foreign name resolving to 127.0.0.1 is refused), and come from this server's own origin when
 * it says where it comes from (Origin). Pure functions: the server asks, the tests ask.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface Guard {
  token: string;
  /** `host:port` names this server answers to, lower case (IPv6 in brackets). */
  hosts: ReadonlySet<string>;
  /** The cookie that carries the token for the page's own assets. */
  cookieName: string;
}

export type Verdict = { ok: true; tokenFrom: 'query' | 'cookie' } | { ok: false; reason: string };

/** The Host names of a server bound to `address` on `port`. */
export function allowedHosts(address: string, port: number, extra: readonly string[] = []): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]', bracket(address), ...extra.map(bracket)]);
  return new Set([...names].map((n) => `${n.toLowerCase()}:${port}`));
}

const bracket = (a: string): string => (a.includes(':') && !a.startsWith('[') ? `[${a}]` : a);

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookie(headers: IncomingHttpHeaders, name: string): string | undefined {
  for (const part of (headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Checks one HTTP request or WebSocket upgrade. `cookieOk`: the page's assets may use the cookie. */
export function check(url: URL, headers: IncomingHttpHeaders, guard: Guard, cookieOk: boolean): Verdict {
  const host = headers.host?.toLowerCase();
  if (host === undefined || !guard.hosts.has(host))
    return {
      ok: false,
      reason: `Host "${(host ?? '').slice(0, 80)}" is not this server (DNS rebinding protection); use the URL wirepool serve printed`,
    };
  const origin = headers.origin;
  if (origin !== undefined && !(origin.startsWith('http://') && guard.hosts.has(origin.slice(7).toLowerCase()))) {
    return { ok: false, reason: `Origin "${origin.slice(0, 80)}" is not this server` };
  }
  const q = url.searchParams.get('token');
  if (q !== null && sameToken(q, guard.token)) return { ok: true, tokenFrom: 'query' };
  const c = cookieOk ? cookie(headers, guard.cookieName) : undefined;
  if (c !== undefined && sameToken(c, guard.token)) return { ok: true, tokenFrom: 'cookie' };
  return { ok: false, reason: 'missing or wrong token; open the URL wirepool serve printed (with its ?token=)' };
}
