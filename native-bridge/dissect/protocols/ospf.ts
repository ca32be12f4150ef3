import type { Dissector } from '../core/dissector.js';
import { beginProtocol, callData } from '../core/dispatch.js';
import { ipv4String } from '../core/format.js';
import { addItem, addText } from '../core/items.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { OSPF_TYPES, ospfFields } from './ospf-fields.js';
import { type NextLsa, v2Lsa, v3Lsa } from './ospf-lsa.js';

/**
 * Open Shortest Path First, versions 2 (RFC 2328) and 3 (RFC 5340), IP protocol 89, read as
 * TShark 4.0 reads it: the header (v2's authentication, v3's instance id), then the packet body
 * over the length the header announces: hellos and their neighbours, database descriptions and
 * acknowledgements with their LSA headers, requests, and updates with their LSAs (ospf-lsa.ts).
 * Info names the packet type as Wireshark does (`Hello Packet`).
 */
const P = ospfFields;
const f = P.f;

/** What the body readers share: the packet, the version, the body's offset and announced length (16 bits, as TShark keeps it). */
interface Body {
  tvb: Tvb;
  tree: ProtoTree;
  node: number;
  version: 2 | 3;
  off: number;
  length: number;
  ipv6: boolean;
}

function lsa(b: Body, parent: number, off: NextLsa, body: boolean): NextLsa {
  return b.version === 2 ? v2Lsa(b.tvb, b.tree, parent, off, body) : v3Lsa(b.tvb, b.tree, parent, off, body, b.ipv6);
}

function hello(b: Body): void {
  const { tvb, tree, off, length } = b;
  const n = addItem(tree, b.node, f.hello, tvb, off, length);
  if (b.version === 2) {
    addItem(tree, n, f['hello.network_mask'], tvb, off, 4);
    addItem(tree, n, f['hello.hello_interval'], tvb, off + 4, 2);
    tvb.check(off + 6, 1);
    addItem(tree, n, f['hello.router_priority'], tvb, off + 7, 1);
    addItem(tree, n, f['hello.router_dead_interval'], tvb, off + 8, 4);
  } else {
    addItem(tree, n, f['hello.interface_id'], tvb, off, 4);
    addItem(tree, n, f['hello.router_priority'], tvb, off + 4, 1);
    tvb.check(off + 5, 3);
    addItem(tree, n, f['hello.hello_interval'], tvb, off + 8, 2);
    addItem(tree, n, f['hello.router_dead_interval'], tvb, off + 10, 2);
  }
  addItem(tree, n, f['hello.designated_router'], tvb, off + 12, 4);
  addItem(tree, n, f['hello.backup_designated_router'], tvb, off + 16, 4);
  for (let o = off + 20; off + length > o; o += 4) addItem(tree, n, f['hello.active_neighbor'], tvb, o, 4);
}

function dbDescription(b: Body): void {
  const { tvb, tree, off, length } = b;
  const n = addText(tree, b.node, tvb, off, length, 'OSPF DB Description');
  if (b.version === 2) {
    addItem(tree, n, f['db.interface_mtu'], tvb, off, 2);
    tvb.check(off + 2, 1);
    tvb.check(off + 3, 1);
    addItem(tree, n, f['db.dd_sequence'], tvb, off + 4, 4);
  } else {
    addItem(tree, n, f.reserved, tvb, off, 1);
    tvb.check(off + 1, 3);
    addItem(tree, n, f['db.interface_mtu'], tvb, off + 4, 2);
    addItem(tree, n, f.reserved, tvb, off + 6, 1);
    tvb.check(off + 7, 1);
    addItem(tree, n, f['db.dd_sequence'], tvb, off + 8, 4);
  }
  headers(b, off + (b.version === 2 ? 8 : 12));
}

/** LSA headers to the end of the body (database descriptions, acknowledgements). */
function headers(b: Body, at: NextLsa): void {
  while (b.off + b.length > at) at = lsa(b, b.node, at, false);
}

function lsRequest(b: Body): void {
  const { tvb, tree, off, length } = b;
  for (let o = off; off + length > o; o += 12) {
    const n = addText(tree, b.node, tvb, o, 12, 'Link State Request');
    if (b.version === 2) addItem(tree, n, f.lsa, tvb, o, 4);
    else {
      addItem(tree, n, f.reserved, tvb, o, 2);
      addItem(tree, n, f['v3.lsa'], tvb, o + 2, 2);
    }
    addItem(tree, n, f.link_state_id, tvb, o + 4, 4);
    addItem(tree, n, f.advrouter, tvb, o + 8, 4);
  }
}

function lsUpdate(b: Body): void {
  const { tvb, tree, off, length } = b;
  const n = addText(tree, b.node, tvb, off, length, 'LS Update Packet');
  const count = tvb.u32(off);
  addItem(tree, n, f['ls.number_of_lsas'], tvb, off, 4);
  let at: NextLsa = off + 4;
  // A count the packet cannot hold ends where the bytes do: every LSA reads at least its header.
  for (let i = 0; i < count; i++) at = lsa(b, n, at, true);
}

const ospf: Dissector = {
  name: 'ospf',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'OSPF';
    pinfo.setInfo('');
    // TShark names the type in Info, then reads the length, then adds its node.
    if (tvb.length >= 2) pinfo.setInfo(OSPF_TYPES[tvb.u8(1)] ?? `Unknown (${tvb.u8(1)})`);
    const node = beginProtocol(P, tvb, pinfo, tree, parent, tvb.length, 4);
    const version = tvb.u8(0);
    const hlen = version === 2 ? 24 : version === 3 ? 16 : 14;
    const type = tvb.u8(1);
    const packetLength = tvb.u16(2);
    const header = addItem(tree, node, f.header, tvb, 0, hlen);
    addItem(tree, header, f.version, tvb, 0, 1);
    addItem(tree, header, f.msg, tvb, 1, 1);
    addItem(tree, header, f.packet_length, tvb, 2, 2);
    const router = tvb.u32(4);
    tree.add(header, f.srcrouter, tvb, 4, 4, router, `Source OSPF Router: ${ipv4String(router)}`);
    const area = tvb.u32(8);
    tree.add(header, f.area_id, tvb, 8, 4, area, `Area ID: ${ipv4String(area)}${area === 0 ? ' (Backbone)' : ''}`);
    addItem(tree, header, f.checksum, tvb, 12, 2);
    if (version !== 2 && version !== 3) return;
    let ipv6 = true;
    if (version === 2) {
      addItem(tree, header, f['auth.type'], tvb, 14, 2);
      const auth = tvb.u16(14);
      if (auth === 0) addItem(tree, header, f['auth.none'], tvb, 16, 8);
      else if (auth === 1) addItem(tree, header, f['auth.simple'], tvb, 16, 8);
      else if (auth === 2) {
        addItem(tree, header, f['auth.crypt.key_id'], tvb, 18, 1);
        addItem(tree, header, f['auth.crypt.data_length'], tvb, 19, 1);
        const crypto = tvb.u8(19);
        addItem(tree, header, f['auth.crypt.seq_nbr'], tvb, 20, 4);
        if (tvb.has(packetLength, crypto)) addItem(tree, header, f['auth.crypt.data'], tvb, packetLength, crypto);
      } else addItem(tree, header, f['auth.unknown'], tvb, 16, 8);
    } else {
      addItem(tree, header, f.instance_id, tvb, 14, 1);
      const instance = tvb.u8(14);
      ipv6 = !(instance > 65 && instance < 128);
      addItem(tree, header, f.reserved, tvb, 15, 1);
    }
    const b: Body = { tvb, tree, node, version: version === 2 ? 2 : 3, off: hlen, length: (packetLength - hlen) & 0xffff, ipv6 };
    switch (type) {
      case 1:
        hello(b);
        break;
      case 2:
        dbDescription(b);
        break;
      case 3:
        lsRequest(b);
        break;
      case 4:
        lsUpdate(b);
        break;
      case 5:
        headers(b, hlen);
        break;
      default:
        callData(tvb.sub(hlen), pinfo, tree, parent);
        break;
    }
  },
};

dissectorTable('ip.proto').add(89, ospf);
