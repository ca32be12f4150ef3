import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packetMeta, type PacketMeta } from '../../native-bridge/common/index.js';
import { DissectSession, dissectFrame } from '../../native-bridge/dissect/index.js';
import { type FindView, findStep, findTest } from '../../native-bridge/engine/find.js';
import { compileFilter } from '../../native-bridge/filter/index.js';
import { openCapture } from '../../native-bridge/formats/index.js';
import { BufferPool } from '../../native-bridge/pool/index.js';
import { type OpArgs, parseFindHex } from '../../native-bridge/protocol/index.js';
import { ROOT, readAll } from '../helpers/corpus.js';

const { frames } = readAll(openCapture(path.join(ROOT, 'samples/sample.pcapng')));
const metas: PacketMeta[] = frames.map((f, i) => packetMeta({ ...f, data: { bytes: f.bytes } } as never, i + 1));
const session = new DissectSession(new BufferPool());
const summaries = frames.map((f, i) => {
  const { pinfo } = dissectFrame(metas[i]!, f.bytes, session);
  return new TextEncoder().encode([pinfo.src, pinfo.dst, pinfo.protocol, pinfo.info].join('\x1f'));
});

/** The sample's store, every packet shown (rows = store indexes), or the rows `only` keeps. */
function view(only?: number[]): FindView {
  const rows = only ?? frames.map((_, i) => i);
  return {
    total: rows.length,
    index: (r) => rows[r]!,
    read: (first, count) => (add) => {
      for (let i = first; i < first + count; i++) add(metas[i]!, frames[i]!.bytes);
    },
    summary: (i) => summaries[i]!,
    session,
  };
}

const args = (a: Partial<OpArgs<'find'>> & Pick<OpArgs<'find'>, 'kind' | 'text'>): OpArgs<'find'> => ({ runId: 1, viewId: 0, ...a });

/** Rows in search order after `origin`, the first that `pass` takes: what Find must answer. */
function expected(total: number, origin: number | undefined, back: boolean, pass: (row: number) => boolean): number | undefined {
  for (let k = 0; k < total; k++) {
    const row = origin === undefined ? (back ? total - 1 - k : k) : (((back ? origin - 1 - k : origin + 1 + k) % total) + total) % total;
    if (pass(row)) return row;
  }
  return undefined;
}

describe('find packet', () => {
  it('by display filter, forwards and backwards from any row, wrapping: the first match in search order', () => {
    for (const text of ['tcp.flags.syn == 1', 'dns', 'tcp.analysis.retransmission', 'http.request.method == "GET"', 'ip.ttl == 1']) {
      const f = compileFilter(text);
      const passes = frames.map((fr, i) => f.matches(dissectFrame(metas[i]!, fr.bytes, session).tree));
      for (const back of [false, true])
        for (const origin of [undefined, 0, 7, 50, 112]) {
          const r = findStep(
            view(),
            findTest(args({ kind: 'filter', text, backward: back, origin })),
            args({ kind: 'filter', text, backward: back, origin }),
            Infinity,
          );
          expect(r.done).toBe(true);
          expect(r.row, `${text} from ${origin} ${back ? 'back' : 'on'}`).toBe(
            expected(frames.length, origin, back, (row) => passes[row]!),
          );
        }
    }
  });

  it('by hex value and by string in bytes, list text or detail; in a filtered view rows are its rows', () => {
    const hay = (i: number) => Buffer.from(frames[i]!.bytes);
    const on = (a: OpArgs<'find'>, v = view()) => findStep(v, findTest(a), a, Infinity).row;
    expect(on(args({ kind: 'hex', text: '47 45 54' }))).toBe(expected(113, undefined, false, (r) => hay(r).includes('GET')));
    expect(on(args({ kind: 'hex', text: '474554', origin: 8 }))).toBe(expected(113, 8, false, (r) => hay(r).includes('GET')));
    expect(on(args({ kind: 'string', text: 'get /', scope: 'bytes' }))).toBe(
      expected(113, undefined, false, (r) => hay(r).includes('GET /')),
    );
    expect(on(args({ kind: 'string', text: 'get /', scope: 'bytes', caseSensitive: true }))).toBeUndefined();
    expect(on(args({ kind: 'string', text: 'standard query', scope: 'list' }))).toBe(2);
    expect(on(args({ kind: 'string', text: 'Hypertext Transfer', scope: 'detail' }))).toBe(7);
    // Only frames 3, 8 and 20 shown: the second row is frame 8.
    const r = findStep(view([2, 7, 19]), findTest(args({ kind: 'hex', text: '474554' })), args({ kind: 'hex', text: '474554' }), Infinity);
    expect([r.row, r.number]).toEqual([1, 8]);
  });

  it('says what is wrong with bad input', () => {
    expect(parseFindHex('45 0')).toMatch(/odd number of hex digits/);
    expect(parseFindHex('4g')).toMatch(/not hex/);
    expect(parseFindHex('45:00-01')).toEqual(Uint8Array.of(0x45, 0, 1));
    expect(() => findTest(args({ kind: 'hex', text: '450' }))).toThrow(/odd number/);
    expect(() => findTest(args({ kind: 'filter', text: 'tcp.port == 99999' }))).toThrow(/too big/);
    expect(() => findTest(args({ kind: 'string', text: '' }))).toThrow(/no string/);
  });
});
