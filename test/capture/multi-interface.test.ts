/**
 * One capture on two interfaces at once: the loopback and one end of a veth pair, both inside
 * a network namespace this test creates and deletes (so nothing else is on them and nothing
 * leaves the machine). The pcapng gets an IDB per interface, and tshark reads each packet on
 * the interface it came in on. Needs root, `ip`, the cap binding and tshark; skipped otherwise.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureAvailability } from '../../native-bridge/capture/index.js';
import { EngineThread } from '../../native-bridge/engine/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import { ROOT, readAll } from '../helpers/corpus.js';
import { started } from '../helpers/process.js';
import { testNamespace } from '../helpers/netns.js';

const tshark = spawnSync('tshark', ['--version']).status === 0;
const ns = testNamespace('wp-multi', captureAvailability().available && tshark);
const { ready, ip, inNs } = ns;
const NS = ns.name;
const WIREPOOL = path.join(ROOT, 'bin/wirepool');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirepool-multi-'));
afterAll(() => {
  ns.remove();
  rmSync(tmp, { recursive: true, force: true });
});

/** Sends `n` UDP datagrams from inside the namespace to `host`:`port` (a Node one-liner run there). */
function sendInNs(host: string, port: number, n: number, size: number): void {
  const script = `const s = require('dgram').createSocket('udp4'); let k = 0;
    const next = () => k < ${n} ? s.send(Buffer.alloc(${size}, k++), ${port}, '${host}', () => setTimeout(next, 2)) : s.close();
    next();`;
  execFileSync('ip', inNs(process.execPath, '-e', script), { stdio: 'ignore' });
}

describe.skipIf(!ready)(`capture on lo and a veth end at once, in the test's own namespace (${NS})`, () => {
  beforeAll(() => {
    ip(...inNs('sysctl', '-q', '-w', 'net.ipv6.conf.all.disable_ipv6=1'));
    ip(...inNs('ip', 'link', 'set', 'lo', 'up'));
    ip(...inNs('ip', 'link', 'add', 'wpm0', 'type', 'veth', 'peer', 'name', 'wpm1'));
    ip(...inNs('ip', 'link', 'set', 'wpm0', 'up'));
    ip(...inNs('ip', 'link', 'set', 'wpm1', 'up'));
    // A neighbour that answers nobody: datagrams to it leave by wpm0 (no ARP wait).
    ip(...inNs('ip', 'addr', 'add', '10.77.0.1/24', 'dev', 'wpm0'));
    ip(...inNs('ip', 'neigh', 'add', '10.77.0.2', 'lladdr', '02:77:00:00:00:02', 'dev', 'wpm0'));
  });

  it('writes one pcapng with an IDB per interface; tshark reads each packet on its own interface', async () => {
    const out = path.join(tmp, 'two.pcapng');
    const cap = await started(
      'ip',
      inNs(WIREPOOL, 'capture', '-i', 'lo', '-i', 'wpm0', '-f', 'udp', '-c', '20', '-a', 'duration:20', '-w', out, '--json'),
      /capturing on/,
    );
    expect(cap.err()).toMatch(/capturing on lo, wpm0/);

    sendInNs('127.0.0.1', 9, 10, 100); // on lo
    sendInNs('10.77.0.2', 9, 10, 200); // out of wpm0 (and in at wpm1, which is not captured)
    expect(await cap.exited).toBe(0);
    const json = JSON.parse(cap.out()) as { interfaces: string[]; packets: number };
    expect(json.interfaces).toEqual(['lo', 'wpm0']);

    const fields = spawnSync(
      'tshark',
      ['-r', out, '-T', 'fields', '-e', 'frame.interface_id', '-e', 'frame.interface_name', '-e', 'ip.dst', '-e', 'udp.length'],
      {
        encoding: 'utf8',
      },
    );
    expect(fields.status).toBe(0);
    const rows = fields.stdout
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    const lo = rows.filter((r) => r[2] === '127.0.0.1');
    const veth = rows.filter((r) => r[2] === '10.77.0.2');
    expect(lo.length + veth.length).toBe(rows.length);
    expect(veth).toHaveLength(10);
    expect(lo).toHaveLength(10);
    expect(rows.length).toBe(json.packets);
    for (const r of lo) expect(r.slice(0, 2).concat(r[3]!)).toEqual(['0', 'lo', '108']);
    for (const r of veth) expect(r.slice(0, 2).concat(r[3]!)).toEqual(['1', 'wpm0', '208']);

    // Our own reader agrees: two interfaces, each packet's id as tshark says.
    const reader = openCapture(out);
    expect(reader.interfaces.map((i) => i.name)).toEqual(['lo', 'wpm0']);
    expect(readAll(reader).frames.map((f) => String(f.interfaceId))).toEqual(rows.map((r) => r[0]));
  });

  it('refuses an interface given twice, and "any" beside others, before opening anything', () => {
    const twice = spawnSync(WIREPOOL, ['capture', '-i', 'lo', '-i', 'lo', '-c', '1'], { encoding: 'utf8' });
    expect(twice.status).not.toBe(0);
    expect(twice.stderr).toMatch(/interface lo is given twice/);
    const any = spawnSync(WIREPOOL, ['capture', '-i', 'any', '-i', 'lo', '-c', '1'], { encoding: 'utf8' });
    expect(any.stderr).toMatch(/"any" captures on every interface already/);
  });

  it("refuses the same from the app's captureStart, before the current run is replaced", async () => {
    const engine = await EngineThread.start({ event: () => {} });
    try {
      await expect(engine.request('captureStart', { ifaces: ['lo', 'lo'] })).rejects.toMatchObject({ code: 'CAPTURE_BAD_INTERFACES' });
      await expect(engine.request('captureStart', { ifaces: ['lo', 'any'] })).rejects.toMatchObject({ code: 'CAPTURE_BAD_INTERFACES' });
    } finally {
      await engine.close();
    }
  });
});
