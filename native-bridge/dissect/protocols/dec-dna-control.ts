import { addExpert, expertTable } from '../core/expert-info.js';
import { etherString } from '../core/format.js';
import { addItem } from '../core/items.js';
import type { PacketInfo } from '../core/packet-info.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { decnetFields } from './dec-dna-fields.js';

/**
 * DECnet Phase IV routing control messages (DNA Routing Layer Functional Specification 2.0.0),
 * read as TShark 4.0 reads them: what each one holds, the Info line it sets, and the level 1
 * and 2 routing messages' checksum (one plus the sum of their 16-bit words, folded).
 */
export type ControlMessage = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;

const f = decnetFields.f;
const EI = expertTable('dec_dna', 'DEC_DNA', [
  { name: 'dec_dna.bad_checksum', severity: 'error', group: 'checksum', summary: 'Bad checksum' },
]);

/** A DECnet node address for an Ethernet address of the AA-00-04-00 block (`1.4`), else undefined. */
export function dnetAddress(b: Uint8Array): string | undefined {
  if (b[0] !== 0xaa || b[1] !== 0x00 || b[2] !== 0x04 || b[3] !== 0x00) return undefined;
  const a = b[4]! | (b[5]! << 8);
  return `${a >> 10}.${a & 0x3ff}`;
}

/** An Ethernet address item with its DECnet address after it, as TShark shows it. */
export function addDnetEther(tree: ProtoTree, parent: number, field: (typeof f)[keyof typeof f], tvb: Tvb, off: number): number {
  const b = tvb.view(off, 6);
  const dnet = dnetAddress(b);
  const label = `${field.name}: ${etherString(b)}${dnet === undefined ? '' : ` (${dnet})`}`;
  return tree.add(parent, field, tvb, off, 6, b, label);
}

/** The control message of `type` from `off`, under `node` (the message's subtree). */
export function dissectControl(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, node: number, off: number, type: ControlMessage): void {
  switch (type) {
    case 0:
      initialization(tvb, pinfo, tree, node, off);
      break;
    case 1: {
      pinfo.setInfo('Routing control, verification message');
      addItem(tree, node, f.src_node, tvb, off, 2, true);
      const count = tvb.u8(off + 2);
      if (count !== 0) addItem(tree, node, f['ctl.fcnval'], tvb, off + 2, count);
      break;
    }
    case 2: {
      pinfo.setInfo('Routing control, hello/test message');
      addItem(tree, node, f.src_node, tvb, off, 2, true);
      const rest = tvb.reportedRemaining(off + 2);
      if (rest !== 0) addItem(tree, node, f['ctl.test_data'], tvb, off + 2, rest);
      break;
    }
    case 3:
    case 4:
      routing(tvb, pinfo, tree, node, off, type);
      break;
    case 5:
    case 6:
      hello(tvb, pinfo, tree, node, off, type);
      break;
    default:
      break;
  }
}

function version(tvb: Tvb, tree: ProtoTree, node: number, off: number, format: string): void {
  const v = `${tvb.u8(off)}.${tvb.u8(off + 1)}.${tvb.u8(off + 2)}`;
  tree.add(node, f['ctl.version'], tvb, off, 3, undefined, format.replace('%', v));
}

function initialization(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, node: number, off: number): void {
  pinfo.setInfo('Routing control, initialization message');
  addItem(tree, node, f.src_node, tvb, off, 2, true);
  addItem(tree, node, f['ctl.tiinfo'], tvb, off + 2, 2, true);
  addItem(tree, node, f['ctl.blk_size'], tvb, off + 4, 2, true);
  version(tvb, tree, node, off + 6, 'Routing Layer version: %.');
  addItem(tree, node, f['ctl.timer'], tvb, off + 9, 2, true);
  const count = tvb.u8(off + 11);
  if (count !== 0) addItem(tree, node, f['ctl.reserved'], tvb, off + 11, count);
}

function routing(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, node: number, off: number, type: 3 | 4): void {
  addItem(tree, node, f.src_node, tvb, off, 2, true);
  // Past the source node and a reserved byte.
  off += 3;
  // TShark counts what is left in an unsigned int: it wraps below zero and the walk goes on.
  let remainder = tvb.reportedRemaining(off);
  let sum = 1;
  do {
    const count = tvb.u16(off, true);
    const start = tvb.u16(off + 2, true);
    const info = tvb.u16(off + 4, true);
    const level = type === 3 ? 'Level 1' : 'Level 2';
    pinfo.setInfo(`Routing control, ${level} routing message`);
    const what = type === 3 ? 'start Id' : 'start area';
    tree.add(
      node,
      f['ctl.segment'],
      tvb,
      off,
      6,
      undefined,
      `Segment: count:${count}, ${what}: ${start}, hops:${(info & 0x7c00) >> 10}, cost: ${info & 0x3ff}`,
    );
    sum += count + start + info;
    off += 6;
    remainder = (remainder - 6) >>> 0;
  } while (remainder > 6);
  off += remainder - 2;
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  const checksum = tvb.u16(off, true);
  const c = tree.add(node, f['ctl.checksum'], tvb, off, 2, checksum);
  const good = checksum === sum;
  tree.add(node, f['ctl.checksum.status'], tvb, off, 2, good ? 1 : 0);
  if (!good) addExpert(tree, c, tvb, EI.bad_checksum);
}

function hello(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, node: number, off: number, type: 5 | 6): void {
  version(tvb, tree, node, off, 'Routing Layer Version: %');
  off += 3;
  addDnetEther(tree, node, f['ctl.id'], tvb, off);
  off += 6;
  const iinfo = tvb.u8(off);
  const ii = tree.add(node, f['ctl.tiinfo'], tvb, off, 1, iinfo);
  tree.add(ii, f['ctl.iinfo.node_type'], tvb, off, 1, iinfo & 3);
  tree.add(ii, f['ctl.iinfo.vrf'], tvb, off, 1, (iinfo & 0x04) !== 0);
  tree.add(ii, f['ctl.iinfo.rej'], tvb, off, 1, (iinfo & 0x08) !== 0);
  tree.add(ii, f['ctl.iinfo.verf'], tvb, off, 1, (iinfo & 0x10) !== 0);
  tree.add(ii, f['ctl.iinfo.mta'], tvb, off, 1, (iinfo & 0x20) !== 0);
  tree.add(ii, f['ctl.iinfo.blkreq'], tvb, off, 1, (iinfo & 0x40) !== 0);
  off++;
  addItem(tree, node, f['ctl.blk_size'], tvb, off, 2, true);
  off += 2;
  if (type === 5) {
    pinfo.setInfo('Routing control, Ethernet Router Hello  message');
    tree.add(node, f['ctl.prio'], tvb, off, 1, tvb.u8(off));
    off++;
  }
  // The area byte both hellos have.
  off++;
  if (type === 6) {
    pinfo.setInfo('Routing control, Endnode Hello message');
    addItem(tree, node, f['ctl.seed'], tvb, off, 8);
    off += 8;
    addDnetEther(tree, node, f.ctl_neighbor, tvb, off);
    off += 6;
  }
  // The timer, then the reserved MPD byte.
  addItem(tree, node, f['ctl.timer'], tvb, off, 2, true);
  off += 3;
  if (type === 5) routerStates(tvb, tree, node, off);
}

/** A router hello's list of router states, with TShark's byte-wide counts (they wrap). */
function routerStates(tvb: Tvb, tree: ProtoTree, node: number, off: number): void {
  let image = tvb.u8(off);
  off++;
  const list = addItem(tree, node, f['ctl.elist'], tvb, off, image);
  while (image > 0) {
    const name = addItem(tree, list, f['ctl.ename'], tvb, off, 7);
    off += 7;
    let items = tvb.u8(off);
    off++;
    image = (image - 8) & 0xff;
    while (items > 0) {
      const id = addDnetEther(tree, name, f['ctl.router_id'], tvb, off);
      off += 6;
      const state = tvb.u8(off);
      tree.add(id, f['ctl.router_state'], tvb, off, 1, state & 0x80 ? 'known 2-way' : 'unknown');
      tree.add(id, f['ctl.router_prio'], tvb, off, 1, state & 0x7f);
      off++;
      items = (items - 7) & 0xff;
      image = (image - 7) & 0xff;
    }
  }
}
