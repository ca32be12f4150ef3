/**
 * Generates the benchmark captures, deterministically, from native-bridge/generate's recipes
 * (recipes.ts; frames built with the packet builders):
 *   node dist/bench/make-captures.js DIR
 * - small-mixed.pcap: 1,000,000 Ethernet/IPv4 frames of 40–1400 bytes in a bimodal mix like
 *   real traffic (≈40 % 40–100 B acks and queries, 20 % 100–1200 B, 40 % 1200–1400 B data).
 * - large-frames.pcap: 16–64 KiB loopback TCP segments (lo's 64 KiB MTU), ≥ 300 MB.
 * - small-udp.pcap: 1,500,000 small UDP datagrams (DNS and 60–250 B data).
 * A second argument makes only the capture of that name.
 */
import { largeFramesRecipe, smallMixedRecipe, smallUdpRecipe, writeRecipe } from '../native-bridge/generate/index.js';

const dir = (process.argv[2] ?? 'bench/data').replace(/\/?$/, '/');
const only = process.argv[3];
for (const recipe of [smallMixedRecipe, largeFramesRecipe, smallUdpRecipe].filter((r) => only === undefined || r.name === only)) {
  const s = writeRecipe(`${dir}${recipe.name}.pcap`, recipe);
  console.log(`wrote ${s.file}: ${s.packets.toLocaleString('en-US')} frames, ${(s.bytes / 1e6).toFixed(1)} MB`);
}
