import type { Dissector } from '../core/dissector.js';
import { addExpert, expertTable } from '../core/expert-info.js';
import { beginProtocol, callData, dispatchPayload } from '../core/dispatch.js';
import { ipv4String } from '../core/format.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import {
  type AddressFormat,
  addAddresses,
  dispatchIpPayload,
  enterIpLayer,
  HEADER_LENGTH_LINES,
  inError,
  protoName,
  reassembleAndDispatch,
} from './ip-common.js';
import { setActualLength } from './eth.js';
import { IP } from './ip-fields.js';
import { dissectIpOptions } from './ip-options.js';

const f = IP.f;

const EI = expertTable('ip', 'IPv4', [
  { name: 'ip.ttl.lncb', severity: 'note', group: 'sequence', summary: 'Time To Live' },
  { name: 'ip.ttl.too_small', severity: 'note', group: 'sequence', summary: 'Time To Live' },
  { name: 'ip.bogus_ip_version', severity: 'error', group: 'protocol', summary: 'Bogus IPv4 version' },
]);

/** The TTL a packet to the Local Network Control Block (224.0.0.0/24) must have (packet-ip.c's exceptions); -1 any. */
function controlBlockTtl(dst: number): number {
  if (dst === 0xe0000012 || dst === 0xe0000066 || dst === 0xe00000fb) return 255; // VRRP, GLBP, mDNS
  if (dst === 0xe00000fc) return -1; // LLMNR
  return 1;
}

/** TShark's TTL notes: a TTL the Local Network Control Block does not expect, or under 5 for unicast (not PIM, not OSPF). */
function checkTtl(tree: ProtoTree, ttlNode: number, tvb: Tvb, ttl: number, dst: number, proto: number): void {
  if (dst >>> 8 === 0xe00000) {
    const want = controlBlockTtl(dst);
    if (want >= 0 && ttl !== want)
      addExpert(
        tree,
        ttlNode,
        tvb,
        EI['ttl.lncb'],
        `"Time To Live" != ${want} for a packet sent to the Local Network Control Block (see RFC 3171)`,
      );
  } else if (dst >>> 28 !== 0xe && ttl < 5 && proto !== 103 && proto !== 89) {
    addExpert(tree, ttlNode, tvb, EI['ttl.too_small'], `"Time To Live" only ${ttl}`);
  }
}
/** The flags' line for each value of the 3 bits. */
const FLAGS_TEXTS: readonly string[] = Array.from({ length: 8 }, (_, v) => {
  const names = [v & 4 ? 'Reserved' : '', v & 2 ? "Don't fragment" : '', v & 1 ? 'More fragments' : ''].filter((x) => x !== '');
  return `Flags: 0x${v}${names.length === 0 ? '' : `, ${names.join(', ')}`}`;
});

const V4: AddressFormat<number> = {
  version: 4,
  size: 4,
  read: (tvb, offset) => tvb.u32(offset),
  text: ipv4String,
  words: 1,
  toWords: (v, into, at) => {
    into[at] = v;
  },
  setNet: (pinfo, src, dst) => pinfo.setNetIpv4(src, dst), // printed when read
};

/**
 * Internet Protocol version 4 (RFC 791). The header, its options (ip-options.ts), fragment
 * reassembly (ip-reassembly.ts), then the payload through the `ip.proto` table. The header
 * checksum is shown, not verified (TShark's default). Inside an ICMP error the quoted header
 * changes no column and starts no reassembly (Wireshark's in_error_pkt).
 */
const ip: Dissector = {
  name: 'ip',
  dissect(tvb, pinfo, tree, parent) {
    const first = tvb.u8(0);
    const version = first >>> 4;
    const error = inError(pinfo);
    const node = beginProtocol(IP, tvb, pinfo, tree, parent, 20);
    if (version === 6) {
      // An IPv6 packet where IPv4 was announced: Wireshark shows an IP layer and hands it to IPv6.
      tree.setLength(node, 0);
      dispatchPayload({ table: 'ethertype', keys: [0x86dd] }, tvb, pinfo, tree, parent);
      return;
    }
    if (!error) {
      pinfo.protocol = 'IPv4';
      pinfo.setInfo('');
    }
    tree.add(node, f.version, tvb, 0, 1, version);
    if (version !== 4) {
      const v = tree.add(node, f.bogus_ip_version, tvb, 0, 1, undefined, `Bogus IP version (${version})`);
      addExpert(tree, v, tvb, EI.bogus_ip_version);
      if (!error) pinfo.setInfo(`Bogus IP version (${version})`);
      tree.setLength(node, 1);
      return;
    }
    const hlen = (first & 0x0f) * 4;
    tree.add(node, f.hdr_len, tvb, 0, 1, hlen, HEADER_LENGTH_LINES[hlen / 4]);
    if (hlen < 20) {
      tree.add(node, f.bogus_header_length, tvb, 0, 1, undefined, `Bogus IP header length (${hlen}, must be at least 20)`);
      if (!error) pinfo.setInfo(`Bogus IP header length (${hlen}, must be at least 20)`);
      tree.setLength(node, 1);
      return;
    }
    tree.setLength(node, Math.min(hlen, tvb.length));
    const tos = tvb.u8(1);
    tree.add(node, f.dsfield, tvb, 1, 1, tos);
    tree.add(node, f['dsfield.dscp'], tvb, 1, 1, tos >>> 2);
    tree.add(node, f['dsfield.ecn'], tvb, 1, 1, tos & 3);
    let len = tvb.u16(2);
    tree.add(node, f.len, tvb, 2, 2, len);
    // Zero: TCP segmentation offload left the length unset; take the captured length.
    const unset = len === 0;
    if (unset) len = tvb.length;
    if (len < hlen) {
      tree.add(node, f.bogus_ip_length, tvb, 2, 2, undefined, `Bogus IP length (${len}, less than header length ${hlen})`);
      if (!error) pinfo.setInfo(`Bogus IP length (${len}, less than header length ${hlen})`);
      return;
    }
    if (!unset) setActualLength(pinfo, tvb, len);
    const id = tvb.u16(4);
    tree.add(node, f.id, tvb, 4, 2, id);
    const off = tvb.u16(6);
    const rb = (off & 0x8000) !== 0;
    const df = (off & 0x4000) !== 0;
    const mf = (off & 0x2000) !== 0;
    const fragOffset = off & 0x1fff;
    const flags = tree.add(node, f.flags, tvb, 6, 1, off >>> 13, FLAGS_TEXTS[off >>> 13]);
    tree.add(flags, f['flags.rb'], tvb, 6, 1, rb);
    tree.add(flags, f['flags.df'], tvb, 6, 1, df);
    tree.add(flags, f['flags.mf'], tvb, 6, 1, mf);
    tree.add(node, f.frag_offset, tvb, 6, 2, fragOffset);
    const ttl = tvb.u8(8);
    const ttlNode = tree.add(node, f.ttl, tvb, 8, 1, ttl);
    if (!error) pinfo.ipTtl = ttl;
    const proto = tvb.u8(9);
    tree.add(node, f.proto, tvb, 9, 1, proto);
    const sum = tvb.u16(10);
    tree.add(node, f.checksum, tvb, 10, 2, sum);
    tree.add(node, f['checksum.status'], tvb, 10, 0, 2, 'Header checksum status: Unverified');
    const [src, dst] = addAddresses(V4, f, 12, tvb, pinfo, tree, node);
    checkTtl(tree, ttlNode, tvb, ttl, dst, proto);
    if (hlen > 20) dissectIpOptions(tvb.sub(20, Math.min(hlen, tvb.length) - 20), tree, node);
    tvb.check(0, hlen);
    // The payload ends at the total length (Ethernet padding is not ours) or where capture stopped.
    const end = Math.min(len, tvb.length);
    // Cut by the capture, the payload still reports the datagram's length, as in Wireshark.
    const payload = len > end ? tvb.pdu(hlen, Math.min(len, tvb.reported) - hlen, false) : tvb.sub(hlen, end - hlen);
    enterIpLayer(pinfo, payload);
    if ((mf || fragOffset !== 0) && !error && len > hlen && len <= tvb.length) {
      const key = `4|${src}|${dst}|${id}|${proto}`;
      const r = reassembleAndDispatch(key, proto, fragOffset * 8, mf, payload, 'IPv4', f, pinfo, tree, node, parent);
      if (r.status !== 'complete')
        pinfo.setInfo(
          `Fragmented IP protocol (proto=${protoName(proto)} ${proto}, off=${fragOffset * 8}, ID=${id.toString(16).padStart(4, '0')})`,
        );
      return;
    }
    if (fragOffset !== 0) {
      if (!error)
        pinfo.setInfo(
          `Fragmented IP protocol (proto=${protoName(proto)} ${proto}, off=${fragOffset * 8}, ID=${id.toString(16).padStart(4, '0')})`,
        );
      callData(payload, pinfo, tree, parent);
      return;
    }
    // A first fragment not reassembled (its bytes were not all captured) is dissected as it is,
    // the layer above told so (Wireshark's pinfo->fragmented).
    const fragmented = pinfo.fragmented;
    if (mf && !error) pinfo.fragmented = true;
    const taken = dispatchIpPayload(proto, payload, len - hlen, pinfo, tree, parent);
    pinfo.fragmented = fragmented;
    if (taken === 'data' && !error) pinfo.setInfo(`${protoName(proto)} (${proto})`);
  },
};

dissectorTable('ethertype').add(0x0800, ip);
dissectorTable('ip.proto').add(4, ip); // IPv4 in IP
/**
 * LINKTYPE_IPV4: an IPv6 packet there gets an IP layer on the stack but, unlike after an
 * EtherType, no IP node: TShark hands it to IPv6 first (`-z io,phs` starts at ipv6).
 */
const linkIpv4: Dissector = {
  name: 'ip',
  dissect(tvb, pinfo, tree, parent) {
    if (tvb.length === 0 || tvb.bytes[0]! >>> 4 !== 6) return ip.dissect(tvb, pinfo, tree, parent);
    pinfo.protocols.push(IP.proto.abbrev);
    dispatchPayload({ table: 'ethertype', keys: [0x86dd] }, tvb, pinfo, tree, parent);
  },
};
dissectorTable('link_type').add(228, linkIpv4); // LINKTYPE_IPV4
dissectorTable('null.type').add(2, ip);
