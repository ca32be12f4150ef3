import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { timeSpan } from '../core/frame-times.js';
import type { PacketInfo } from '../core/packet-info.js';
import { frameSlot } from '../core/session.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';

/**
 * ATA over Ethernet (EtherType 0x88a2), version 1: the header and, for ATA commands, the ATA
 * header. Info is Wireshark's (`Issue ATA Command Request ATA:Read ext`); a response names its
 * request's ATA command where the request was seen before it in the same conversation (the two
 * Ethernet addresses) with the same tag, as TShark's one pass matches them.
 */
const COMMANDS: Record<number, string> = { 0: 'Issue ATA Command', 1: 'Query Config Information' };
const ATA_COMMANDS: Record<number, string> = {
  0x20: 'Read',
  0x24: 'Read ext',
  0x30: 'Write',
  0x34: 'Write ext',
  0xe7: 'Flush',
  0xea: 'Flush ext',
  0xec: 'Identify Device',
};
const P = fieldTable.register('aoe', 'ATAoverEthernet', [
  { abbrev: 'aoe.version', name: 'Version', type: 'uint', bits: 8, mask: 0xf0, maskBits: 8 },
  { abbrev: 'aoe.response', name: 'Response flag', type: 'bool', mask: 0x08, maskBits: 8 },
  { abbrev: 'aoe.flags_error', name: 'Error flag', type: 'bool', mask: 0x04, maskBits: 8 },
  { abbrev: 'aoe.error', name: 'Error', type: 'uint', bits: 8 },
  { abbrev: 'aoe.major', name: 'Major', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'aoe.minor', name: 'Minor', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'aoe.cmd', name: 'Command', type: 'uint', bits: 8, strings: COMMANDS },
  { abbrev: 'aoe.tag', name: 'Tag', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'aoe.response_to', name: 'Response To', type: 'framenum', generated: true },
  { abbrev: 'aoe.time', name: 'Time from request', type: 'time', generated: true },
  { abbrev: 'aoe.aflags.e', name: 'E', type: 'bool', mask: 0x40, maskBits: 8 },
  { abbrev: 'aoe.aflags.w', name: 'W', type: 'bool', mask: 0x01, maskBits: 8 },
  { abbrev: 'aoe.err_feature', name: 'Err/Feature', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'aoe.sector_count', name: 'Sector Count', type: 'uint', bits: 8 },
  { abbrev: 'aoe.ata.cmd', name: 'ATA Cmd', type: 'uint', base: 'hex', bits: 8, strings: ATA_COMMANDS },
  { abbrev: 'aoe.ata.status', name: 'ATA Status', type: 'uint', base: 'hex', bits: 8 },
]);
const f = P.f;

/** An ATA command request waiting for its response: its frame, command and time. */
interface AtaRequest {
  frame: number;
  cmd: number;
  sec: number;
  nsec: number;
}

/** A response's match (first pass), kept for revisits: the request's frame (-1: none), command and the time since it. */
interface AtaMatch {
  reqFrame: number;
  cmd: number;
  ds: number;
  dn: number;
}
const UNMATCHED: AtaMatch = { reqFrame: -1, cmd: 0, ds: 0, dn: 0 };

const ATA_MATCH = frameSlot<AtaMatch>('aoe.requests', {
  write(v, out) {
    out.int(v.reqFrame);
    if (v.reqFrame < 0) return;
    out.int(v.cmd);
    out.f64(v.ds);
    out.int(v.dn);
  },
  read(from) {
    const reqFrame = from.int();
    return reqFrame < 0 ? UNMATCHED : { reqFrame, cmd: from.int(), ds: from.f64(), dn: from.int() };
  },
});

/** Unmatched requests by conversation and tag; a response takes its request out (matched once). */
const newRequests = (): Map<string, AtaRequest> => new Map();
/** Requests kept at most: the oldest go first, so a flood of unanswered requests stays bounded. */
const MAX_REQUESTS = 4096;

function requestKey(pinfo: PacketInfo, tag: number): string {
  const a = pinfo.src;
  const b = pinfo.dst;
  return a < b ? `${a} ${b} ${tag}` : `${b} ${a} ${tag}`;
}

/** The first pass's matching: a request is remembered (replacing one of its tag), a response takes its request. */
function match(pinfo: PacketInfo, response: boolean, tag: number, cmd: number): AtaMatch {
  const requests = pinfo.session.state('aoe.requests', newRequests);
  const key = requestKey(pinfo, tag);
  const { number, sec, nsec } = pinfo.frame;
  if (!response) {
    requests.delete(key);
    if (requests.size >= MAX_REQUESTS) requests.delete(requests.keys().next().value!);
    requests.set(key, { frame: number, cmd, sec, nsec });
    return UNMATCHED;
  }
  const req = requests.get(key);
  if (req === undefined) return UNMATCHED;
  requests.delete(key);
  const [ds, dn] = timeSpan(sec, nsec, req.sec, req.nsec);
  return { reqFrame: req.frame, cmd: req.cmd, ds, dn };
}

const ataName = (cmd: number): string => ATA_COMMANDS[cmd] ?? ` Unknown ATA<0x${cmd.toString(16).padStart(2, '0')}>`;

const aoe: Dissector = {
  name: 'aoe',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'AoE';
    pinfo.setInfo('');
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const b0 = tvb.u8(0);
    tree.add(node, f.version, tvb, 0, 1, b0 >> 4);
    if (b0 >> 4 !== 1) return;
    const response = (b0 & 0x08) !== 0;
    tree.add(node, f.response, tvb, 0, 1, response);
    tree.add(node, f.flags_error, tvb, 0, 1, (b0 & 0x04) !== 0);
    tree.add(node, f.error, tvb, 1, 1, tvb.u8(1));
    tree.add(node, f.major, tvb, 2, 2, tvb.u16(2));
    tree.add(node, f.minor, tvb, 4, 1, tvb.u8(4));
    const cmd = tvb.u8(5);
    tree.add(node, f.cmd, tvb, 5, 1, cmd);
    pinfo.setInfo(`${COMMANDS[cmd] ?? `Unknown command<${cmd}>`} ${response ? 'Response' : 'Request'}`);
    const tag = tvb.u32(6);
    tree.add(node, f.tag, tvb, 6, 4, tag);
    if (cmd === 0) dissectAta(tvb, pinfo, tree, node, response, tag);
  },
};

/** The ATA header after the AoE one (offset 10), with request/response matching (Wireshark's dissect_ata_pdu). */
function dissectAta(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, node: number, response: boolean, tag: number): void {
  // The request's command is read before the match is recorded (a read past the end throws first).
  const ata = tvb.u8(13);
  const m = pinfo.frameData(ATA_MATCH, () => match(pinfo, response, tag, ata));
  if (response && m.reqFrame >= 0) {
    tree.add(node, f.response_to, tvb, 0, 0, m.reqFrame);
    tree.add(node, f.time, tvb, 10, 0, [m.ds, m.dn]);
  }
  const flags = tvb.u8(10);
  tree.add(node, f['aflags.e'], tvb, 10, 1, (flags & 0x40) !== 0);
  tree.add(node, f['aflags.w'], tvb, 10, 1, (flags & 0x01) !== 0);
  tree.add(node, f.err_feature, tvb, 11, 1, tvb.u8(11));
  tree.add(node, f.sector_count, tvb, 12, 1, tvb.u8(12));
  if (!response) {
    tree.add(node, f['ata.cmd'], tvb, 13, 1, ata);
    pinfo.appendInfo(`ATA:${ataName(ata)}`);
    return;
  }
  tree.add(node, f['ata.status'], tvb, 13, 1, ata);
  if (m.reqFrame >= 0) {
    tree.add(node, f['ata.cmd'], tvb, 0, 0, m.cmd);
    pinfo.appendInfo(`ATA:${ataName(m.cmd)}`);
  }
}

dissectorTable('ethertype').add(0x88a2, aoe);
