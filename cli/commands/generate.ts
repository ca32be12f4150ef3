import { PROFILE_NAMES, writeCapture, type ProfileName } from '../../native-bridge/generate/index.js';
import { UsageError } from '../usage.js';

function whole(flag: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (!/^\d+$/.test(v)) throw new UsageError(`${flag} ${v}: expected a whole number`);
  return Number(v);
}

/** `wirepool generate`: a deterministic capture of realistic traffic (same seed → same bytes). */
export function generate(args: { profile?: string; packets?: string; seed?: string; write?: string; json?: boolean }): number {
  if (args.write === undefined) throw new UsageError('generate needs -w FILE.pcap or -w FILE.pcapng');
  const profile = args.profile ?? 'mixed';
  if (!(PROFILE_NAMES as readonly string[]).includes(profile))
    throw new UsageError(`--profile ${profile}: expected one of ${PROFILE_NAMES.join(', ')}`);
  const packets = whole('--packets', args.packets, 10_000);
  const seed = whole('--seed', args.seed, 1);
  const t0 = performance.now();
  const s = writeCapture(args.write, { profile: profile as ProfileName, packets, seed });
  const seconds = (performance.now() - t0) / 1000;
  if (args.json) process.stdout.write(`${JSON.stringify({ ...s, seconds })}\n`);
  else
    process.stdout.write(
      `wrote ${s.file}: ${s.packets.toLocaleString('en-US')} packets, ${(s.bytes / 1e6).toFixed(1)} MB (${s.format}, profile ${s.profile}, seed ${s.seed}) in ${seconds.toFixed(1)} s\n`,
    );
  return 0;
}
