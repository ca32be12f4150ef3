/**
 * Writes the bundled sample capture, deterministically (same bytes on every machine):
 *   node dist/scripts/make-sample.js samples/sample.pcapng
 * The frames are native-bridge/generate's `sample` recipe (recipes.ts), built with the packet
 * builders: two interfaces, `eth0` (Ethernet: ARP, DNS, an HTTP exchange over TCP, ICMP, IPv6
 * UDP and ICMPv6) and `lo` (loopback, whose 64 KiB MTU carries 12–60 KiB TCP segments, so every
 * pool tier sees traffic). Addresses are documentation ranges (RFC 5737, RFC 3849).
 */
import { sampleRecipe, writeRecipe } from '../native-bridge/generate/index.js';

const out = process.argv[2] ?? 'samples/sample.pcapng';
const s = writeRecipe(out, sampleRecipe);
console.log(
  `wrote ${out}: ${s.packets} frames on ${sampleRecipe.file.format === 'pcapng' ? sampleRecipe.file.interfaces.length : 1} interfaces`,
);
