import { parseArgs } from 'node:util';
import { FOLLOW_FORMATS, StreamFollower, followText, noStreamError, type FollowFormat } from '../../native-bridge/follow/index.js';
import { LineWriter } from '../output.js';
import { UsageError } from '../usage.js';
import { dissectFile } from './stats.js';

function streamIndex(option: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n))
    throw new UsageError(`--${option} takes a stream index (0, 1, ...: ${option}.stream), got "${value}"`);
  return n;
}

/**
 * `wirepool follow FILE --tcp N | --udp N [--format ascii|hex|raw]`: one stream's payload,
 * both directions in order, as `tshark -q -z follow,PROTO,FORMAT,N` prints it.
 */
export function follow(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { tcp: { type: 'string' }, udp: { type: 'string' }, format: { type: 'string' } },
  });
  if (positionals.length !== 1) throw new UsageError(`follow takes one capture file, got ${positionals.length}`);
  if ((values.tcp === undefined) === (values.udp === undefined)) throw new UsageError('follow takes one of --tcp N or --udp N');
  const format = (values.format ?? 'ascii') as FollowFormat;
  if (!FOLLOW_FORMATS.includes(format)) throw new UsageError(`--format takes one of ${FOLLOW_FORMATS.join(', ')}, got "${values.format}"`);
  const protocol = values.tcp !== undefined ? 'tcp' : 'udp';
  const follower = new StreamFollower(protocol, streamIndex(protocol, (values.tcp ?? values.udp)!));
  const file = positionals[0]!;

  let failure: unknown;
  try {
    dissectFile(file, (d, frame) => follower.add(d, frame));
  } catch (e) {
    failure = e;
  }
  const r = follower.result();
  if (r.nodes === undefined) {
    if (failure !== undefined) throw failure;
    throw noStreamError(r, file, follower.missingFields());
  }
  const out = new LineWriter();
  for (const line of followText(r, format)) {
    if (out.closed) break;
    out.line(line);
  }
  out.flush();
  if (failure !== undefined) throw failure;
  return 0;
}
