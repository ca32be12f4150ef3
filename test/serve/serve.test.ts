import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WirepoolError } from '../../native-bridge/common/errors.js';
import type { Engine } from '../../native-bridge/host/index.js';
import { PROTOCOL_VERSION, decodeHostFrame, type HostMessage } from '../../native-bridge/protocol/index.js';
import { startServe, type ServeHandle } from '../../cli/serve/server.js';
import { contentSecurityPolicy, resolveStatic } from '../../cli/serve/static.js';
import { testRoots } from '../helpers/roots.js';
import { until } from '../helpers/wait.js';

/** An engine for the server's own behaviour (guard, static files, framing); the real engine is in serve-engine.test.ts. */
function scriptedEngine(): Engine {
  return {
    request: async (op) => {
      throw new WirepoolError('CAPTURE_IO', `cannot ${op} x`);
    },
    giveBack() {},
    captureAvailable: () => ({ available: false, reason: 'test' }),
    close: async () => {},
  };
}

let root: string;
let server: ServeHandle;
const TOKEN = 'T0ken-for-tests';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(p: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path: p, method, headers: { host: `127.0.0.1:${server.port}`, ...headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Opens /ws; resolves with the socket once open, or rejects with the HTTP status of a refusal. */
function connect(query: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws${query}`, { headers });
    ws.binaryType = 'arraybuffer';
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function nextMessages(ws: WebSocket, n: number): Promise<HostMessage[]> {
  return new Promise((resolve) => {
    const got: HostMessage[] = [];
    const on = (data: ArrayBuffer | Buffer, isBinary: boolean) => {
      got.push(decodeHostFrame(isBinary ? (data as ArrayBuffer) : data.toString()));
      if (got.length === n) {
        ws.off('message', on);
        resolve(got);
      }
    };
    ws.on('message', on);
  });
}

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'wirepool-serve-'));
  mkdirSync(path.join(root, 'assets'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><script type="module" src="./assets/app.js"></script>');
  writeFileSync(path.join(root, 'assets/app.js'), 'console.log(1)');
  writeFileSync(path.join(root, 'assets/app.css'), 'body{}');
  writeFileSync(path.join(root, '.secret'), 'no');
  server = await startServe({
    root,
    host: '127.0.0.1',
    port: 0,
    engine: async () => scriptedEngine(),
    version: '9.9.9',
    token: TOKEN,
    paths: testRoots(),
  });
});

afterAll(async () => {
  await server.close();
});

describe('wirepool serve: the guard', () => {
  it('prints a URL on 127.0.0.1 with the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${TOKEN}`);
  });

  it('makes a random token of 32 URL-safe characters by default', async () => {
    const a = await startServe({
      root,
      host: '127.0.0.1',
      port: 0,
      engine: async () => scriptedEngine(),
      version: '0',
      paths: testRoots(),
    });
    const b = await startServe({
      root,
      host: '127.0.0.1',
      port: 0,
      engine: async () => scriptedEngine(),
      version: '0',
      paths: testRoots(),
    });
    await Promise.all([a.close(), b.close()]);
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(a.token).not.toBe(b.token);
  });

  it('refuses the page without the token, or with a wrong one', async () => {
    const none = await get('/');
    expect(none.status).toBe(403);
    expect(none.body).toMatch(/token/);
    expect((await get('/?token=wrong')).status).toBe(403);
    expect((await get(`/?token=${TOKEN}x`)).status).toBe(403);
    expect((await get('/assets/app.js')).status).toBe(403);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const r = await get(`/?token=${TOKEN}`, { host: `evil.example:${server.port}` });
    expect(r.status).toBe(403);
    expect(r.body).toMatch(/Host "evil\.example/);
    expect((await get(`/?token=${TOKEN}`, { host: '127.0.0.1:1' })).status).toBe(403);
    expect((await get(`/?token=${TOKEN}`, { host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('refuses a foreign Origin', async () => {
    const r = await get(`/?token=${TOKEN}`, { origin: 'http://evil.example' });
    expect(r.status).toBe(403);
    expect(r.body).toMatch(/Origin/);
    expect((await get(`/?token=${TOKEN}`, { origin: `http://127.0.0.1:${server.port}` })).status).toBe(200);
  });

  it('refuses the WebSocket without the token, with a foreign Origin or Host, or on another path', async () => {
    await expect(connect('')).rejects.toThrow('HTTP 403');
    await expect(connect('?token=nope')).rejects.toThrow('HTTP 403');
    await expect(connect(`?token=${TOKEN}`, { origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(connect(`?token=${TOKEN}`, { host: `rebind.example:${server.port}` })).rejects.toThrow('HTTP 403');
    const other = new WebSocket(`ws://127.0.0.1:${server.port}/other?token=${TOKEN}`);
    await expect(
      new Promise((_, reject) => other.once('unexpected-response', (_q, res) => reject(new Error(`HTTP ${res.statusCode}`)))),
    ).rejects.toThrow('HTTP 403');
  });

  it('does not accept the cookie for the WebSocket (the page passes the token in the URL)', async () => {
    await expect(connect('', { cookie: `wirepool_token_${server.port}=${TOKEN}` })).rejects.toThrow('HTTP 403');
  });
});

describe('wirepool serve: static files', () => {
  it('serves the page with a strict CSP and sets the token cookie for its assets', async () => {
    const r = await get(`/?token=${TOKEN}`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = r.headers['content-security-policy'] as string;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${server.port}`);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-eval/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    const cookie = (r.headers['set-cookie'] as string[])[0]!;
    expect(cookie).toMatch(new RegExp(`^wirepool_token_${server.port}=${TOKEN}; HttpOnly; SameSite=Strict`));
    const js = await get('/assets/app.js', { cookie: `wirepool_token_${server.port}=${TOKEN}` });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.body).toBe('console.log(1)');
    const css = await get(`/assets/app.css?token=${TOKEN}`);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('never serves outside the root or hidden files, and only GET/HEAD', async () => {
    expect((await get(`/../../etc/passwd?token=${TOKEN}`)).status).toBe(404);
    expect((await get(`/%2e%2e/%2e%2e/etc/passwd?token=${TOKEN}`)).status).toBe(404);
    expect((await get(`/.secret?token=${TOKEN}`)).status).toBe(404);
    expect((await get(`/?token=${TOKEN}`, {}, 'POST')).status).toBe(405);
    expect(resolveStatic(root, '/%2e%2e%2fetc%2fpasswd')).toBeUndefined();
    expect(resolveStatic(root, '/assets/app.js')).toBe(path.join(root, 'assets/app.js'));
  });

  it('lets the page open its socket on the name it was loaded from', async () => {
    const r = await get(`/?token=${TOKEN}`, { host: `localhost:${server.port}` });
    expect(r.headers['content-security-policy']).toContain(`connect-src 'self' ws://localhost:${server.port};`);
  });

  it('CSP names the socket address', () => {
    expect(contentSecurityPolicy('127.0.0.1:9')).toContain("connect-src 'self' ws://127.0.0.1:9;");
  });
});

describe('wirepool serve: the WebSocket', () => {
  it('answers hello; binary and malformed frames get notices, a bad request an error reply; the session goes on', async () => {
    const ws = await connect(`?token=${TOKEN}`, { origin: `http://127.0.0.1:${server.port}` });
    const replies = nextMessages(ws, 6);
    const ask = (id: number, op: string, args: object = {}) => ws.send(JSON.stringify({ type: 'request', id, op, args }));
    ask(1, 'hello');
    ws.send(new Uint8Array([1, 2, 3]));
    ws.send('{"type":');
    ask(2, 'open', { path: path.join(tmpdir(), 'x.pcap') });
    ask(3, 'openDialog');
    ask(4, 'rows', { runId: 1, viewId: 0, first: 0 });
    // Replies come as the answers are ready (by id, not in order); the notices in the order of their frames.
    const got = (await replies) as { type: string; id?: number; error?: { code: string } }[];
    const reply = (id: number) => got.find((m) => m.type === 'reply' && m.id === id);
    const notices = got.filter((m) => m.type === 'error');
    const [welcome, open, dialog, rows] = [reply(1), reply(2), reply(3), reply(4)];
    const [bin, json] = notices;
    expect(welcome).toEqual({
      type: 'reply',
      id: 1,
      op: 'hello',
      result: {
        protocol: PROTOCOL_VERSION,
        version: '9.9.9',
        capture: { available: false, reason: 'test' },
        desktop: false,
        // The page's own connection: what a live capture leaves out.
        ownTraffic: `tcp port ${server.port}`,
      },
    });
    expect(bin).toMatchObject({ type: 'error', error: { code: 'PROTOCOL_BAD_FRAME' } });
    expect(json).toMatchObject({ type: 'error', error: { code: 'PROTOCOL_BAD_JSON' } });
    expect(open).toMatchObject({ type: 'reply', id: 2, op: 'open', error: { code: 'CAPTURE_IO', message: 'cannot open x' } });
    expect(dialog).toMatchObject({ type: 'reply', id: 3, op: 'openDialog', error: { code: 'HOST_UNSUPPORTED' } });
    expect(rows).toMatchObject({
      type: 'reply',
      id: 4,
      op: 'rows',
      error: { code: 'PROTOCOL_MISSING_FIELD', message: expect.stringMatching(/^rows\.count/) },
    });
    expect(server.hosts().size).toBe(1);
    ws.close();
    await new Promise((r) => ws.once('close', r));
    await until(() => server.hosts().size === 0); // the server's side of the close comes in its own time
    expect(server.hosts().size).toBe(0);
  });

  it('closes a socket that sends an oversized frame', async () => {
    const ws = await connect(`?token=${TOKEN}`);
    ws.send('x'.repeat(200_000));
    const code = await new Promise<number>((r) => ws.once('close', (c) => r(c)));
    expect(code).toBe(1009); // message too big
  });
});
