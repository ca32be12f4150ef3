import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureAvailability } from '../../native-bridge/capture/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import { writeCapture } from '../../native-bridge/generate/index.js';
import { ROOT, readAll } from '../helpers/corpus.js';
import { testNamespace } from '../helpers/netns.js';
import { started } from '../helpers/process.js';

// A veth pair with a real 1500-byte MTU inside a network namespace this test creates and
// deletes: wirepool inject sends on one end while wirepool capture listens on the other, both
// run inside the namespace, so nothing reaches any other interface. Needs root, `ip` and the
// cap binding; skipped otherwise.
const ns = testNamespace('wp-inject', captureAvailability().available);
const { ready, ip, inNs } = ns;
const NS = ns.name;
const MAC_A = '02:aa:aa:aa:aa:01';
const MAC_B = '02:aa:aa:aa:aa:02';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirepool-netns-'));
afterAll(() => {
  ns.remove();
  rmSync(tmp, { recursive: true, force: true });
});

describe.skipIf(!ready)(`inject onto a veth pair in the test's own namespace (${NS})`, () => {
  beforeAll(() => {
    ip(...inNs('ip', 'link', 'add', 'wpa0', 'address', MAC_A, 'type', 'veth', 'peer', 'name', 'wpb0', 'address', MAC_B));
    // No IPv6 autoconfiguration chatter from the pair itself.
    ip(...inNs('sysctl', '-q', '-w', 'net.ipv6.conf.all.disable_ipv6=1'));
    ip(...inNs('ip', 'link', 'set', 'wpa0', 'up'));
    ip(...inNs('ip', 'link', 'set', 'wpb0', 'up'));
  });

  it('frames over the 1500-byte MTU are skipped and counted; every other frame arrives unchanged, in order', async () => {
    const file = path.join(tmp, 'mixed.pcap');
    writeCapture(file, { profile: 'mixed', packets: 400, seed: 6 });
    const frames = readAll(openCapture(file)).frames;
    const fits = frames.filter((f) => f.bytes.length - 14 <= 1500);
    expect(fits.length).toBeLessThan(frames.length);

    const out = path.join(tmp, 'got.pcap');
    const wirepool = path.join(ROOT, 'bin/wirepool');
    const cap = await started(
      'ip',
      inNs(
        wirepool,
        'capture',
        '-i',
        'wpb0',
        '-f',
        `not ether src ${MAC_A} and not ether src ${MAC_B}`,
        '-c',
        String(fits.length),
        '-a',
        'duration:20',
        '-w',
        out,
        '--json',
      ),
      /capturing on/,
    );
    expect(cap.err()).toMatch(/capturing on wpb0/);

    const r = spawnSync('ip', inNs(wirepool, 'inject', '-i', 'wpa0', file, '--speed', 'max', '--json'), { encoding: 'utf8' });
    expect(r.status).toBe(1); // some frames were skipped
    expect(r.stderr).toMatch(/larger than wpa0's MTU \(1500\); skipped/);
    const s = JSON.parse(r.stdout) as { sent: number; skippedMtu: number; failed: number; mtu: number };
    expect(s).toMatchObject({ sent: fits.length, skippedMtu: frames.length - fits.length, failed: 0, mtu: 1500 });

    expect(await cap.exited).toBe(0);
    const got = readAll(openCapture(out)).frames;
    expect(got.map((f) => f.bytes)).toEqual(fits.map((f) => f.bytes));
  });

  it('a capture of another link type is refused before anything is sent', () => {
    const file = path.join(tmp, 'raw.pcap');
    // A LINKTYPE_RAW file made with the builders (no link header).
    execFileSync(process.execPath, [
      '-e',
      `
      const { Packet } = await import(${JSON.stringify(path.join(ROOT, 'dist/native-bridge/craft/index.js'))});
      const { PcapWriter } = await import(${JSON.stringify(path.join(ROOT, 'dist/native-bridge/formats/index.js'))});
      const w = new PcapWriter(${JSON.stringify(file)}, { linkType: 101 });
      const b = new Packet({ ip: { src: '127.0.0.2', dst: '127.0.0.1' }, udp: { srcport: 9, dstport: 9 } }).build();
      w.write({ sec: 1, nsec: 0, wireLen: b.length }, b);
      w.close();
    `,
      '--input-type=module',
    ]);
    const r = spawnSync('ip', inNs(path.join(ROOT, 'bin/wirepool'), 'inject', '-i', 'wpa0', file), { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/holds raw IP \(101\) frames but wpa0 carries Ethernet \(1\) frames; nothing was sent/);
  });
});
