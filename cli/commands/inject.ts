import { LOOPS, inject as run, type InjectStats } from '../../native-bridge/inject/index.js';
import { UsageError, speedOption, wholeOption } from '../usage.js';

function positive(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!(v.trim() !== '' && Number.isFinite(n) && n > 0)) throw new UsageError(`${flag} ${v}: expected a number > 0`);
  return n;
}

function summary(s: InjectStats): string {
  const rate = s.packetsPerSecond >= 1e5 ? `${(s.packetsPerSecond / 1e6).toFixed(2)} Mpkt/s` : `${Math.round(s.packetsPerSecond)} pkt/s`;
  const lines = [
    `sent ${s.sent.toLocaleString('en-US')} frames (${(s.bytes / 1e6).toFixed(2)} MB) on ${s.iface} in ${s.seconds.toFixed(3)} s: ${rate}, ${(s.bitsPerSecond / 1e6).toFixed(1)} Mbit/s${s.loops > 1 ? `, ${s.loops} loops` : ''}`,
  ];
  if (s.rewritten > 0) lines.push(`rewritten in place: ${s.rewritten.toLocaleString('en-US')} frames`);
  if (s.skippedMtu > 0) lines.push(`skipped: ${s.skippedMtu.toLocaleString('en-US')} frames larger than the MTU (${s.mtu})`);
  if (s.failed > 0) lines.push(`failed: ${s.failed.toLocaleString('en-US')} frames refused by the interface`);
  return `${lines.join('\n')}\n`;
}

/** `wirepool inject -i IFACE FILE`: replay a capture onto an interface. Exit 1 when any frame failed or was skipped. */
export async function inject(
  file: string,
  args: { interface?: string; speed?: string; pps?: string; loop?: string; rewrite?: string; json?: boolean },
): Promise<number> {
  if (args.interface === undefined) throw new UsageError('inject needs -i IFACE (see `wirepool interfaces`)');
  const speed = speedOption(args.speed, 1);
  const loop = wholeOption('--loop', args.loop, LOOPS) ?? LOOPS.default;
  const tty = !args.json && process.stderr.isTTY;
  const s = await run({
    iface: args.interface,
    file,
    speed,
    loop,
    ...(args.pps !== undefined ? { pps: positive('--pps', args.pps)! } : {}),
    ...(args.rewrite !== undefined ? { rewrite: args.rewrite } : {}),
    onWarning: (m) => process.stderr.write(`wirepool: ${m}\n`),
    ...(tty
      ? {
          onProgress: (p: InjectStats) =>
            process.stderr.write(`\r${p.sent.toLocaleString('en-US')} frames sent, ${Math.round(p.packetsPerSecond)} pkt/s   `),
        }
      : {}),
  });
  if (tty) process.stderr.write('\n');
  process.stdout.write(args.json ? `${JSON.stringify(s)}\n` : summary(s));
  return s.failed > 0 || s.skippedMtu > 0 ? 1 : 0;
}
