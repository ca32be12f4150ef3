/**
 * Generates the benchmark captures, deterministically:
 *   node dist/bench/make-captures.js DIR
 * - small-mixed.pcap: 1,000,000 Ethernet/IPv4 frames of 40–1400 bytes in a bimodal mix like
 *   real traffic (≈40 % 40–100 B acks and queries, 20 % 100–1200 B, 40 % 1200–1400 B data).
 * - large-frames.pcap: 16–64 KiB loopback TCP segments (lo's 64 KiB MTU), ≥ 300 MB.
 */
import { PcapWriter } from '../native-bridge/formats/index.js';
import { TCP_ACK, TCP_PSH, ethernet, ipv4, prng, tcp, udp, type Ip4 } from '../scripts/craft.js';

const dir = (process.argv[2] ?? 'bench/data').replace(/\/?$/, '/');
const A: Ip4 = [10, 0, 0, 1];
const B: Ip4 = [10, 0, 0, 2];
const LOCAL: Ip4 = [127, 0, 0, 1];

/** One frame per size, crafted once: the benchmark measures reading, not crafting. */
function smallFrame(size: number): Uint8Array {
  const l4 = size % 2 === 0 ? 20 : 8; // TCP for even sizes, UDP for odd
  const payload = new Uint8Array(Math.max(0, size - 14 - 20 - l4)).fill(size & 0xff);
  const seg = l4 === 20 ? tcp(40_000, 443, size * 1000, 1, TCP_ACK, payload) : udp(40_001, 5201, payload); // 5201: iperf3, no decoder claims it
  return ethernet('02:00:00:00:00:02', '02:00:00:00:00:01', 0x0800, ipv4(A, B, l4 === 20 ? 6 : 17, seg, size));
}

function small(): void {
  const rand = prng(1);
  const cache = new Map<number, Uint8Array>();
  const w = new PcapWriter(`${dir}small-mixed.pcap`, { linkType: 1, bufferSize: 1 << 20 });
  let sec = 1_767_225_600;
  let usec = 0;
  for (let i = 0; i < 1_000_000; i++) {
    const r = rand();
    const size = r < 0.4 ? 40 + Math.floor(rand() * 61) : r < 0.6 ? 100 + Math.floor(rand() * 1100) : 1200 + Math.floor(rand() * 201);
    let frame = cache.get(size);
    if (frame === undefined) cache.set(size, (frame = smallFrame(Math.max(size, 42))));
    usec += 1 + Math.floor(rand() * 20);
    if (usec >= 1e6) {
      sec++;
      usec -= 1e6;
    }
    const bytes = frame.subarray(0, size); // 40–41 B frames are cut IP headers: a snaplen-truncated capture
    w.write({ sec, nsec: usec * 1000, wireLen: frame.length }, bytes);
  }
  w.close();
  console.log(`wrote ${dir}small-mixed.pcap: 1,000,000 frames, ${(w.bytesWritten / 1e6).toFixed(1)} MB`);
}

function large(): void {
  const rand = prng(2);
  const w = new PcapWriter(`${dir}large-frames.pcap`, { linkType: 1, bufferSize: 1 << 20 });
  const data = new Uint8Array(65_535).map((_, i) => (i * 13) & 0xff);
  let sec = 1_767_225_600;
  let usec = 0;
  let seq = 1;
  let frames = 0;
  while (w.bytesWritten < 320e6) {
    const size = 16_384 + Math.floor(rand() * (65_535 - 16_384 + 1)); // frame length, ≤ 65535
    const seg = tcp(40_002, 6379, seq, 1, TCP_ACK | TCP_PSH, data.subarray(0, size - 14 - 20 - 20));
    const frame = ethernet('00:00:00:00:00:00', '00:00:00:00:00:00', 0x0800, ipv4(LOCAL, LOCAL, 6, seg, frames & 0xffff));
    seq += size;
    usec += 5 + Math.floor(rand() * 30);
    if (usec >= 1e6) {
      sec++;
      usec -= 1e6;
    }
    w.write({ sec, nsec: usec * 1000, wireLen: frame.length }, frame);
    frames++;
  }
  w.close();
  console.log(`wrote ${dir}large-frames.pcap: ${frames.toLocaleString('en-US')} frames, ${(w.bytesWritten / 1e6).toFixed(1)} MB`);
}

small();
large();
