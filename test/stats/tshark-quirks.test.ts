import { describe, expect, it } from 'vitest';
import { DissectSession, dissectFrame } from '../../native-bridge/dissect/index.js';
import { ProtocolHierarchy, hierarchyText } from '../../native-bridge/stats/index.js';

/**
 * Two rules of TShark's `-q -z io,phs` that are not about any layer's bytes: the frame tap of a
 * frame whose capture ends inside an ICMP error's quoted datagram is an error packet's, which
 * the tap skips (the whole frame is left out), and NFLOG's header is added only to a tree that
 * is read, so the hierarchy starts at the packet NFLOG carries.
 */

/** An IPv4 header (no options) of `payload`, protocol `proto`. */
function ipv4(proto: number, payload: number[]): number[] {
  const len = 20 + payload.length;
  return [0x45, 0, len >> 8, len & 0xff, 0, 1, 0, 0, 64, proto, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2, ...payload];
}

const udp = (payload: number[]): number[] => [0x9c, 0x40, 0x9c, 0x41, 0, 8 + payload.length, 0, 0, ...payload];

/** An ICMP error of `type` quoting an IPv4/UDP datagram with 10 bytes of payload. */
const icmpError = (type: number, code: number): number[] => ipv4(1, [type, code, 0, 0, 0, 0, 0, 0, ...ipv4(17, udp(Array(10).fill(0x61)))]);

/** The hierarchy TShark would print over raw-IPv4 frames (LINKTYPE_IPV4), each captured up to its `capLen`. */
function phs(linkType: number, frames: readonly { bytes: number[]; capLen?: number }[]): { text: string; inError: boolean[] } {
  const session = new DissectSession();
  const hierarchy = new ProtocolHierarchy();
  const inError: boolean[] = [];
  frames.forEach(({ bytes, capLen = bytes.length }, i) => {
    const meta = { number: i + 1, sec: 1, nsec: 0, wireLen: bytes.length, capLen, interfaceId: -1, linkType };
    const d = dissectFrame(meta, Uint8Array.from(bytes.slice(0, capLen)), session);
    inError.push(d.pinfo.inErrorPacket);
    hierarchy.add(d, meta);
  });
  session.close();
  const text = [...hierarchyText(hierarchy.snapshot())]
    .filter((l) => /^ *[\w.]+ +frames:/.test(l))
    .map((l) => l.replace(/ +frames:(\d+) bytes:\d+/, ' $1'))
    .join('\n');
  return { text, inError };
}

describe("TShark's io,phs quirks", () => {
  it('leaves out a frame whose capture ends after an ICMP error set its error-packet flag', () => {
    const quench = icmpError(4, 0);
    const unreach = icmpError(3, 3);
    const { text, inError } = phs(228, [
      { bytes: quench }, // whole: counted
      { bytes: quench, capLen: 26 }, // 6 bytes of ICMP: tvb_new_subset_remaining(tvb, 8) fails with the flag set
      { bytes: quench, capLen: 24 }, // 4 bytes: the RFC 4884 length read fails first, before the flag
      { bytes: unreach, capLen: 34 }, // cut inside the quoted IP header: IP's short read is rethrown
    ]);
    expect(inError).toEqual([false, true, false, true]);
    // As TShark 4.0 prints it for these frames (the whole quench's quoted UDP payload is data).
    expect(text).toBe(['ip 2', '  icmp 1', '    data 1', '  _ws.short 1'].join('\n'));
  });

  it('counts an ICMP error whose quoted datagram is cut by its sender, not by the capture', () => {
    // The quoted UDP header claims 18 bytes but the datagram carries 8: UDP's payload read fails
    // inside the quoted packet, which Wireshark catches there, and the frame counts.
    const bytes = ipv4(1, [3, 3, 0, 0, 0, 0, 0, 0, ...ipv4(17, udp(Array(10).fill(0x61))).slice(0, 28)]);
    const { text, inError } = phs(228, [{ bytes }]);
    expect(inError).toEqual([false]);
    expect(text).toBe(['ip 1', '  icmp 1'].join('\n'));
  });

  it('has no NFLOG node: packet-nflog.c adds its header only to a tree someone reads', () => {
    const packet = ipv4(17, udp([1, 2, 3, 4]));
    const tlv = (type: number, value: number[]): number[] => {
      const len = 4 + value.length;
      return [len & 0xff, len >> 8, type, 0, ...value, ...Array(((len + 3) & ~3) - len).fill(0)];
    };
    const bytes = [2, 0, 0, 0, ...tlv(1, [0x08, 0x00, 1, 0]), ...tlv(9, packet)];
    const session = new DissectSession();
    const d = dissectFrame(
      { number: 1, sec: 1, nsec: 0, wireLen: bytes.length, capLen: bytes.length, interfaceId: -1, linkType: 239 },
      Uint8Array.from(bytes),
      session,
    );
    session.close();
    expect(d.pinfo.protocols.slice(0, 3)).toEqual(['nflog', 'ip', 'udp']);
    expect(phs(239, [{ bytes }]).text.split('\n')[0]).toBe('ip 1');
  });
});
