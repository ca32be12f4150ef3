import { performance } from 'node:perf_hooks';
import { WirepoolError } from '../common/errors.js';
import { DissectSession, dissectFrame } from '../dissect/index.js';
import { BoundedFollower, type BoundedResult, followParts, noStreamError, transportLayers } from '../follow/index.js';
import type { BufferPool } from '../pool/index.js';
import { FOLLOW_LIMIT, type OpArgs, type OpResult } from '../protocol/index.js';
import type { Run } from './worker-run.js';

/** Packets read back per step, and the longest slice before the worker looks at its messages again (as the filter view's). */
const STEP = 512;
const SLICE_MS = 8;

/** What following needs of a run: its packets, how many the store holds, the store's session (revisits) and its view pool. */
export interface FollowSource {
  readonly runId: number;
  readonly run: Run;
  count(): number;
  readonly session: DissectSession;
  readonly viewPool: BufferPool;
}

/**
 * The last stream followed (at most `limit` bytes), so the same stream in another format costs
 * no second pass over the run: the key names the run, stream, packets seen and limit.
 */
export interface FollowMemo {
  last?: { key: string; result: BoundedResult; missing: string[] };
}

/** The stream packet `number` belongs to: a revisit on the store's session reads what the first pass decided. */
function streamOf(src: FollowSource, protocol: 'tcp' | 'udp', number: number): number {
  if (number > src.count())
    throw new WirepoolError('ENGINE_NO_PACKET', `packet ${number}: the run has ${src.count()} packets`, {
      hint: 'pick a packet of the list',
    });
  let stream: number | undefined;
  src.run.packets(
    number - 1,
    1,
  )((meta, bytes) => {
    stream = transportLayers(dissectFrame(meta, bytes, src.session), protocol)[0]?.stream;
  });
  if (stream === undefined || stream < 0)
    throw new WirepoolError('FOLLOW_NOT_IN_STREAM', `packet ${number} is not part of a ${protocol.toUpperCase()} stream`, {
      hint: `pick a ${protocol.toUpperCase()} packet, or follow the other protocol`,
    });
  return stream;
}

/**
 * Follows one stream of the run over the packets in its store now: every packet read back and
 * dissected again in order on a session of its own (stream numbers need them all), in slices of
 * at most SLICE_MS so the worker answers the list meanwhile; at most `limit` bytes are kept.
 * `alive()` false (another run, a newer follow) ends it with FOLLOW_CANCELLED.
 */
export async function followStream(
  src: FollowSource,
  a: OpArgs<'follow'>,
  alive: () => boolean,
  memo: FollowMemo = {},
): Promise<OpResult<'follow'>> {
  const { protocol, format } = a;
  if ((a.stream === undefined) === (a.packet === undefined))
    throw new WirepoolError('FOLLOW_BAD_REQUEST', 'follow: give a stream index or a packet number (one of the two)', {
      hint: 'ask for `stream` N or for the stream of `packet` N',
    });
  const stream = a.stream ?? streamOf(src, protocol, a.packet!);
  const until = src.count();
  const limit = a.limit ?? FOLLOW_LIMIT;
  const key = `${src.runId}/${protocol}/${stream}/${until}/${limit}`;
  let followed = memo.last?.key === key ? memo.last : undefined;
  if (followed === undefined) {
    const follower = await follow(src, protocol, stream, limit, until, alive);
    followed = { key, result: follower.result(), missing: follower.missingFields() };
    memo.last = followed;
  }
  const r = followed.result;
  if (r.nodes === undefined) throw noStreamError(r, 'the run', followed.missing);
  // The UI's formats are the follow stage's: one it does not know would not compile here.
  const parts = [...followParts(r, format)].map((p) => ({
    ...(p.node !== undefined ? { node: p.node } : {}),
    text: `${p.lines.join('\n')}\n`,
  }));
  const bytes = r.chunks.reduce((n, c) => n + (c.missing === 0 ? c.data.length : 0), 0);
  return {
    runId: src.runId,
    protocol,
    stream,
    format,
    filter: `${protocol}.stream eq ${stream}`,
    streams: r.streams,
    parts,
    bytes,
    ...(r.truncated !== undefined ? { truncated: r.truncated } : {}),
  };
}

/** Packets 0..until-1 of the run, dissected in order, fed to a BoundedFollower in slices. */
async function follow(
  src: FollowSource,
  protocol: 'tcp' | 'udp',
  stream: number,
  limit: number,
  until: number,
  alive: () => boolean,
): Promise<BoundedFollower> {
  const follower = new BoundedFollower(protocol, stream, limit);
  const session = new DissectSession(src.viewPool, { revisits: false });
  try {
    for (let next = 0; next < until; ) {
      const deadline = performance.now() + SLICE_MS;
      while (next < until && performance.now() < deadline) {
        const n = Math.min(STEP, until - next);
        src.run.packets(next, n)((meta, bytes) => follower.add(dissectFrame(meta, bytes, session), meta));
        next += n;
      }
      if (next < until) await new Promise((resolve) => setImmediate(resolve));
      if (!alive())
        throw new WirepoolError('FOLLOW_CANCELLED', `follow ${protocol}.stream ${stream}: replaced by a newer request or run`, {
          hint: 'ask again',
        });
    }
  } finally {
    session.close();
  }
  return follower;
}
