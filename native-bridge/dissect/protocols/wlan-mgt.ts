import type { ExpertInfo } from '../core/expert-info.js';
import { addMalformedExpert } from '../core/expert.js';
import type { FieldHandles } from '../core/fields.js';
import { hex } from '../core/format.js';
import type { PacketInfo } from '../core/packet-info.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';

/**
 * An 802.11 management frame's body (TShark's "IEEE 802.11 Wireless Management"): the fixed
 * parameters its subtype has, then the tagged parameters (information elements), read as TShark
 * 4.0 reads them. The tags run over every byte the frame reports, each tag's number and length
 * first, its value bounded by that length: a value the capture cut ends the frame short, a
 * value read past its own length is malformed. Of the values, the SSID, the mesh ID and the RSN
 * element are decoded (Info names the SSID, the mesh ID and a beacon's interval, as TShark's);
 * the others are taken whole. Action frames' bodies are not decoded.
 */
export const MGT_FIELDS = [
  { abbrev: 'wlan.fixed.all', name: 'Fixed parameters', type: 'none' },
  { abbrev: 'wlan.fixed.timestamp', name: 'Timestamp', type: 'uint', bits: 64 },
  { abbrev: 'wlan.fixed.beacon', name: 'Beacon Interval', type: 'uint', bits: 32 },
  { abbrev: 'wlan.fixed.capabilities', name: 'Capabilities Information', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'wlan.fixed.listen_ival', name: 'Listen Interval', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'wlan.fixed.current_ap', name: 'Current AP', type: 'ether' },
  { abbrev: 'wlan.fixed.status_code', name: 'Status code', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'wlan.fixed.aid', name: 'Association ID', type: 'uint', base: 'hex', bits: 16, mask: 0x3fff, maskBits: 16 },
  { abbrev: 'wlan.fixed.reason_code', name: 'Reason code', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'wlan.fixed.auth.alg', name: 'Authentication Algorithm', type: 'uint', bits: 16 },
  { abbrev: 'wlan.fixed.auth_seq', name: 'Authentication SEQ', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'wlan.tagged.all', name: 'Tagged parameters', type: 'none' },
  { abbrev: 'wlan.tag', name: 'Tag', type: 'none' },
  { abbrev: 'wlan.tag.number', name: 'Tag Number', type: 'uint', bits: 8 },
  { abbrev: 'wlan.tag.length', name: 'Tag length', type: 'uint', bits: 32 },
  { abbrev: 'wlan.ext_tag.number', name: 'Ext Tag Number', type: 'uint', bits: 8 },
  { abbrev: 'wlan.tag.data', name: 'Tag Data', type: 'bytes' },
  { abbrev: 'wlan.ssid', name: 'SSID', type: 'bytes' },
  { abbrev: 'wlan.mesh.id', name: 'Mesh ID', type: 'string' },
  { abbrev: 'wlan.rsn.version', name: 'RSN Version', type: 'uint', bits: 16 },
  { abbrev: 'wlan.rsn.gcs', name: 'Group Cipher Suite', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'wlan.rsn.pcs.count', name: 'Pairwise Cipher Suite Count', type: 'uint', bits: 16 },
  { abbrev: 'wlan.rsn.pcs', name: 'Pairwise Cipher Suite', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'wlan.rsn.akms.count', name: 'Auth Key Management (AKM) Suite Count', type: 'uint', bits: 16 },
  { abbrev: 'wlan.rsn.akms', name: 'AKM Suite', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'wlan.rsn.capabilities', name: 'RSN Capabilities', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'wlan.rsn.pmkid.count', name: 'PMKID Count', type: 'uint', bits: 16 },
  { abbrev: 'wlan.rsn.pmkid', name: 'PMKID', type: 'bytes' },
  { abbrev: 'wlan.rsn.gmcs', name: 'Group Management Cipher Suite', type: 'uint', base: 'hex', bits: 32 },
] as const;

type Key = (typeof MGT_FIELDS)[number]['abbrev'] extends `wlan.${infer K}` ? K : never;
export type MgtFields = FieldHandles<Key>;

const TAG_NAMES: Readonly<Record<number, string>> = {
  0: 'SSID parameter set',
  1: 'Supported Rates',
  2: 'FH Parameter set',
  3: 'DS Parameter set',
  4: 'CF Parameter set',
  5: 'Traffic Indication Map (TIM)',
  6: 'IBSS Parameter set',
  7: 'Country Information',
  16: 'Challenge text',
  42: 'ERP Information',
  45: 'HT Capabilities (802.11n D1.10)',
  48: 'RSN Information',
  50: 'Extended Supported Rates',
  61: 'HT Information (802.11n D1.10)',
  113: 'Mesh Configuration',
  114: 'Mesh ID',
  127: 'Extended Capabilities',
  191: 'VHT Capabilities',
  192: 'VHT Operation',
  221: 'Vendor Specific',
  255: 'Element ID Extension',
};
/** TShark's checks of the RSN element's counts (Error/Malformed items), registered by wlan.ts after its fields. */
export const MGT_EXPERTS = [
  { name: 'wlan.rsn.pcs.count.invalid', severity: 'error', group: 'malformed', summary: 'Pairwise Cipher Suite Count too large' },
  {
    name: 'wlan.rsn.akms.count.invalid',
    severity: 'error',
    group: 'malformed',
    summary: 'Auth Key Management (AKM) Suite Count too large',
  },
  { name: 'wlan.rsn.pmkid.count.invalid', severity: 'error', group: 'malformed', summary: 'PMKID Count too large' },
] as const;

/** The management body's field handles and expert items. */
export interface Mgt {
  f: MgtFields;
  ei: { readonly [K in 'rsn.pcs.count.invalid' | 'rsn.akms.count.invalid' | 'rsn.pmkid.count.invalid']: ExpertInfo };
}
const TAG_SSID = 0;
const TAG_RSN = 48;
const TAG_MESH_ID = 114;
const TAG_EXTENSION = 255;

/** Management subtypes whose bodies are fixed parameters then tags, and those parameters' size. */
const FIXED: Readonly<
  Record<
    number,
    readonly (
      | 'timestamp'
      | 'beacon'
      | 'capabilities'
      | 'listen_ival'
      | 'current_ap'
      | 'status_code'
      | 'aid'
      | 'reason_code'
      | 'auth.alg'
      | 'auth_seq'
    )[]
  >
> = {
  0: ['capabilities', 'listen_ival'],
  1: ['capabilities', 'status_code', 'aid'],
  2: ['capabilities', 'listen_ival', 'current_ap'],
  3: ['capabilities', 'status_code', 'aid'],
  4: [],
  5: ['timestamp', 'beacon', 'capabilities'],
  8: ['timestamp', 'beacon', 'capabilities'],
  10: ['reason_code'],
  11: ['auth.alg', 'auth_seq', 'status_code'],
  12: ['reason_code'],
};
const SIZE = {
  timestamp: 8,
  beacon: 2,
  capabilities: 2,
  listen_ival: 2,
  current_ap: 6,
  status_code: 2,
  aid: 2,
  reason_code: 2,
  'auth.alg': 2,
  auth_seq: 2,
} as const;

/** Decodes the body `tvb` (its reported length intact) of a management frame of `subtype` under `node` (the wlan.mgt node). */
export function dissectMgtBody(m: Mgt, tvb: Tvb, subtype: number, pinfo: PacketInfo, tree: ProtoTree, node: number): void {
  const f = m.f;
  const fixed = FIXED[subtype];
  if (fixed === undefined) return;
  let off = 0;
  if (fixed.length > 0) {
    const size = fixed.reduce((n, k) => n + SIZE[k], 0);
    const all = tree.add(node, f['fixed.all'], tvb, 0, Math.min(size, tvb.length), undefined, `Fixed parameters (${size} bytes)`);
    for (const k of fixed) {
      off += fixedField(f, k, tvb, off, pinfo, tree, all);
    }
    // Open System, Shared Key and FT authentication carry tags; other algorithms (SAE, FILS) fields of their own.
    if (subtype === 11 && tvb.u16(0, true) > 2) return;
  }
  const left = tvb.reportedRemaining(off);
  if (left <= 0) return;
  const all = tree.add(node, f['tagged.all'], tvb, off, Math.min(left, tvb.length - off), undefined, `Tagged parameters (${left} bytes)`);
  let remaining = left;
  while (remaining > 0) {
    const used = tag(m, tvb, off, pinfo, tree, all);
    const step = Math.min(used, remaining);
    off += step;
    remaining -= step;
  }
}

function fixedField(f: MgtFields, k: keyof typeof SIZE, tvb: Tvb, off: number, pinfo: PacketInfo, tree: ProtoTree, all: number): number {
  switch (k) {
    case 'timestamp':
      tree.add(all, f['fixed.timestamp'], tvb, off, 8, tvb.u64(off, true));
      break;
    case 'current_ap':
      tree.add(all, f['fixed.current_ap'], tvb, off, 6, tvb.view(off, 6));
      break;
    case 'beacon': {
      const bi = tvb.u16(off, true);
      tree.add(all, f['fixed.beacon'], tvb, off, 2, bi, `Beacon Interval: ${(bi * 1024) / 1e6} [Seconds]`);
      pinfo.appendInfo(`, BI=${bi}`, '');
      break;
    }
    case 'aid': {
      const v = tvb.u16(off, true);
      tree.add(all, f['fixed.aid'], tvb, off, 2, v & 0x3fff);
      break;
    }
    default:
      tree.add(all, f[`fixed.${k}`], tvb, off, 2, tvb.u16(off, true));
  }
  return SIZE[k];
}

/** One tagged parameter at `off`: its number and length, then its value within that length. Returns the bytes it takes. */
function tag(m: Mgt, tvb: Tvb, off: number, pinfo: PacketInfo, tree: ProtoTree, all: number): number {
  const f = m.f;
  const no = tvb.u8(off);
  const len = tvb.u8(off + 1);
  const item = tree.add(
    all,
    f.tag,
    tvb,
    off,
    Math.max(0, Math.min(2 + len, tvb.length - off)),
    undefined,
    `Tag: ${TAG_NAMES[no] ?? 'Unknown'}`,
  );
  tree.add(item, f['tag.number'], tvb, off, 1, no);
  tree.add(item, f['tag.length'], tvb, off + 1, 1, len);
  // The value's own bytes: past what the frame reports the tag is malformed (TShark's subset).
  tvb.check(off + 2, 0);
  if (len > tvb.reportedRemaining(off + 2)) tvb.check(off + 2, len);
  const value = tvb.pdu(off + 2, len, false);
  switch (no) {
    case TAG_SSID:
      ssid(f, value, pinfo, tree, item);
      break;
    case TAG_MESH_ID: {
      const id = value.ascii(0, len);
      tree.add(item, f['mesh.id'], value, 0, len, id);
      if (len > 0) pinfo.appendInfo(`, MESHID=${id}`, '');
      break;
    }
    case TAG_RSN:
      rsn(m, value, tree, item);
      break;
    case TAG_EXTENSION:
      if (len >= 1) tree.add(item, f['ext_tag.number'], value, 0, 1, value.u8(0));
      if (len > 1) tree.add(item, f['tag.data'], value, 1, len - 1, value.view(1, len - 1));
      break;
    default:
      if (len > 0) tree.add(item, f['tag.data'], value, 0, len, value.view(0, len));
  }
  return 2 + len;
}

function ssid(f: MgtFields, value: Tvb, pinfo: PacketInfo, tree: ProtoTree, item: number): void {
  const len = value.reported;
  const bytes = value.view(0, len);
  let text = '';
  for (const b of bytes) text += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\${b.toString(8).padStart(3, '0')}`;
  tree.add(item, f.ssid, value, 0, len, bytes, `SSID: ${len === 0 ? 'Wildcard (Broadcast)' : text}`);
  pinfo.appendInfo(len === 0 ? ', SSID=Wildcard (Broadcast)' : `, SSID="${text}"`, '');
}

/**
 * The RSN element (802.11-2020 9.4.2.24), as TShark reads it: the whole element first (it keeps
 * a copy), then version, group suite, the pairwise and AKM suite lists (a count too large for
 * what is left is a malformed-group item and is cut to what fits), capabilities, PMKIDs and the
 * group management suite, each section only while bytes of the element remain.
 */
function rsn({ f, ei: EI }: Mgt, v: Tvb, tree: ProtoTree, item: number): void {
  const len = v.reported;
  v.check(0, len);
  tree.add(item, f['rsn.version'], v, 0, 2, v.u16(0, true));
  if (len <= 2) return;
  tree.add(item, f['rsn.gcs'], v, 2, 4, v.u32(2));
  let off = 6;
  const lists = [
    ['rsn.pcs.count', 'rsn.pcs', EI['rsn.pcs.count.invalid'], 'Pairwise Cipher Suite Count'],
    ['rsn.akms.count', 'rsn.akms', EI['rsn.akms.count.invalid'], 'Auth Key Management (AKM) Suite Count'],
  ] as const;
  for (const [count, suite, ei, label] of lists) {
    if (off >= len) return;
    let n = v.u16(off, true);
    const node = tree.add(item, f[count], v, off, 2, n);
    off += 2;
    if (n * 4 > len - off) {
      addMalformedExpert(tree, node, v, ei, `${label} too large, 4*${n} > ${len - off}`);
      n = Math.max(0, Math.floor((len - off) / 4));
    }
    for (let i = 0; i < n; i++, off += 4) tree.add(item, f[suite], v, off, 4, v.u32(off));
  }
  if (off >= len) return;
  const caps = v.u16(off, true);
  tree.add(item, f['rsn.capabilities'], v, off, 2, caps, `RSN Capabilities: ${hex(caps, 4)}`);
  off += 2;
  if (off >= len) return;
  let pmkids = v.u16(off, true);
  const node = tree.add(item, f['rsn.pmkid.count'], v, off, 2, pmkids);
  off += 2;
  if (pmkids * 16 > len - off) {
    addMalformedExpert(tree, node, v, EI['rsn.pmkid.count.invalid'], `PMKID Count too large, 16*${pmkids} > ${len - off}`);
    pmkids = Math.max(0, Math.floor((len - off) / 16));
  }
  for (let i = 0; i < pmkids; i++, off += 16) tree.add(item, f['rsn.pmkid'], v, off, 16, v.view(off, 16));
  if (off >= len) return;
  tree.add(item, f['rsn.gmcs'], v, off, 4, v.u32(off));
}
