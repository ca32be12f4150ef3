import { beginProtocol } from '../core/dispatch.js';
import { fieldTable, textItem } from '../core/fields.js';
import type { PacketInfo } from '../core/packet-info.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { type MediaSetup, addSetup } from './rtp-setup.js';
import { VERSION_NAMES } from './rtp-types.js';

/**
 * RTCP (RFC 3550 section 6) on the conversations SDP set up (port + 1 of an RTP stream): a
 * compound datagram of packets, each with its own protocol node as TShark shows them (Sender
 * Report, Receiver Report with report blocks, Source description chunks, Goodbye, others by
 * type and length). Info lists the packet types, each followed by three spaces (TShark's).
 */
export const RTCP_TYPES: Readonly<Record<number, string>> = {
  192: 'Full Intra-frame Request (H.261)',
  193: 'Negative Acknowledgement (H.261)',
  194: 'SMPTE time-code mapping',
  195: 'Extended inter-arrival jitter report',
  200: 'Sender Report',
  201: 'Receiver Report',
  202: 'Source description',
  203: 'Goodbye',
  204: 'Application specific',
  205: 'Generic RTP Feedback',
  206: 'Payload-specific Feedback',
  207: 'Extended report (RFC 3611)',
  208: 'AVB RTCP packet (IEEE1733)',
  209: 'Receiver Summary Information',
  210: 'Port Mapping',
};

const SDES_TYPES: Readonly<Record<number, string>> = {
  0: 'END',
  1: 'CNAME (user and domain)',
  2: 'NAME (common name)',
  3: 'EMAIL (e-mail address)',
  4: 'PHONE (phone number)',
  5: 'LOC (geographic location)',
  6: 'TOOL (name/version of source app)',
  7: 'NOTE (note about source)',
  8: 'PRIV (private extensions)',
  9: 'H323-CADDR (H.323 callable address)',
  10: 'Application Specific Identifier',
};

const P = fieldTable.register('rtcp', 'Real-time Transport Control Protocol', [
  { abbrev: 'rtcp.setup', name: 'Stream setup', type: 'string' },
  { abbrev: 'rtcp.setup-frame', name: 'Setup frame', type: 'framenum' },
  { abbrev: 'rtcp.setup-method', name: 'Setup Method', type: 'string' },
  {
    abbrev: 'rtcp.version',
    name: 'Version',
    type: 'uint',
    bits: 8,
    strings: VERSION_NAMES,
  },
  { abbrev: 'rtcp.padding', name: 'Padding', type: 'bool' },
  { abbrev: 'rtcp.rc', name: 'Reception report count', type: 'uint', bits: 8 },
  { abbrev: 'rtcp.sc', name: 'Source count', type: 'uint', bits: 8 },
  { abbrev: 'rtcp.pt', name: 'Packet type', type: 'uint', bits: 8, strings: RTCP_TYPES },
  { abbrev: 'rtcp.length', name: 'Length', type: 'uint', bits: 16 },
  { abbrev: 'rtcp.senderssrc', name: 'Sender SSRC', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'rtcp.timestamp.ntp.msw', name: 'Timestamp, MSW', type: 'uint', bits: 32 },
  { abbrev: 'rtcp.timestamp.ntp.lsw', name: 'Timestamp, LSW', type: 'uint', bits: 32 },
  { abbrev: 'rtcp.timestamp.rtp', name: 'RTP timestamp', type: 'uint', bits: 32 },
  { abbrev: 'rtcp.sender.packetcount', name: "Sender's packet count", type: 'uint', bits: 32 },
  { abbrev: 'rtcp.sender.octetcount', name: "Sender's octet count", type: 'uint', bits: 32 },
  { abbrev: 'rtcp.ssrc.identifier', name: 'Identifier', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'rtcp.ssrc.fraction', name: 'Fraction lost', type: 'uint', bits: 8 },
  { abbrev: 'rtcp.ssrc.cum_nr', name: 'Cumulative number of packets lost', type: 'int', bits: 24 },
  { abbrev: 'rtcp.ssrc.ext_high', name: 'Extended highest sequence number received', type: 'uint', bits: 32 },
  { abbrev: 'rtcp.ssrc.high_cycles', name: 'Sequence number cycles count', type: 'uint', bits: 16 },
  { abbrev: 'rtcp.ssrc.high_seq', name: 'Highest sequence number received', type: 'uint', bits: 16 },
  { abbrev: 'rtcp.ssrc.jitter', name: 'Interarrival jitter', type: 'uint', bits: 32 },
  { abbrev: 'rtcp.ssrc.lsr', name: 'Last SR timestamp', type: 'uint', bits: 32 },
  { abbrev: 'rtcp.ssrc.dlsr', name: 'Delay since last SR timestamp', type: 'uint', bits: 32 },
  { abbrev: 'rtcp.sdes.type', name: 'Type', type: 'uint', bits: 8, strings: SDES_TYPES },
  { abbrev: 'rtcp.sdes.length', name: 'Length', type: 'uint', bits: 32 },
  { abbrev: 'rtcp.sdes.text', name: 'Text', type: 'string' },
  { abbrev: 'rtcp.profile-specific-extension', name: 'Profile-specific extension', type: 'bytes' },
  { abbrev: 'rtcp.length_check', name: 'RTCP frame length check', type: 'bool' },
]);
const f = P.f;
const SETUP_FIELDS = { setup: f.setup, frame: f['setup-frame'], method: f['setup-method'] };

const SR = 200;
const RR = 201;
const SDES = 202;
const BYE = 203;

const ssrcText = (label: string, v: number): string => `${label}: 0x${v.toString(16).padStart(8, '0')} (${v})`;

/** Report blocks (RFC 3550 6.4.1) at `off`; returns the offset after them. */
function reportBlocks(tvb: Tvb, tree: ProtoTree, node: number, off: number, count: number): number {
  for (let i = 1; i <= count; i++, off += 24) {
    const src = tree.add(node, textItem, tvb, off, 24, undefined, `Source ${i}`);
    const id = tvb.u32(off);
    tree.add(src, f['ssrc.identifier'], tvb, off, 4, id, ssrcText('Identifier', id));
    const fraction = tvb.u8(off + 4);
    tree.add(src, f['ssrc.fraction'], tvb, off + 4, 1, fraction, `Fraction lost: ${fraction} / 256`);
    let lost = tvb.u24(off + 5);
    if (lost & 0x800000) lost -= 0x1000000;
    tree.add(src, f['ssrc.cum_nr'], tvb, off + 5, 3, lost);
    const high = tvb.u32(off + 8);
    const ext = tree.add(src, f['ssrc.ext_high'], tvb, off + 8, 4, high);
    tree.add(ext, f['ssrc.high_cycles'], tvb, off + 8, 2, high >>> 16);
    tree.add(ext, f['ssrc.high_seq'], tvb, off + 10, 2, high & 0xffff);
    tree.add(src, f['ssrc.jitter'], tvb, off + 12, 4, tvb.u32(off + 12));
    tree.add(src, f['ssrc.lsr'], tvb, off + 16, 4, tvb.u32(off + 16));
    tree.add(src, f['ssrc.dlsr'], tvb, off + 20, 4, tvb.u32(off + 20));
  }
  return off;
}

function sdesChunks(tvb: Tvb, tree: ProtoTree, node: number, off: number, end: number, count: number): void {
  for (let c = 1; c <= count && off + 4 <= end; c++) {
    const id = tvb.u32(off);
    const start = off;
    const chunk = tree.add(node, textItem, tvb, off, 0, undefined, `Chunk ${c}, SSRC/CSRC 0x${id.toString(16).toUpperCase()}`);
    tree.add(chunk, f['ssrc.identifier'], tvb, off, 4, id, ssrcText('Identifier', id));
    off += 4;
    const items = tree.add(chunk, textItem, tvb, off, 0, undefined, 'SDES items');
    const itemsAt = off;
    while (off < end) {
      const type = tvb.u8(off);
      tree.add(items, f['sdes.type'], tvb, off, 1, type);
      if (type === 0) {
        off++;
        break;
      }
      const len = tvb.u8(off + 1);
      tree.add(items, f['sdes.length'], tvb, off + 1, 1, len);
      tree.add(items, f['sdes.text'], tvb, off + 2, len, tvb.ascii(off + 2, len));
      off += 2 + len;
    }
    off = Math.min(end, (off + 3) & ~3);
    tree.setLength(items, off - itemsAt);
    tree.setLength(chunk, off - start);
  }
}

export function dissectRtcp(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number, setup: MediaSetup): void {
  pinfo.protocol = 'RTCP';
  pinfo.setInfo('');
  let off = 0;
  let first = true;
  let last = parent;
  while (off + 4 <= tvb.length) {
    const b0 = tvb.u8(off);
    const pt = tvb.u8(off + 1);
    const words = tvb.u16(off + 2);
    const len = (words + 1) * 4;
    const name = RTCP_TYPES[pt] ?? `Unknown (${pt})`;
    const pkt = tvb.sub(off, Math.min(len, tvb.length - off));
    const node = first ? beginProtocol(P, pkt, pinfo, tree, parent) : tree.add(parent, P.proto, pkt, 0, pkt.length);
    first = false;
    last = node;
    tree.setText(node, `Real-time Transport Control Protocol (${name})`);
    pinfo.appendInfo(`${name}   `, '');
    addSetup(tree, node, pkt, setup, SETUP_FIELDS, undefined);
    const count = b0 & 0x1f;
    tree.add(node, f.version, pkt, 0, 1, b0 >> 6);
    tree.add(node, f.padding, pkt, 0, 1, (b0 & 0x20) !== 0);
    tree.add(node, pt === SDES || pt === BYE ? f.sc : f.rc, pkt, 0, 1, count);
    tree.add(node, f.pt, pkt, 1, 1, pt);
    tree.add(node, f.length, pkt, 2, 2, words, `Length: ${words} (${len} bytes)`);
    const end = off + len;
    tvb.check(off, len);
    let p = off + 4;
    if (pt === SR || pt === RR) {
      const ssrc = tvb.u32(p);
      tree.add(node, f.senderssrc, tvb, p, 4, ssrc, ssrcText('Sender SSRC', ssrc));
      p += 4;
      if (pt === SR) {
        tree.add(node, f['timestamp.ntp.msw'], tvb, p, 4, tvb.u32(p));
        tree.add(node, f['timestamp.ntp.lsw'], tvb, p + 4, 4, tvb.u32(p + 4));
        tree.add(node, f['timestamp.rtp'], tvb, p + 8, 4, tvb.u32(p + 8));
        tree.add(node, f['sender.packetcount'], tvb, p + 12, 4, tvb.u32(p + 12));
        tree.add(node, f['sender.octetcount'], tvb, p + 16, 4, tvb.u32(p + 16));
        p += 20;
      }
      p = reportBlocks(tvb, tree, node, p, count);
      if (p < end) tree.add(node, f['profile-specific-extension'], tvb, p, end - p, tvb.view(p, end - p));
    } else if (pt === SDES) sdesChunks(tvb, tree, node, p, end, count);
    else if (pt === BYE) {
      for (let i = 0; i < count && p + 4 <= end; i++, p += 4) {
        const id = tvb.u32(p);
        tree.add(node, f['ssrc.identifier'], tvb, p, 4, id, ssrcText('Identifier', id));
      }
      if (p < end) {
        const rlen = tvb.u8(p);
        tree.add(node, f['sdes.length'], tvb, p, 1, rlen);
        tree.add(node, f['sdes.text'], tvb, p + 1, rlen, tvb.ascii(p + 1, rlen));
      }
    }
    off = end;
  }
  if (off === tvb.length && !first) tree.add(last, f.length_check, tvb, 0, 0, true, `[RTCP frame length check: OK - ${off} bytes]`);
}
