/**
 * `wirepool serve`: the built renderer over HTTP and the UI protocol over a WebSocket (/ws),
 * one AppHost (and so one engine worker) per connected page. Every request passes the guard
 * (token, Host, Origin) first; a refusal is a 403 with a one-line reason.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { AppHost, type EngineFactory, type PathRule } from '../../native-bridge/host/index.js';
import { MAX_TEXT_FRAME } from '../../native-bridge/protocol/index.js';
import { allowedHosts, check, type Guard } from './guard.js';
import { resolveStatic, securityHeaders, sendFile } from './static.js';
import { WebSocketTransport } from './ws-transport.js';

export interface ServeOptions {
  /** The built renderer (dist/renderer). */
  root: string;
  /** Bind address; 127.0.0.1 unless the user chose another. */
  host: string;
  /** 0 picks a free port. */
  port: number;
  engine: EngineFactory;
  version: string;
  /** Opened for each new page after `welcome`. */
  file?: string;
  /** The folders pages may open and save files in (a FolderRule of `--root`); every path a page names is checked. */
  paths: PathRule;
  /** Fixed token (tests); a random one otherwise. */
  token?: string;
  /** A page's socket backlog above which its AppHost takes no more requests until it drains (AppHost's default otherwise). */
  highWaterBytes?: number;
  /** Pages connected at once (each has an engine thread); more are refused with 503 (default DEFAULT_MAX_CLIENTS). */
  maxClients?: number;
  /** A page that has not answered a ping within this long is disconnected (default HEARTBEAT_MS). */
  heartbeatMs?: number;
}

/** How long a socket closed for a protocol violation has to finish the closing handshake. */
const CLOSE_GRACE_MS = 1000;

/** Pages at once by default: each holds an engine thread and its run's store. */
export const DEFAULT_MAX_CLIENTS = 8;
/** Pings go out this often; a page that did not answer the last one by the next is cut off. */
export const HEARTBEAT_MS = 30_000;

export interface ServeHandle {
  /** The page URL with its token. */
  url: string;
  port: number;
  token: string;
  /** Connected pages. */
  hosts(): ReadonlySet<AppHost>;
  close(): Promise<void>;
}

const WILDCARD = new Set(['0.0.0.0', '::', '']);

function localAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((l) => (l ?? []).map((a) => a.address));
}

function refuse(res: ServerResponse, status: number, reason: string, headers: Record<string, string>): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(`${status === 403 ? 'Forbidden' : 'Error'}: ${reason}\n`);
}

function refuseUpgrade(socket: Duplex, reason: string, status: 403 | 503 = 403): void {
  const title = status === 403 ? 'Forbidden' : 'Service Unavailable';
  const body = `${title}: ${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export async function startServe(opts: ServeOptions): Promise<ServeHandle> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = WILDCARD.has(opts.host) ? '127.0.0.1' : opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const guard: Guard = {
    token,
    hosts: allowedHosts(opts.host, port, WILDCARD.has(opts.host) ? localAddresses() : []),
    cookieName: `wirepool_token_${port}`,
  };
  const hostPort = `${urlHost}:${port}`;
  const root = path.resolve(opts.root);
  const live = new Set<AppHost>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_TEXT_FRAME });
  const maxClients = opts.maxClients ?? DEFAULT_MAX_CLIENTS;
  /** Connections counted from the upgrade on (a handshake in progress holds its place). */
  let connections = 0;
  // Heartbeat: a page that stopped answering (gone without a close, or not reading at all)
  // does not keep its engine thread.
  const alive = new WeakSet<WebSocket>();
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, opts.heartbeatMs ?? HEARTBEAT_MS).unref();

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const verdict = check(url, req.headers, guard, true);
    if (!verdict.ok) return refuse(res, 403, verdict.reason, securityHeaders(hostPort));
    // The page opens its socket on the name it was loaded from (127.0.0.1, localhost, …), checked above.
    const headers = securityHeaders(req.headers.host!);
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return refuse(res, 405, `${req.method} is not served here`, { ...headers, Allow: 'GET, HEAD' });
    const file = resolveStatic(root, url.pathname);
    if (file === undefined) {
      if (url.pathname === '/' || url.pathname === '/index.html')
        return refuse(res, 503, `the UI is not built (${path.join(root, 'index.html')} is missing); run \`npm run build\``, headers);
      return refuse(res, 404, `${url.pathname.slice(0, 200)} not found`, headers);
    }
    // The page's own assets (scripts, styles) carry no token: the page sets a cookie for them.
    if (verdict.tokenFrom === 'query') headers['Set-Cookie'] = `${guard.cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    sendFile(res, file, req.method === 'HEAD', headers);
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    if (url.pathname !== '/ws') return refuseUpgrade(socket, `no WebSocket at ${url.pathname.slice(0, 200)}; use /ws`);
    const verdict = check(url, req.headers, guard, false);
    if (!verdict.ok) return refuseUpgrade(socket, verdict.reason);
    if (connections >= maxClients)
      return refuseUpgrade(
        socket,
        `${connections} pages are connected, the most this server takes (close another Wirepool tab, or start it with --max-clients N)`,
        503,
      );
    connections++;
    let counted = true;
    const release = (): void => {
      if (counted) connections--;
      counted = false;
    };
    socket.once('close', release);
    wss.handleUpgrade(req, socket, head, (ws) => {
      alive.add(ws);
      ws.on('pong', () => alive.add(ws));
      const app = new AppHost(new WebSocketTransport(ws), {
        engine: opts.engine,
        version: opts.version,
        desktop: false,
        // The page's connection to this server (any address: --host may be another than loopback).
        ownTraffic: `tcp port ${port}`,
        paths: opts.paths,
        ...(opts.file === undefined ? {} : { openOnWelcome: opts.file }),
        ...(opts.highWaterBytes === undefined ? {} : { highWaterBytes: opts.highWaterBytes }),
      });
      live.add(app);
      // A protocol violation (an oversized frame, bad UTF-8): ws has begun the closing handshake
      // with its code (1009 too big, 1007 bad UTF-8…); the socket is cut if it does not end soon.
      ws.on('error', () => setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref());
      ws.on('close', () => {
        live.delete(app);
        release();
      });
    });
  });

  return {
    url: `http://${hostPort}/?token=${token}`,
    port,
    token,
    hosts: () => live,
    close: async () => {
      clearInterval(heartbeat);
      for (const c of wss.clients) c.terminate();
      await Promise.all([...live].map((a) => a.close()));
      live.clear();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
