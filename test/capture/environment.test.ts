import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureAvailability } from '../../native-bridge/capture/index.js';
import { EngineThread } from '../../native-bridge/engine/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import type { ErrorInfo, RunStats } from '../../native-bridge/protocol/index.js';
import { ROOT, readAll } from '../helpers/corpus.js';
import { installedCopy } from '../helpers/install.js';
import { until } from '../helpers/wait.js';
import { sendTcp, sendUdp, tcpSink, udpSink } from './traffic.js';

const available = captureAvailability();
const isRoot = process.getuid?.() === 0;
const hasSetpriv = spawnSync('setpriv', ['--version']).status === 0;
const WIREPOOL = path.join(ROOT, 'bin/wirepool');
const tmp = mkdtempSync(path.join(tmpdir(), 'wirepool-capenv-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs a command to the end: exit code, signal, stdout, stderr. */
function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; until?: (stderr: string) => void } = {}) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    const p = spawn(cmd, args, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    // Never outlive the test: a run that hangs is killed (and then fails its assertions).
    const guard = setTimeout(() => p.kill('SIGKILL'), 55_000);
    p.on('close', () => clearTimeout(guard));
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    p.stderr.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
      opts.until?.(stderr);
    });
    p.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe.skipIf(!available.available)('capture under forced garbage collection', () => {
  it("the engine worker holding cap's buffer survives gc() every millisecond during a loopback flood; the spool parses whole", async () => {
    const udp = await udpSink();
    const tcp = await tcpSink();
    // --expose-gc and a preload that collects every millisecond, in the CLI's main thread and
    // in the engine worker (execArgv is inherited), where cap writes into its buffer.
    const preload = `data:text/javascript,${encodeURIComponent('setInterval(() => globalThis.gc(), 1).unref();')}`;
    const out = path.join(tmp, 'gc-flood.pcapng');
    let sent: Promise<unknown> | undefined;
    try {
      const r = await run(
        process.execPath,
        [
          '--expose-gc',
          '--import',
          preload,
          WIREPOOL,
          'capture',
          '-i',
          'lo',
          '-f',
          `udp dst port ${udp.port} or tcp port ${tcp.port}`,
          '-a',
          'duration:4',
          '-w',
          out,
          '--json',
        ],
        {
          until: (stderr) => {
            if (sent === undefined && stderr.includes('capturing on lo')) {
              sent = Promise.all([
                sendUdp(
                  udp.port,
                  Array.from({ length: 20000 }, (_, i) => 1 + (i % 1400)),
                  200,
                ),
                sendTcp(tcp.port, 32 << 20),
              ]);
            }
          },
        },
      );
      await sent;
      expect({ code: r.code, signal: r.signal, stderr: r.stderr.replace(/Warning: .*\n/g, '').replace(/capturing on lo.*\n/, '') }).toEqual(
        { code: 0, signal: null, stderr: '' },
      );
      const j = JSON.parse(r.stdout) as { packets: number; seen: number; dropped: number };
      expect(j.seen).toBeGreaterThan(1000);
      expect(j.seen).toBe(j.packets + j.dropped);
      const frames = readAll(openCapture(out));
      expect(frames.error).toBeUndefined();
      expect(frames.frames.length).toBe(j.packets);
    } finally {
      await udp.close();
      await tcp.close();
    }
  }, 60_000);
});

describe.skipIf(!available.available)('the whole capture path under forced garbage collection', () => {
  it('wirepool capture with gc() every millisecond in the host and the engine worker, paced: all packets, exit 0', async () => {
    const udp = await udpSink();
    // execArgv is inherited by the worker: the preload runs in both threads.
    const preload = `data:text/javascript,${encodeURIComponent('setInterval(() => globalThis.gc(), 1).unref();')}`;
    const out = path.join(tmp, 'gc-paced.pcapng');
    /** Frames the capture has written to its spool so far (the last block may be half written). */
    const written = () => {
      try {
        return readAll(openCapture(out)).frames.length;
      } catch {
        return 0; // not even the head yet
      }
    };
    let sent: Promise<void> | undefined;
    try {
      // Paced in bursts of 5 (a few thousand packets a second): full collections every
      // millisecond stall the engine worker, and a faster flood would overflow the kernel ring
      // (64 MiB is about 1000 slots, and on lo each packet takes two: the copy going out, which
      // libpcap skips, and the one coming in). Every 200 datagrams the sender also waits until
      // the capture has written them to its spool, so however long the worker is stalled
      // (collections, a busy machine) the ring never holds more than that.
      const r = await run(
        process.execPath,
        [
          '--expose-gc',
          '--import',
          preload,
          WIREPOOL,
          'capture',
          '-i',
          'lo',
          '-f',
          `udp dst port ${udp.port}`,
          '-c',
          '3000',
          '-a',
          'duration:40',
          '-w',
          out,
          '--json',
        ],
        {
          until: (stderr) => {
            if (sent === undefined && stderr.includes('capturing on lo'))
              sent = sendUdp(
                udp.port,
                Array.from({ length: 3000 }, (_, i) => 1 + (i % 1400)),
                5,
                async (n) => n % 200 === 0 && (await until(() => written() >= n, 30_000)),
              );
          },
        },
      );
      await sent;
      expect({ code: r.code, signal: r.signal }).toEqual({ code: 0, signal: null });
      const j = JSON.parse(r.stdout) as { packets: number; seen: number; dropped: number; pool: { tiers: { outstanding: number }[] } };
      expect([j.packets, j.seen, j.dropped]).toEqual([3000, 3000, 0]);
      expect(j.pool.tiers.every((t) => t.outstanding === 0)).toBe(true);
      expect(written()).toBe(3000);
    } finally {
      await udp.close();
    }
  }, 60_000);
});

describe.skipIf(!isRoot || !hasSetpriv)('capture without the right to capture', () => {
  // Nobody runs an installed copy: the checkout may be where nobody cannot reach it (a clone in
  // a `mktemp -d` folder is mode 700, and so may be any folder above it).
  let installed: string | undefined;
  afterAll(() => installed && rmSync(installed, { recursive: true, force: true }));

  it('as user nobody, wirepool capture says what is missing and how to fix it; no stack trace', async () => {
    installed = installedCopy();
    const r = await run(
      'setpriv',
      [
        '--reuid=65534',
        '--regid=65534',
        '--clear-groups',
        '--inh-caps=-all',
        process.execPath,
        path.join(installed, 'bin/wirepool'),
        'capture',
        '-i',
        'lo',
        '-c',
        '1',
      ],
      { cwd: installed },
    );
    expect(r.stderr).not.toMatch(/Cannot find module|EACCES/); // what nobody could not read would say so here
    expect(r.code).toBe(1);
    // Nobody's process may not capture, so the capture helper was tried: it has no rights either.
    expect(r.stderr).toMatch(/the capture helper \S+wirepool-capture-helper may not capture on lo: .*(not permitted|Permission)/);
    expect(r.stderr).toMatch(
      /fix: run as root, or give the capture helper the right to capture once: `sudo setcap cap_net_raw,cap_net_admin=eip \S+wirepool-capture-helper`/,
    );
    expect(r.stderr).not.toMatch(/^\s+at /m);
  }, 30_000);
});

describe('capture without the cap binding', () => {
  it('replay still works; capture and interfaces explain how to enable the binding', async () => {
    const saved = process.env.WIREPOOL_CAP_MODULE;
    process.env.WIREPOOL_CAP_MODULE = path.join(tmp, 'no-such-cap');
    let host: EngineThread | undefined;
    try {
      let resolveDone!: (d: { stats: RunStats; error?: ErrorInfo }) => void;
      const next = () => new Promise<{ stats: RunStats; error?: ErrorInfo }>((r) => (resolveDone = r));
      host = await EngineThread.start({
        event: (e) => {
          if (e.type === 'done') resolveDone(e.error ? { stats: e.stats, error: e.error } : { stats: e.stats });
        },
      });
      const avail = host.captureAvailable();
      expect(avail.available).toBe(false);
      expect(avail.reason).toMatch(/not installed.*apt-get install libpcap-dev && npm install/);
      let done = next();
      await host.capture({ ifaces: ['lo'] });
      const { error } = await done;
      expect(error).toMatchObject({
        code: 'CAPTURE_NO_BINDING',
        hint: expect.stringContaining('apt-get install libpcap-dev && npm install'),
      });
      await expect(host.request('interfaces', {})).rejects.toMatchObject({ code: 'CAPTURE_NO_BINDING' });
      // The app's capture: its run starts and ends at once with the same error.
      done = next();
      await expect(host.request('captureStart', { ifaces: ['lo'] })).resolves.toMatchObject({ runId: expect.any(Number) });
      expect(await done).toMatchObject({ stats: { state: 'failed' }, error: { code: 'CAPTURE_NO_BINDING' } });
      done = next();
      await host.request('open', { path: path.join(ROOT, 'samples/sample.pcapng') });
      const replayed = await done;
      expect(replayed.error).toBeUndefined();
      expect(replayed.stats.packets).toBe(readAll(openCapture(path.join(ROOT, 'samples/sample.pcapng'))).frames.length);
    } finally {
      if (saved === undefined) delete process.env.WIREPOOL_CAP_MODULE;
      else process.env.WIREPOOL_CAP_MODULE = saved;
      await host?.close();
    }
  });

  it('wirepool capture prints the fix and exits 1', async () => {
    const r = await run(process.execPath, [WIREPOOL, 'capture', '-i', 'lo'], {
      env: { ...process.env, WIREPOOL_CAP_MODULE: path.join(tmp, 'no-such-cap') },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/live capture is not available: the `cap` binding .* could not be loaded/);
    expect(r.stderr).toMatch(/fix: install the libpcap headers and build .*apt-get install libpcap-dev && npm install/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});

describe.skipIf(!available.available)('wirepool capture (CLI)', () => {
  it('-c stops at the count; --json has packets, seen, dropped and pool tiers; -w .pcap writes them', async () => {
    const udp = await udpSink();
    const out = path.join(tmp, 'cli.pcap');
    let sent: Promise<void> | undefined;
    try {
      const r = await run(
        process.execPath,
        [WIREPOOL, 'capture', '-i', 'lo', '-f', `udp dst port ${udp.port}`, '-c', '50', '-w', out, '--json'],
        {
          until: (stderr) => {
            if (sent === undefined && stderr.includes('capturing on lo'))
              sent = sendUdp(
                udp.port,
                Array.from({ length: 80 }, (_, i) => 10 + i),
              );
          },
        },
      );
      await sent;
      expect(r.code).toBe(0);
      const j = JSON.parse(r.stdout) as {
        packets: number;
        seen: number;
        dropped: number;
        pool: { hitRate: number; tiers: { size: number; outstanding: number }[] };
      };
      expect([j.packets, j.seen, j.dropped]).toEqual([50, 50, 0]);
      expect(j.pool.tiers.map((t) => t.size)).toEqual([4096, 16384, 65536, 263168, 1052672]);
      expect(j.pool.tiers.every((t) => t.outstanding === 0)).toBe(true);
      const back = readAll(openCapture(out)).frames;
      expect(back.map((f) => f.wireLen)).toEqual(Array.from({ length: 50 }, (_, i) => 14 + 20 + 8 + 10 + i));
    } finally {
      await udp.close();
    }
  }, 30_000);

  it("a bad -f filter: libpcap's message and the fix, exit 1", async () => {
    const r = await run(process.execPath, [WIREPOOL, 'capture', '-i', 'lo', '-f', 'port 80 and and']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/capture filter "port 80 and and" is invalid: .*syntax error/);
    expect(r.stderr).toMatch(/fix: use pcap-filter syntax/);
  });

  it('wirepool interfaces lists lo as up and loopback', async () => {
    const r = await run(process.execPath, [WIREPOOL, 'interfaces', '--json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { name: string; up: boolean; loopback: boolean }[];
    expect(list.find((i) => i.name === 'lo')).toMatchObject({ up: true, loopback: true });
  });
});
