import { type ExpertInfo, addExpert } from '../core/expert-info.js';
import { type FieldInfo, textItem } from '../core/fields.js';
import { etherString, ipv4String } from '../core/format.js';
import type { PacketInfo } from '../core/packet-info.js';
import { frameSlot } from '../core/session.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';

/**
 * ARP's duplicate address detection (Wireshark's check_for_duplicate_addresses, on by
 * default): the capture's table of which MAC address an IPv4 address was last seen with. A
 * frame that binds a known address to another MAC is reported (a subtree, an expert warning,
 * and " (duplicate use of A detected!)" in Info); the table keeps the first binding until the
 * same MAC is seen again. One entry per address seen, at most MAX_ADDRESSES.
 */
/** The fields and expert item a report uses (ARP registers them with its own). */
export interface DuplicateFields {
  frame: FieldInfo;
  seconds: FieldInfo;
  expert: ExpertInfo;
}

/** Addresses the table holds; past it, new ones are not tracked (no reports for them). */
export const MAX_ADDRESSES = 1 << 20;

interface Binding {
  /** The MAC as 12 hex digits' value (48 bits fit a double exactly). */
  mac: number;
  frame: number;
  /** Capture time, whole seconds. */
  sec: number;
}

/** What one check decided: the earlier binding it conflicts with, or none (frame 0). */
interface Duplicate {
  frame: number;
  mac: number;
  seconds: number;
}

const NONE: Duplicate = { frame: 0, mac: 0, seconds: 0 };

const DUPLICATE = frameSlot<Duplicate>('arp.addresses', {
  write(v, out) {
    out.int(v.frame);
    if (v.frame !== 0) {
      out.f64(v.mac);
      out.int(v.seconds);
    }
  },
  read(from) {
    const frame = from.int();
    return frame === 0 ? NONE : { frame, mac: from.f64(), seconds: from.int() };
  },
});

const newTable = (): Map<number, Binding> => new Map();

function macValue(b: Uint8Array): number {
  let v = 0;
  for (let i = 0; i < 6; i++) v = v * 256 + b[i]!;
  return v;
}

function macBytes(v: number): Uint8Array {
  const b = new Uint8Array(6);
  for (let i = 5; i >= 0; i--) {
    b[i] = v % 256;
    v = Math.floor(v / 256);
  }
  return b;
}

function lookUp(pinfo: PacketInfo, ip: number, mac: number): Duplicate {
  const table = pinfo.session.state('arp.addresses', newTable);
  const f = pinfo.frame;
  const known = table.get(ip);
  if (known === undefined) {
    if (table.size < MAX_ADDRESSES) table.set(ip, { mac, frame: f.number, sec: f.sec });
    return NONE;
  }
  if (f.number <= known.frame) return NONE;
  if (known.mac === mac) {
    known.frame = f.number;
    known.sec = f.sec;
    return NONE;
  }
  return { frame: known.frame, mac: known.mac, seconds: Math.max(0, f.sec - known.sec) >>> 0 };
}

/**
 * Checks the binding of `ip` to the MAC at `macAt` of `tvb`; when it conflicts with an earlier
 * one, adds the report under `parent` and returns true.
 */
export function checkDuplicate(
  tvb: Tvb,
  macAt: number,
  ip: number,
  pinfo: PacketInfo,
  tree: ProtoTree,
  parent: number,
  fields: DuplicateFields,
): boolean {
  const macView = tvb.view(macAt, 6);
  const mac = macValue(macView);
  const d = pinfo.frameData(DUPLICATE, () => lookUp(pinfo, ip, mac));
  if (d.frame === 0) return false;
  const address = ipv4String(ip);
  const node = tree.add(
    parent,
    textItem,
    tvb,
    0,
    0,
    undefined,
    `[Duplicate IP address detected for ${address} (${etherString(macView)}) - also in use by ${etherString(macBytes(d.mac))} (frame ${d.frame})]`,
  );
  const earlier = tree.add(node, fields.frame, tvb, 0, 0, d.frame);
  addExpert(tree, earlier, tvb, fields.expert, `Duplicate IP address configured (${address})`);
  tree.add(node, fields.seconds, tvb, 0, 0, d.seconds);
  return true;
}
