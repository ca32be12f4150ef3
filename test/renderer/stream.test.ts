/**
 * Follow Stream in the renderer: the store's dialog slice against a FakeHost answering with the
 * engine's own follow over the sample (native-bridge/engine/worker-follow.ts), and the pure
 * helpers (which streams a packet is in, what Save as… writes).
 */
import { describe, expect, it } from 'vitest';
import { DissectSession, dissectFrame } from '../../native-bridge/dissect/index.js';
import { StreamFollower } from '../../native-bridge/follow/index.js';
import { BufferPool } from '../../native-bridge/pool/index.js';
import { streamFile, streamProtocols } from '../../renderer/src/lib/stream.js';
import { createUiStore } from '../../renderer/src/store/ui-store.js';
import { engineFollow } from './engine-follow.js';
import { FakeHost } from './fake-host.js';
import { SAMPLE, sampleFrames, tick } from './helpers.js';

async function opened() {
  const host = new FakeHost();
  const store = createUiStore({ send: host.send, flushMs: 0, rowBlock: 1 });
  host.connect((m) => store.getState().receive(m));
  const s = () => store.getState();
  s().hello();
  s().open(SAMPLE);
  host.answerAll();
  await tick();
  s().setFollow(false);
  s().ensureRows(0, 20);
  host.answerAll();
  await tick();
  return { host, s };
}

describe('the Follow Stream dialog in the store', () => {
  it("follows the selected packet's stream, shows it, applies its filter; format and stream switches ask again; close restores the filter", async () => {
    const { host, s } = await opened();
    s().select(7); // frame 8: the HTTP request of tcp.stream 0
    host.answerAll('packet');
    await tick();
    expect(streamProtocols(s().detail!.nodes)).toEqual(['tcp']);
    s().followStream('tcp');
    const [first] = host.waiting('follow');
    expect(first!.args).toEqual({ runId: host.runId, protocol: 'tcp', format: 'ascii', packet: 8 });
    expect(s().stream).toMatchObject({ protocol: 'tcp', stream: undefined, loading: true, previousFilter: '' });
    host.reply(first!, await engineFollow(first!.args));
    await tick();
    expect(s().stream).toMatchObject({ stream: 0, loading: false, result: { filter: 'tcp.stream eq 0', streams: 2 } });
    expect(s().filterText).toBe('tcp.stream eq 0');
    expect(host.waiting('filter').map((r) => r.args.filter)).toEqual(['tcp.stream eq 0']);
    host.answerAll('filter');
    await tick();

    // Hex, then the next stream before the hex answer came: only the newest answer is shown.
    s().setStreamFormat('hex');
    s().showStream(1);
    const [hex, next] = host.waiting('follow');
    expect(hex!.args).toMatchObject({ stream: 0, format: 'hex' });
    expect(next!.args).toMatchObject({ stream: 1, format: 'hex' });
    host.reply(next!, await engineFollow(next!.args));
    host.reply(hex!, await engineFollow(hex!.args));
    await tick();
    expect(s().stream).toMatchObject({ stream: 1, format: 'hex', result: { stream: 1, format: 'hex', filter: 'tcp.stream eq 1' } });
    expect(s().filterText).toBe('tcp.stream eq 1');
    s().showStream(2); // past the last stream: nothing asked
    expect(host.waiting('follow')).toEqual([]);
    host.answerAll('filter');
    await tick();

    s().closeStream();
    expect(s().stream).toBeUndefined();
    expect(s().filterText).toBe('');
    expect(host.waiting('filter').map((r) => r.args.filter)).toEqual(['']);
  });

  it("a cancelled follow says nothing; a stream that is not there is shown as an error; nothing selected is the user's error", async () => {
    const { host, s } = await opened();
    s().followStream('udp');
    expect(s().errors.at(-1)).toMatchObject({ code: 'UI_NO_PACKET' });
    s().select(2); // frame 3: DNS over UDP
    host.answerAll('packet');
    await tick();
    expect(streamProtocols(s().detail!.nodes)).toEqual(['udp']);
    s().followStream('udp');
    host.fail(host.waiting('follow')[0]!, { code: 'FOLLOW_CANCELLED', message: 'replaced' });
    await tick();
    expect(s().errors).toHaveLength(1);
    s().followStream('tcp');
    const req = host.waiting('follow')[0]!;
    await expect(engineFollow(req.args)).rejects.toMatchObject({ code: 'FOLLOW_NOT_IN_STREAM' });
    host.fail(req, { code: 'FOLLOW_NOT_IN_STREAM', message: 'packet 3 is not part of a TCP stream' });
    await tick();
    expect(s().errors.at(-1)).toMatchObject({ about: 'follow', code: 'FOLLOW_NOT_IN_STREAM' });
    expect(s().stream?.loading).toBe(false);
  });
});

describe('Save as…', () => {
  it('raw: the bytes of the stream, both directions in order; ascii and hex: the text shown', async () => {
    const raw = await engineFollow({ runId: 1, protocol: 'tcp', stream: 0, format: 'raw' });
    const f = streamFile(raw);
    expect(f).toMatchObject({ name: 'tcp-stream-0.bin', type: 'application/octet-stream' });
    // The same bytes the follower delivers, read straight from it.
    const session = new DissectSession(new BufferPool(), { revisits: false });
    const follower = new StreamFollower('tcp', 0);
    for (const fr of sampleFrames()) follower.add(dissectFrame(fr.meta, fr.bytes, session), fr.meta);
    const chunks = follower.result().chunks;
    expect(Buffer.from(f.bytes)).toEqual(Buffer.concat(chunks.map((c) => c.data)));
    expect(new TextDecoder().decode(f.bytes.subarray(0, 16))).toBe('GET /index.html ');

    const hex = await engineFollow({ runId: 1, protocol: 'tcp', stream: 0, format: 'hex' });
    const h = streamFile(hex);
    expect(h.name).toBe('tcp-stream-0-hex.txt');
    expect(new TextDecoder().decode(h.bytes)).toBe(hex.parts.map((p) => p.text).join(''));
  });
});
