import type { Dissector } from '../core/dissector.js';
import { beginProtocol, dispatchPayload } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { ipv4String, ipv6String } from '../core/format.js';
import type { PacketInfo } from '../core/packet-info.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { LINKTYPE_ETHERNET } from './eth.js';

/**
 * InMon sFlow version 5 (UDP 6343): the datagram header and its samples; a flow sample's raw
 * packet header records that hold Ethernet frames are decoded as Ethernet (TShark does so with
 * the columns locked: they keep sFlow's Protocol, Info and addresses). Info is Wireshark's
 * (`V5, agent 30::1:1:1, sub-agent ID 0, seq 109, 1 samples`). Counter samples are not decoded.
 */
const P = fieldTable.register('sflow', 'InMon sFlow', []);
// TShark's field names for versions 2, 4 and 5 sit under `sflow_245`.
const S = fieldTable.register('sflow_245', 'InMon sFlow (versions 2, 4, 5)', [
  { abbrev: 'sflow_245.version', name: 'Datagram version', type: 'uint', bits: 32 },
  { abbrev: 'sflow_245.agenttype', name: 'Agent address type', type: 'uint', bits: 32 },
  { abbrev: 'sflow_245.sub_agent_id', name: 'Sub-agent ID', type: 'uint', bits: 32 },
  { abbrev: 'sflow_245.sequence_number', name: 'Sequence number', type: 'uint', bits: 32 },
  { abbrev: 'sflow_245.sysuptime', name: 'SysUptime', type: 'uint', bits: 32 },
  { abbrev: 'sflow_245.numsamples', name: 'NumSamples', type: 'uint', bits: 32 },
  { abbrev: 'sflow_245.sampletype', name: 'sFlow sample type', type: 'uint', bits: 32 },
  { abbrev: 'sflow_245.flow_record_format', name: 'Format', type: 'uint', bits: 32 },
  { abbrev: 'sflow_245.header_protocol', name: 'Header protocol', type: 'uint', bits: 32 },
  { abbrev: 'sflow_245.header', name: 'Header of sampled packet', type: 'bytes' },
]);
const f = S.f;

/** Samples and records a datagram may hold before the rest is left undecoded. */
const MAX_ITEMS = 256;
const HEADER_PROTOCOL_ETHERNET = 1;

/**
 * The sampled header as Ethernet, in sFlow's own tree (as TShark shows it: its protocols are on
 * the frame's stack, not in the hierarchy's chain), with the columns kept as sFlow set them.
 */
function sampledFrame(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, node: number): void {
  const { protocol, info, src, dst } = pinfo;
  dispatchPayload({ table: 'link_type', keys: [LINKTYPE_ETHERNET] }, tvb, pinfo, tree, node);
  pinfo.protocol = protocol;
  pinfo.info = info;
  pinfo.src = src;
  pinfo.dst = dst;
}

/** A flow sample's records from `off` (count at `off`): raw packet headers are decoded. */
function flowRecords(tvb: Tvb, off: number, pinfo: PacketInfo, tree: ProtoTree, node: number): void {
  const count = tvb.u32(off);
  off += 4;
  for (let r = 0; r < count && r < MAX_ITEMS; r++) {
    const format = tvb.u32(off) & 0xfff;
    const len = tvb.u32(off + 4);
    tree.add(node, f.flow_record_format, tvb, off, 4, format);
    if (format === 1) {
      const proto = tvb.u32(off + 8);
      const hlen = tvb.u32(off + 20);
      tree.add(node, f.header_protocol, tvb, off + 8, 4, proto);
      const header = tvb.sub(off + 24, Math.min(hlen, tvb.length - off - 24));
      tree.add(node, f.header, header, 0, header.length, header.bytes);
      if (proto === HEADER_PROTOCOL_ETHERNET) sampledFrame(header, pinfo, tree, node);
    }
    off += 8 + len;
  }
}

/** The bytes TShark reads of each standard counters record format (its fixed fields, whatever the record's length says). */
const COUNTER_SIZES: Record<number, number> = { 1: 88, 2: 52, 3: 72, 4: 80, 5: 28, 6: 80, 1001: 28, 1002: 12 };

/**
 * A counters sample's records from `off` (count at `off`; Wireshark's
 * dissect_sflow_5_counters_record): a standard record's fixed fields are read whatever its
 * length says, and the next record read after them; a non-standard one's length and data.
 */
function counterRecords(tvb: Tvb, off: number): void {
  const count = tvb.u32(off) & 0xff;
  off += 4;
  for (let r = 0; r < count; r++) {
    const word = tvb.u32(off);
    tvb.u32(off + 4);
    off += 8;
    if (word >>> 12 === 0) {
      const size = COUNTER_SIZES[word & 0xfff] ?? 0;
      tvb.check(off, size);
      off += size;
    } else {
      const len = tvb.u32(off - 4);
      tvb.check(off, len);
      off += len;
    }
  }
}

const sflow: Dissector = {
  name: 'sflow',
  dissect(tvb, pinfo, tree, parent) {
    const version = tvb.has(0, 4) ? tvb.u32(0) : 0;
    if (version !== 2 && version !== 4 && version !== 5) return false;
    pinfo.protocol = 'sFlow';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    tree.add(node, f.version, tvb, 0, 4, version);
    pinfo.setInfo(`V${version}`);
    const atype = tvb.u32(4);
    tree.add(node, f.agenttype, tvb, 4, 4, atype);
    let off = 8;
    let agent = 'unknown';
    if (atype === 1) {
      agent = ipv4String(tvb.u32(8));
      off += 4;
    } else if (atype === 2) {
      agent = ipv6String(tvb.view(8, 16));
      off += 16;
    }
    if (version !== 5) return;
    const sub = tvb.u32(off);
    const seq = tvb.u32(off + 4);
    tree.add(node, f.sub_agent_id, tvb, off, 4, sub);
    tree.add(node, f.sequence_number, tvb, off + 4, 4, seq);
    tree.add(node, f.sysuptime, tvb, off + 8, 4, tvb.u32(off + 8));
    const samples = tvb.u32(off + 12);
    tree.add(node, f.numsamples, tvb, off + 12, 4, samples);
    pinfo.setInfo(`V${version}, agent ${agent}, sub-agent ID ${sub}, seq ${seq}, ${samples} samples`);
    off += 16;
    for (let s = 0; s < samples && s < MAX_ITEMS && tvb.has(off, 8); s++) {
      const type = tvb.u32(off) & 0xfff;
      const len = tvb.u32(off + 4);
      tree.add(node, f.sampletype, tvb, off, 4, type);
      const body = off + 8;
      // Flow sample (1): 7 words before the records; expanded flow sample (3): 10.
      if (type === 1) flowRecords(tvb, body + 28, pinfo, tree, node);
      else if (type === 3) flowRecords(tvb, body + 40, pinfo, tree, node);
      // Counters sample (2): sequence number and source ID first; expanded (4): three words.
      else if (type === 2) counterRecords(tvb, body + 8);
      else if (type === 4) counterRecords(tvb, body + 12);
      off = body + len;
    }
  },
};

dissectorTable('udp.port').add(6343, sflow);
