import type { Dissector } from '../core/dissector.js';
import { beginProtocol, callData } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { etherString, hex, ipv6String } from '../core/format.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { internetChecksum, sum16 } from '../../common/index.js';
import { ICMP_EXTENSION_FIELDS } from './icmp.js';
import { dissectQuoted, matchEcho } from './icmp-common.js';
import { EXT_ECHO_REPLY, EXT_ECHO_REQUEST, dissectExtensions } from './icmp-extensions.js';
import { inError } from './ip-common.js';
import { IPV6_DST, IPV6_HLIM, IPV6_SRC } from './ipv6.js';

/**
 * ICMPv6 (RFC 4443) with echo, the errors (their quoted IPv6 packet decoded behind a fence)
 * and the basics of Neighbor Discovery (RFC 4861): RS, RA, NS, NA, redirect and their
 * link-layer address, prefix and MTU options. The checksum covers the IPv6 pseudo-header and
 * is verified when the whole message was captured, as Wireshark does.
 */
const TYPES: Readonly<Record<number, string>> = {
  1: 'Destination Unreachable',
  2: 'Packet Too Big',
  3: 'Time Exceeded',
  4: 'Parameter Problem',
  128: 'Echo (ping) request',
  129: 'Echo (ping) reply',
  130: 'Multicast Listener Query',
  131: 'Multicast Listener Report',
  132: 'Multicast Listener Done',
  133: 'Router Solicitation',
  134: 'Router Advertisement',
  135: 'Neighbor Solicitation',
  136: 'Neighbor Advertisement',
  137: 'Redirect',
  138: 'Router Renumbering',
  139: 'ICMP Node Information Query',
  140: 'ICMP Node Information Response',
  141: 'Inverse Neighbor Discovery Solicitation Message',
  142: 'Inverse Neighbor Discovery Advertisement Message',
  143: 'Multicast Listener Report Message v2',
  144: 'Home Agent Address Discovery Request Message',
  145: 'Home Agent Address Discovery Reply Message',
  146: 'Mobile Prefix Solicitation',
  147: 'Mobile Prefix Advertisement',
  151: 'Multicast Router Advertisement',
  152: 'Multicast Router Solicitation',
  153: 'Multicast Router Termination',
  155: 'RPL Control Message',
  160: 'Extended Echo request',
  161: 'Extended Echo reply',
};
const UNREACH = [
  'no route to destination',
  'Administratively prohibited',
  'Beyond scope of source address',
  'Address unreachable',
  'Port unreachable',
  'Source address failed ingress/egress policy',
  'Reject route to destination',
  'Error in Source Routing Header',
];
const TIME = ['hop limit exceeded in transit', 'fragment reassembly time exceeded'];
const PARAM = [
  'erroneous header field encountered',
  'unrecognized Next Header type encountered',
  'unrecognized IPv6 option encountered',
  'IPv6 First Fragment has incomplete IPv6 Header Chain',
];

const P = fieldTable.register('icmpv6', 'Internet Control Message Protocol v6', [
  { abbrev: 'icmpv6.type', name: 'Type', type: 'uint', bits: 8, strings: TYPES },
  { abbrev: 'icmpv6.code', name: 'Code', type: 'uint', bits: 8 },
  { abbrev: 'icmpv6.checksum', name: 'Checksum', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'icmpv6.checksum.status', name: 'Checksum Status', type: 'uint', bits: 8, strings: { 0: 'Bad', 1: 'Good', 2: 'Unverified' } },
  { abbrev: 'icmpv6.reserved', name: 'Reserved', type: 'bytes' },
  { abbrev: 'icmpv6.mtu', name: 'MTU', type: 'uint', bits: 32 },
  { abbrev: 'icmpv6.pointer', name: 'Pointer', type: 'uint', bits: 32 },
  { abbrev: 'icmpv6.echo.identifier', name: 'Identifier', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'icmpv6.echo.sequence_number', name: 'Sequence', type: 'uint', bits: 16 },
  { abbrev: 'icmpv6.ext.echo.seq', name: 'Sequence number', type: 'uint', bits: 8 },
  { abbrev: 'icmpv6.ext.echo.req.reserved', name: 'Reserved', type: 'uint', base: 'hex', bits: 8, mask: 0xfe, maskBits: 8 },
  { abbrev: 'icmpv6.ext.echo.req.local', name: 'Local bit', type: 'bool', mask: 0x01, maskBits: 8 },
  { abbrev: 'icmpv6.ext.echo.rsp.state', name: 'State', type: 'uint', bits: 8, mask: 0xe0, maskBits: 8 },
  { abbrev: 'icmpv6.ext.echo.rsp.reserved', name: 'Reserved', type: 'uint', base: 'hex', bits: 8, mask: 0x18, maskBits: 8 },
  { abbrev: 'icmpv6.ext.echo.rsp.active', name: 'Active bit', type: 'bool', mask: 0x04, maskBits: 8 },
  { abbrev: 'icmpv6.ext.echo.rsp.ipv4', name: 'IPv4 bit', type: 'bool', mask: 0x02, maskBits: 8 },
  { abbrev: 'icmpv6.ext.echo.rsp.ipv6', name: 'IPv6 bit', type: 'bool', mask: 0x01, maskBits: 8 },
  { abbrev: 'icmpv6.resp_to', name: 'Response To', type: 'framenum' },
  { abbrev: 'icmpv6.resptime', name: 'Response Time', type: 'double' },
  { abbrev: 'icmpv6.nd.ra.cur_hop_limit', name: 'Cur hop limit', type: 'uint', bits: 8 },
  { abbrev: 'icmpv6.nd.ra.flag', name: 'Flags', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'icmpv6.nd.ra.router_lifetime', name: 'Router lifetime (s)', type: 'uint', bits: 16 },
  { abbrev: 'icmpv6.nd.ra.reachable_time', name: 'Reachable time (ms)', type: 'uint', bits: 32 },
  { abbrev: 'icmpv6.nd.ra.retrans_timer', name: 'Retrans timer (ms)', type: 'uint', bits: 32 },
  { abbrev: 'icmpv6.nd.ns.target_address', name: 'Target Address', type: 'ipv6' },
  { abbrev: 'icmpv6.nd.na.flag', name: 'Flags', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'icmpv6.nd.na.flag.r', name: 'Router', type: 'bool' },
  { abbrev: 'icmpv6.nd.na.flag.s', name: 'Solicited', type: 'bool' },
  { abbrev: 'icmpv6.nd.na.flag.o', name: 'Override', type: 'bool' },
  { abbrev: 'icmpv6.nd.na.target_address', name: 'Target Address', type: 'ipv6' },
  { abbrev: 'icmpv6.nd.rd.target_address', name: 'Target Address', type: 'ipv6' },
  { abbrev: 'icmpv6.nd.rd.destination_address', name: 'Destination Address', type: 'ipv6' },
  { abbrev: 'icmpv6.opt', name: 'ICMPv6 Option', type: 'none' },
  { abbrev: 'icmpv6.opt.type', name: 'Type', type: 'uint', bits: 8 },
  { abbrev: 'icmpv6.opt.length', name: 'Length', type: 'uint', bits: 8 },
  { abbrev: 'icmpv6.opt.linkaddr', name: 'Link-layer address', type: 'bytes' },
  { abbrev: 'icmpv6.opt.src_linkaddr', name: 'Source Link-layer address', type: 'bytes' },
  { abbrev: 'icmpv6.opt.target_linkaddr', name: 'Target Link-layer address', type: 'bytes' },
  { abbrev: 'icmpv6.opt.prefix.length', name: 'Prefix Length', type: 'uint', bits: 8 },
  { abbrev: 'icmpv6.opt.prefix.valid_lifetime', name: 'Valid Lifetime', type: 'uint', bits: 32 },
  { abbrev: 'icmpv6.opt.prefix.preferred_lifetime', name: 'Preferred Lifetime', type: 'uint', bits: 32 },
  { abbrev: 'icmpv6.opt.prefix', name: 'Prefix', type: 'ipv6' },
  { abbrev: 'icmpv6.opt.mtu', name: 'MTU', type: 'uint', bits: 32 },
  { abbrev: 'icmpv6.opt.invalid_len', name: 'Invalid option length', type: 'none' },
  { abbrev: 'icmpv6.data', name: 'Data', type: 'bytes' },
]);
const f = P.f;

const OPT_NAMES: Readonly<Record<number, string>> = {
  1: 'Source link-layer address',
  2: 'Target link-layer address',
  3: 'Prefix information',
  4: 'Redirected header',
  5: 'MTU',
};

/** ND options; returns the link-layer address of a source/target option (for Info), if any. Each option is ≥ 8 bytes: always progresses. */
function ndOptions(tvb: Tvb, start: number, tree: ProtoTree, node: number): string | undefined {
  let lladdr: string | undefined;
  let o = start;
  while (o + 2 <= tvb.length) {
    const type = tvb.u8(o);
    const units = tvb.u8(o + 1);
    const len = units * 8;
    const n = tree.add(
      node,
      f.opt,
      tvb,
      o,
      Math.max(2, Math.min(len, tvb.length - o)),
      undefined,
      `ICMPv6 Option (${OPT_NAMES[type] ?? `Unknown (${type})`})`,
    );
    tree.add(n, f['opt.type'], tvb, o, 1, type);
    tree.add(n, f['opt.length'], tvb, o + 1, 1, units, `Length: ${units} (${len} bytes)`);
    if (len === 0) {
      tree.add(n, f['opt.invalid_len'], tvb, o + 1, 1);
      return lladdr;
    }
    tvb.check(o, len);
    if ((type === 1 || type === 2) && len >= 8) {
      const a = tvb.view(o + 2, len - 2);
      tree.add(n, f['opt.linkaddr'], tvb, o + 2, len - 2, a);
      tree.add(n, type === 1 ? f['opt.src_linkaddr'] : f['opt.target_linkaddr'], tvb, o + 2, len - 2, a);
      if (len === 8) lladdr = etherString(a.subarray(0, 6));
    } else if (type === 3 && len === 32) {
      tree.add(n, f['opt.prefix.length'], tvb, o + 2, 1, tvb.u8(o + 2));
      tree.add(n, f['opt.prefix.valid_lifetime'], tvb, o + 4, 4, tvb.u32(o + 4));
      tree.add(n, f['opt.prefix.preferred_lifetime'], tvb, o + 8, 4, tvb.u32(o + 8));
      tree.add(n, f['opt.prefix'], tvb, o + 16, 16, tvb.view(o + 16, 16));
    } else if (type === 5 && len === 8) {
      tree.add(n, f['opt.mtu'], tvb, o + 4, 4, tvb.u32(o + 4));
    }
    o += len;
  }
  return lladdr;
}

/** Node Information (RFC 4620) and Router Renumbering (RFC 2894) codes, as TShark names them in Info. */
const NI_QUERY = ['Query subject = IPv6 addresses', 'Query subject = Name or nothing', 'Query subject = IPv4 addresses'];
const NI_REPLY = ['Successful', 'Refused', 'Unknown query type'];
const RR_CODES: Readonly<Record<number, string>> = { 0: 'Command', 1: 'Result', 255: 'Sequence number reset' };

/** The code's name where Info shows one after the type (`Time exceeded (hop limit exceeded in transit)`). */
function codeName(type: number, code: number): string | undefined {
  switch (type) {
    case 1:
      return UNREACH[code];
    case 3:
      return TIME[code];
    case 4:
      return PARAM[code];
    case 138:
      return RR_CODES[code];
    case 139:
      return NI_QUERY[code];
    case 140:
      return NI_REPLY[code];
    default:
      return undefined;
  }
}

/** Info's name of a type where it is not the type field's (`Node Information Query`, not `ICMP Node Information Query`). */
const INFO_TYPES: Readonly<Record<number, string>> = { 139: 'Node Information Query', 140: 'Node Information Reply' };

const icmpv6: Dissector = {
  name: 'icmpv6',
  dissect(tvb, pinfo, tree, parent) {
    const error = inError(pinfo);
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    if (!error) pinfo.protocol = 'ICMPv6';
    const type = tvb.u8(0);
    const code = tvb.u8(1);
    const typeStr = TYPES[type] ?? `Unknown ICMPv6 type`;
    const codeStr = codeName(type, code);
    tree.add(node, f.type, tvb, 0, 1, type, `Type: ${typeStr} (${type})`);
    tree.add(node, f.code, tvb, 1, 1, code);
    const sum = tvb.u16(2);
    const src = pinfo.data.get(IPV6_SRC) as Uint8Array | undefined;
    const dst = pinfo.data.get(IPV6_DST) as Uint8Array | undefined;
    let good: boolean | undefined;
    if (!error && src !== undefined && dst !== undefined && pinfo.frame.capLen === pinfo.frame.wireLen) {
      const len = tvb.length;
      const pseudo = sum16(src) + sum16(dst) + (len >>> 16) + (len & 0xffff) + 58;
      good = internetChecksum(tvb.bytes, 0, tvb.bytes.length, pseudo) === 0;
    }
    tree.add(node, f.checksum, tvb, 2, 2, sum);
    tree.add(node, f['checksum.status'], tvb, 2, 0, good === undefined ? 2 : good ? 1 : 0);
    const infoType = INFO_TYPES[type] ?? typeStr;
    let info = codeStr !== undefined ? `${infoType} (${codeStr})` : infoType;
    switch (type) {
      case 1:
      case 2:
      case 3:
      case 4:
        if (type === 2) tree.add(node, f.mtu, tvb, 4, 4, tvb.u32(4));
        else if (type === 4) tree.add(node, f.pointer, tvb, 4, 4, tvb.u32(4));
        else tree.add(node, f.reserved, tvb, 4, 4, tvb.view(4, 4));
        if (!error) pinfo.setInfo(info);
        // TShark reads the quoted datagram's version inside the error packet.
        dissectQuoted(
          0x86dd,
          () => {
            const quoted = tvb.sub(8);
            quoted.u8(0);
            return quoted;
          },
          pinfo,
          tree,
          node,
        );
        return;
      case 128:
      case 129: {
        const id = tvb.u16(4);
        const seq = tvb.u16(6);
        tree.add(node, f['echo.identifier'], tvb, 4, 2, id);
        tree.add(node, f['echo.sequence_number'], tvb, 6, 2, seq);
        info += ` id=${hex(id, 4)}, seq=${seq}`;
        const hlim = pinfo.data.get(IPV6_HLIM);
        if (hlim !== undefined) info += `, hop limit=${hlim as number}`;
        if (!error) info += matchEcho(f, 6, type === 128, id, seq, tvb, pinfo, tree, node);
        if (tvb.length > 8) callData(tvb.sub(8), pinfo, tree, node);
        break;
      }
      case 160:
      case 161: {
        // Extended echo (RFC 8335): the request's probe is an ICMP extension structure, which
        // TShark hands to ICMP's decoder (`icmpv6:icmp` on the stack).
        const codes = type === 160 ? EXT_ECHO_REQUEST : EXT_ECHO_REPLY;
        info = `${typeStr} (${codes[code] ?? `Unknown code: ${code}`})`;
        tree.add(node, f['echo.identifier'], tvb, 4, 2, tvb.u16(4));
        tree.add(node, f['ext.echo.seq'], tvb, 6, 1, tvb.u8(6));
        const bits = tvb.u8(7);
        if (type === 160) {
          tree.add(node, f['ext.echo.req.reserved'], tvb, 7, 1, bits >> 1);
          tree.add(node, f['ext.echo.req.local'], tvb, 7, 1, (bits & 1) !== 0);
          if (tvb.reported > 8) {
            pinfo.protocols.push('icmp');
            dissectExtensions(ICMP_EXTENSION_FIELDS, tvb.sub(8), tree, node);
          }
        } else {
          tree.add(node, f['ext.echo.rsp.state'], tvb, 7, 1, bits >> 5);
          tree.add(node, f['ext.echo.rsp.reserved'], tvb, 7, 1, (bits >> 3) & 3);
          tree.add(node, f['ext.echo.rsp.active'], tvb, 7, 1, (bits & 4) !== 0);
          tree.add(node, f['ext.echo.rsp.ipv4'], tvb, 7, 1, (bits & 2) !== 0);
          tree.add(node, f['ext.echo.rsp.ipv6'], tvb, 7, 1, (bits & 1) !== 0);
        }
        break;
      }
      case 133: {
        tree.add(node, f.reserved, tvb, 4, 4, tvb.view(4, 4));
        const ll = ndOptions(tvb, 8, tree, node);
        if (ll !== undefined) info += ` from ${ll}`;
        break;
      }
      case 134: {
        tree.add(node, f['nd.ra.cur_hop_limit'], tvb, 4, 1, tvb.u8(4));
        tree.add(node, f['nd.ra.flag'], tvb, 5, 1, tvb.u8(5));
        tree.add(node, f['nd.ra.router_lifetime'], tvb, 6, 2, tvb.u16(6));
        tree.add(node, f['nd.ra.reachable_time'], tvb, 8, 4, tvb.u32(8));
        tree.add(node, f['nd.ra.retrans_timer'], tvb, 12, 4, tvb.u32(12));
        const ll = ndOptions(tvb, 16, tree, node);
        if (ll !== undefined) info += ` from ${ll}`;
        break;
      }
      case 135: {
        tree.add(node, f.reserved, tvb, 4, 4, tvb.view(4, 4));
        const target = tvb.view(8, 16);
        tree.add(node, f['nd.ns.target_address'], tvb, 8, 16, target);
        info += ` for ${ipv6String(target)}`;
        const ll = ndOptions(tvb, 24, tree, node);
        if (ll !== undefined) info += ` from ${ll}`;
        break;
      }
      case 136: {
        const flags = tvb.u32(4);
        const fl = tree.add(node, f['nd.na.flag'], tvb, 4, 4, flags);
        const r = (flags & 0x80000000) !== 0;
        const s = (flags & 0x40000000) !== 0;
        const o = (flags & 0x20000000) !== 0;
        tree.add(fl, f['nd.na.flag.r'], tvb, 4, 4, r);
        tree.add(fl, f['nd.na.flag.s'], tvb, 4, 4, s);
        tree.add(fl, f['nd.na.flag.o'], tvb, 4, 4, o);
        const target = tvb.view(8, 16);
        tree.add(node, f['nd.na.target_address'], tvb, 8, 16, target);
        info += ` ${ipv6String(target)}`;
        if (r || s || o) info += ` (${[r ? 'rtr' : '', s ? 'sol' : '', o ? 'ovr' : ''].filter(Boolean).join(', ')})`;
        const ll = ndOptions(tvb, 24, tree, node);
        if (ll !== undefined) info += ` is at ${ll}`;
        break;
      }
      case 137: {
        tree.add(node, f.reserved, tvb, 4, 4, tvb.view(4, 4));
        tree.add(node, f['nd.rd.target_address'], tvb, 8, 16, tvb.view(8, 16));
        tree.add(node, f['nd.rd.destination_address'], tvb, 24, 16, tvb.view(24, 16));
        ndOptions(tvb, 40, tree, node);
        break;
      }
      case 146:
      case 147:
        // Mobile prefix solicitation and advertisement: identifier, then reserved bits or the
        // M and O flags (two bytes TShark reads); an advertisement's options follow.
        tvb.u16(4);
        tvb.u16(6);
        if (type === 147) ndOptions(tvb, 8, tree, node);
        break;
      default:
        // MLD, router renumbering, node information and the rest: shown as ICMPv6 data.
        if (tvb.length > 4) tree.add(node, f.data, tvb, 4, tvb.length - 4, tvb.view(4, tvb.length - 4));
    }
    if (!error) pinfo.setInfo(info);
  },
};

dissectorTable('ip.proto').add(58, icmpv6);
