import { parseArgs } from 'node:util';
import { WirepoolError } from '../../native-bridge/common/errors.js';
import { FOLLOW_FORMATS, StreamFollower, followText, type FollowFormat } from '../../native-bridge/follow/index.js';
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
    const missing = follower.missingFields();
    const known =
      r.streams === 0
        ? `${file} has no ${protocol.toUpperCase()} streams`
        : `${file} has ${r.streams} ${protocol.toUpperCase()} stream${r.streams === 1 ? '' : 's'} (${protocol}.stream 0 to ${r.streams - 1})`;
    throw new WirepoolError(
      'FOLLOW_NO_STREAM',
      `no ${protocol}.stream ${r.stream}: ${known}${missing.length ? `; the decoders do not provide ${missing.join(', ')}` : ''}`,
      {
        hint:
          r.streams > 0 ? `pick an index below ${r.streams} (\`wirepool stats FILE --conversations ${protocol}\` lists them)` : undefined,
      },
    );
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
