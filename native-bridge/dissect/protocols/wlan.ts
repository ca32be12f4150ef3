import type { Dissector } from '../core/dissector.js';
import { beginProtocol, callData, dispatchPayload } from '../core/dispatch.js';
import { expertTable } from '../core/expert-info.js';
import { fieldTable, type FieldInfo } from '../core/fields.js';
import { etherString, hex } from '../core/format.js';
import { dissectorTable } from '../core/tables.js';
import type { PacketInfo } from '../core/packet-info.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { MGT_EXPERTS, MGT_FIELDS, type Mgt, dissectMgtBody } from './wlan-mgt.js';
import { RADIO, type RadioInfo } from './wlan-radio.js';

/**
 * IEEE 802.11 MAC header, the basics: frame control, duration, the addresses by frame type and
 * DS bits, sequence control, QoS and HT control, and the FCS when the pseudo-header says it is
 * there. A management body is TShark's `wlan.mgt` node, a protocol of the tree but not of the
 * stack (wlan-mgt.ts decodes it); control bodies stay part of `wlan`; a data frame's body goes
 * to the `llc` table, or to `data` when it is encrypted. Protocol versions 1 to 3 are named as
 * TShark names them (`pv1`, `unknownVersion`).
 */
const MGT = fieldTable.register('wlan.mgt', 'IEEE 802.11 Wireless Management', []);
const P = fieldTable.register('wlan', 'IEEE 802.11 wireless LAN', [
  { abbrev: 'wlan.fc', name: 'Frame Control Field', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'wlan.fc.version', name: 'Version', type: 'uint', bits: 8 },
  {
    abbrev: 'wlan.fc.type',
    name: 'Type',
    type: 'uint',
    bits: 8,
    strings: { 0: 'Management frame', 1: 'Control frame', 2: 'Data frame', 3: 'Extension' },
  },
  { abbrev: 'wlan.fc.subtype', name: 'Subtype', type: 'uint', bits: 8 },
  { abbrev: 'wlan.fc.type_subtype', name: 'Type/Subtype', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'wlan.fc.ds', name: 'DS status', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'wlan.fc.tods', name: 'To DS', type: 'bool' },
  { abbrev: 'wlan.fc.fromds', name: 'From DS', type: 'bool' },
  { abbrev: 'wlan.fc.frag', name: 'More Fragments', type: 'bool' },
  { abbrev: 'wlan.fc.retry', name: 'Retry', type: 'bool' },
  { abbrev: 'wlan.fc.pwrmgt', name: 'PWR MGT', type: 'bool' },
  { abbrev: 'wlan.fc.moredata', name: 'More Data', type: 'bool' },
  { abbrev: 'wlan.fc.protected', name: 'Protected flag', type: 'bool' },
  { abbrev: 'wlan.fc.order', name: '+HTC/Order flag', type: 'bool' },
  { abbrev: 'wlan.duration', name: 'Duration', type: 'uint', bits: 16 },
  { abbrev: 'wlan.ra', name: 'Receiver address', type: 'ether' },
  { abbrev: 'wlan.ta', name: 'Transmitter address', type: 'ether' },
  { abbrev: 'wlan.da', name: 'Destination address', type: 'ether' },
  { abbrev: 'wlan.sa', name: 'Source address', type: 'ether' },
  { abbrev: 'wlan.bssid', name: 'BSS Id', type: 'ether' },
  { abbrev: 'wlan.staa', name: 'STA address', type: 'ether' },
  { abbrev: 'wlan.addr', name: 'Hardware address', type: 'ether' },
  { abbrev: 'wlan.frag', name: 'Fragment number', type: 'uint', bits: 16 },
  { abbrev: 'wlan.seq', name: 'Sequence number', type: 'uint', bits: 16 },
  { abbrev: 'wlan.qos', name: 'QoS Control', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'wlan.fcs', name: 'Frame check sequence', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'wlan.fcs.status', name: 'FCS Status', type: 'uint', bits: 8, strings: { 0: 'Bad', 1: 'Good', 2: 'Unverified' } },
  ...MGT_FIELDS,
]);
const f = P.f;
const MGT_BODY: Mgt = { f, ei: expertTable('wlan', 'IEEE 802.11', MGT_EXPERTS) };

const MGMT = [
  'Association Request',
  'Association Response',
  'Reassociation Request',
  'Reassociation Response',
  'Probe Request',
  'Probe Response',
  'Timing Advertisement',
  'Reserved',
  'Beacon frame',
  'ATIM',
  'Disassociate',
  'Authentication',
  'Deauthentication',
  'Action',
  'Action No Ack',
  'Reserved',
];
const CTRL = [
  'Reserved',
  'Reserved',
  'Trigger',
  'TACK',
  'Beamforming Report Poll',
  'VHT/HE NDP Announcement',
  'Control Frame Extension',
  'Control Wrapper',
  'Block Ack Request',
  'Block Ack',
  'Power-Save poll',
  'Request-to-send',
  'Clear-to-send',
  'Acknowledgement',
  'CF-End',
  'CF-End + CF-Ack',
];
const DATA = [
  'Data',
  'Data + CF-Ack',
  'Data + CF-Poll',
  'Data + CF-Ack + CF-Poll',
  'Null function (No data)',
  'CF-Ack (No data)',
  'CF-Poll (No data)',
  'CF-Ack/Poll (No data)',
  'QoS Data',
  'QoS Data + CF-Ack',
  'QoS Data + CF-Poll',
  'QoS Data + CF-Ack + CF-Poll',
  'QoS Null function (No data)',
  'Reserved',
  'QoS CF-Poll (No Data)',
  'QoS CF-Ack + CF-Poll (No data)',
];

/** Header length of control frames: CTS and ACK carry only the receiver address. */
function controlLength(subtype: number): number {
  return subtype === 12 || subtype === 13 ? 10 : 16;
}

const wlan: Dissector = {
  name: 'wlan',
  dissect(tvbIn, pinfo, tree, parent) {
    const r = pinfo.data.get(RADIO) as RadioInfo | undefined;
    const fcsLen = r?.fcs === true && tvbIn.length >= 4 ? 4 : 0;
    pinfo.protocol = '802.11';
    const node = beginProtocol(P, tvbIn, pinfo, tree, parent, 2, 2); // TShark reads the frame control first
    const fc = tvbIn.u16(0);
    const version = (fc >>> 8) & 3;
    if (version >= 2) {
      unknownVersion(tvbIn, pinfo, tree, node);
      return;
    }
    if (version === 1) {
      pv1(tvbIn.sub(0, tvbIn.length - fcsLen), pinfo, tree, node);
      return;
    }
    const tvb = tvbIn.sub(0, tvbIn.length - fcsLen);
    const b0 = fc >>> 8;
    const flags = fc & 0xff;
    const type = (b0 >>> 2) & 3;
    const subtype = b0 >>> 4;
    const name = (type === 0 ? MGMT : type === 1 ? CTRL : type === 2 ? DATA : undefined)?.[subtype] ?? 'Unrecognized (Reserved frame)';
    pinfo.setInfo(name);
    const fcn = tree.add(node, f.fc, tvb, 0, 2, fc, `Frame Control Field: ${hex(fc, 4)}`);
    tree.add(fcn, f['fc.version'], tvb, 0, 1, b0 & 3);
    tree.add(fcn, f['fc.type'], tvb, 0, 1, type);
    tree.add(fcn, f['fc.subtype'], tvb, 0, 1, subtype);
    tree.add(fcn, f['fc.type_subtype'], tvb, 0, 1, (type << 4) | subtype, `Type/Subtype: ${name} (${hex((type << 4) | subtype, 4)})`);
    const ds = flags & 3;
    tree.add(fcn, f['fc.ds'], tvb, 1, 1, ds);
    tree.add(fcn, f['fc.tods'], tvb, 1, 1, (flags & 1) !== 0);
    tree.add(fcn, f['fc.fromds'], tvb, 1, 1, (flags & 2) !== 0);
    tree.add(fcn, f['fc.frag'], tvb, 1, 1, (flags & 4) !== 0);
    tree.add(fcn, f['fc.retry'], tvb, 1, 1, (flags & 8) !== 0);
    tree.add(fcn, f['fc.pwrmgt'], tvb, 1, 1, (flags & 0x10) !== 0);
    tree.add(fcn, f['fc.moredata'], tvb, 1, 1, (flags & 0x20) !== 0);
    const prot = (flags & 0x40) !== 0;
    const order = (flags & 0x80) !== 0;
    tree.add(fcn, f['fc.protected'], tvb, 1, 1, prot);
    tree.add(fcn, f['fc.order'], tvb, 1, 1, order);
    tree.add(node, f.duration, tvb, 2, 2, tvb.u16(2, true));
    tree.setText(node, `IEEE 802.11 ${name}, Flags: ${flagString(flags, fcsLen > 0)}`);

    if (fcsLen) {
      const fcs = tvbIn.u32(tvbIn.length - 4, true);
      tree.add(node, f.fcs, tvbIn, tvbIn.length - 4, 4, fcs, `Frame check sequence: ${hex(fcs, 8)} [unverified]`);
      tree.add(node, f['fcs.status'], tvbIn, tvbIn.length - 4, 0, 2);
    }

    if (type === 1) {
      const hl = controlLength(subtype);
      tree.setLength(node, Math.min(hl, tvb.length));
      addAddr(tvb, tree, node, 4, f.ra);
      if (hl >= 16) addAddr(tvb, tree, node, 10, f.ta);
      pinfo.setNet('ether', hl >= 16 ? etherString(tvb.view(10, 6)) : '', etherString(tvb.view(4, 6)));
      return;
    }
    if (type === 3) return;

    // Management and data: three addresses and sequence control, a fourth address for WDS.
    const a1 = tvb.view(4, 6);
    const a2 = tvb.view(10, 6);
    const seqCtl = tvb.u16(22, true);
    let hl = 24;
    if (type === 0) {
      addAddr(tvb, tree, node, 4, f.da, f.ra);
      addAddr(tvb, tree, node, 10, f.sa, f.ta);
      addAddr(tvb, tree, node, 16, f.bssid);
      pinfo.setNet('ether', etherString(a2), etherString(a1));
    } else {
      // Address roles by the DS bits (IEEE 802.11-2020 table 9-30).
      const da = ds === 0 || ds === 2 ? 4 : 16;
      const sa = ds === 0 ? 10 : ds === 1 ? 10 : ds === 2 ? 16 : 24;
      addAddr(tvb, tree, node, 4, f.ra);
      addAddr(tvb, tree, node, 10, f.ta);
      if (ds === 3) tvb.check(24, 6);
      addAddr(tvb, tree, node, da, f.da);
      addAddr(tvb, tree, node, sa, f.sa);
      if (ds !== 3) addAddr(tvb, tree, node, ds === 0 ? 16 : ds === 1 ? 4 : 10, f.bssid);
      pinfo.setNet('ether', etherString(tvb.view(sa, 6)), etherString(tvb.view(da, 6)));
    }
    tree.add(node, f.frag, tvb, 22, 2, seqCtl & 0xf);
    tree.add(node, f.seq, tvb, 22, 2, seqCtl >>> 4);
    pinfo.appendInfo(`, SN=${seqCtl >>> 4}, FN=${seqCtl & 0xf}, Flags=${flagString(flags, fcsLen > 0)}`, '');
    if (type === 2 && ds === 3) hl += 6;
    if (type === 2 && subtype & 8) {
      tree.add(node, f.qos, tvb, hl, 2, tvb.u16(hl, true));
      hl += 2;
      if (order) hl += 4;
    } else if (type === 0 && order) {
      hl += 4;
    }
    if (r?.datapad === true) hl = (hl + 3) & ~3;
    tvb.check(0, Math.min(hl, tvb.length));
    tree.setLength(node, Math.min(hl, tvb.length));
    // A management body: TShark's "IEEE 802.11 Wireless Management" item, a protocol of the tree
    // (the hierarchy counts it) though not of the frame's stack, over every reported byte.
    if (type === 0) {
      const whole = fcsLen > 0 ? tvbIn.pdu(0, tvbIn.reported - fcsLen, false) : tvbIn;
      if (hl < whole.reported) {
        whole.check(hl, 0);
        const body = whole.sub(hl);
        const mgt = tree.add(parent, MGT.proto, body, 0, body.length);
        dissectMgtBody(MGT_BODY, body, subtype, pinfo, tree, mgt);
      }
    }
    if (type !== 2 || hl >= tvb.length) return;
    // Null-function subtypes carry no body.
    if (subtype & 4) return;
    const body = tvb.sub(hl);
    if (prot) callData(body, pinfo, tree, parent);
    else dispatchPayload({ table: 'llc', keys: [0] }, body, pinfo, tree, parent);
  },
};

const PV1_TYPES = [
  'PV1 QoS Data - with one SID',
  'PV1 Management',
  'PV1 Control',
  'PV1 QoS Data - no SIDs',
  'PV1 Reserved',
  'PV1 Reserved',
  'PV1 Reserved',
  'PV1 Extension (currently reserved)',
];

/**
 * A protocol version 1 frame (802.11ah), named by its type. Of its headers only the QoS data
 * frame with one SID is decoded, as TShark shows it: receiver address, the transmitter's SID
 * (whose bits say whether a third and fourth address follow), sequence control; TShark shows
 * nothing of its body, and neither do we.
 */
function pv1(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, node: number): void {
  const fc = tvb.u16(0, true);
  const name = PV1_TYPES[(fc >>> 2) & 7]!;
  pinfo.setInfo(name);
  tree.setText(node, `IEEE 802.11 ${name}`);
  tree.add(node, f.fc, tvb, 0, 2, fc, `Frame Control Field: ${hex(fc, 4)}`);
  if (((fc >>> 2) & 7) !== 0) return;
  addAddr(tvb, tree, node, 2, f.ra);
  const sid = tvb.u16(8, true);
  const seqCtl = tvb.u16(10, true);
  tree.add(node, f.frag, tvb, 10, 2, seqCtl & 0xf);
  tree.add(node, f.seq, tvb, 10, 2, seqCtl >>> 4);
  let hl = 12;
  if (sid & 0x2000) {
    addAddr(tvb, tree, node, hl, f.da);
    hl += 6;
  }
  if (sid & 0x4000) {
    addAddr(tvb, tree, node, hl, f.sa);
    hl += 6;
  }
  tree.setLength(node, Math.min(hl, tvb.length));
}

/**
 * A frame of protocol version 2 or 3, which no standard defines: TShark names it and shows the
 * version, then needs every reported byte, so a frame cut by the capture ends short there; a
 * whole one shows the bytes after the frame control as data, then reads one past its end
 * (malformed).
 */
function unknownVersion(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, node: number): void {
  const version = tvb.u8(0) & 3;
  pinfo.setInfo(`Unknown protocol version: ${version}`);
  tree.setText(node, `IEEE 802.11 Unknown Protocol Version:${version}`);
  tree.add(node, f['fc.version'], tvb, 0, 1, version);
  tvb.check(0, tvb.reported);
  if (tvb.length > 2) callData(tvb.sub(2), pinfo, tree, node);
  tvb.check(tvb.length, 1);
}

/** An address under its role fields and `wlan.addr` (Wireshark's either-role field). */
function addAddr(tvb: Tvb, tree: ProtoTree, node: number, off: number, role: FieldInfo, role2?: FieldInfo): void {
  const a = tvb.view(off, 6);
  tree.add(node, role, tvb, off, 6, a);
  if (role2 !== undefined) tree.add(node, role2, tvb, off, 6, a);
  tree.add(node, f.addr, tvb, off, 6, a);
}

/** Wireshark's compact flag string (`.p....F.C`): one character per flag bit, high bit first, then C when an FCS is present. */
function flagString(flags: number, fcs: boolean): string {
  const c = 'OpmPRMFT';
  let s = '';
  for (let i = 7; i >= 0; i--) s += flags & (1 << i) ? c[7 - i]! : '.';
  return fcs ? `${s}C` : s;
}

const tables = dissectorTable('wlan');
tables.add(0, wlan);
dissectorTable('link_type').add(105, wlan); // LINKTYPE_IEEE802_11, no pseudo-header
