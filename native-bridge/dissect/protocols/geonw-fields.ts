import { expertTable } from '../core/expert-info.js';
import { fieldTable } from '../core/fields.js';

/**
 * The fields and expert items of GeoNetworking (geonw.ts): the protocol is `gnw`, its fields
 * `geonw.*`, as TShark 4.0 names them.
 */
const BH_NEXT: Record<number, string> = { 0: 'ANY', 1: 'Common Header', 2: 'Secured Packet' };
const LT_BASE: Record<number, string> = { 0: '50 ms', 1: '1 s', 2: '10 s', 3: '100 s' };
const CH_NEXT: Record<number, string> = { 0: 'ANY', 1: 'BTP-A Transport protocol', 2: 'BTP-B Transport protocol', 3: 'IPv6 header' };
const TC_ID: Record<number, string> = {
  0: 'ITS-G5 Access Category Voice',
  1: 'ITS-G5 Access Category Video',
  2: 'ITS-G5 Access Category Best effort',
  3: 'ITS-G5 Access Category Background',
};
const STATION_TYPES: Record<number, string> = {
  0: 'Unknown',
  1: 'Pedestrian',
  2: 'Cyclist',
  3: 'Moped',
  4: 'Motorcycle',
  5: 'Passenger Car',
  6: 'Bus',
  7: 'Light Truck',
  8: 'Heavy Truck',
  9: 'Trailer',
  10: 'Special Vehicle',
  11: 'Tram',
  15: 'Road Side Unit',
};

/** Header types (type in the high nibble, subtype in the low one). */
export const BEACON = 0x10;
export const GUC = 0x20;
export const GAC = 0x30;
export const GBC = 0x40;
export const TSB = 0x50;
export const LS = 0x60;
export const SHB = TSB;
export const LS_REQUEST = LS;
export const LS_REPLY = LS | 1;
export const HEADER_TYPES: Record<number, string> = {
  [BEACON]: 'Beacon',
  [GUC]: 'Geo Unicast',
  [GAC]: 'Geo-scoped Anycast Circular area',
  [GAC | 1]: 'Geo-scoped Anycast Rectangular area',
  [GAC | 2]: 'Geo-scoped Anycast Ellipsoidal area',
  [GBC]: 'Geo-scoped Broadcast Circular area',
  [GBC | 1]: 'Geo-scoped Broadcast Rectangular area',
  [GBC | 2]: 'Geo-scoped Broadcast Ellipsoidal area',
  [TSB]: 'Topologically-scoped broadcast Single-hop broadcast (SHB)',
  [TSB | 1]: 'Topologically-scoped broadcast Multi-hop broadcast (TSB)',
  [LS_REQUEST]: 'Location Service Request',
  [LS_REPLY]: 'Location Service Reply',
};

/** The GN_ADDR fields under `pre` (`geonw.src_pos`, `geonw.dst_pos`, `geonw.ls_req`). */
function addrFields<const Pre extends string>(pre: Pre) {
  return [
    { abbrev: `${pre}.addr`, name: 'GN_ADDR', type: 'bytes' },
    { abbrev: `${pre}.addr.manual`, name: 'Manual', type: 'uint', bits: 8, mask: 0x80, maskBits: 8 },
    { abbrev: `${pre}.addr.type`, name: 'ITS-S type', type: 'uint', bits: 8, mask: 0x7c, maskBits: 8, strings: STATION_TYPES },
    { abbrev: `${pre}.addr.country`, name: 'ITS-S Country Code', type: 'uint', bits: 16, mask: 0x3ff, maskBits: 16 },
    { abbrev: `${pre}.addr.mid`, name: 'MID', type: 'ether' },
  ] as const;
}

export const GNW = fieldTable.register(
  'gnw',
  'GeoNetworking',
  [
    { abbrev: 'geonw.bh', name: 'Basic Header', type: 'none' },
    { abbrev: 'geonw.bh.version', name: 'Version', type: 'uint', bits: 8, mask: 0xf0, maskBits: 8 },
    { abbrev: 'geonw.bh.nh', name: 'Next Header', type: 'uint', bits: 8, mask: 0x0f, maskBits: 8, strings: BH_NEXT },
    { abbrev: 'geonw.bh.reserved', name: 'Reserved', type: 'uint', base: 'hex', bits: 8 },
    { abbrev: 'geonw.bh.lt', name: 'Life Time', type: 'uint', bits: 8 },
    { abbrev: 'geonw.bh.lt.mult', name: 'Life Time multiplier', type: 'uint', bits: 8, mask: 0xfc, maskBits: 8 },
    { abbrev: 'geonw.bh.lt.base', name: 'Life Time base', type: 'uint', bits: 8, mask: 0x03, maskBits: 8, strings: LT_BASE },
    { abbrev: 'geonw.bh.rhl', name: 'Remaining Hop Limit', type: 'uint', bits: 8 },
    { abbrev: 'geonw.ch', name: 'Common Header', type: 'none' },
    { abbrev: 'geonw.ch.nh', name: 'Next Header', type: 'uint', bits: 8, mask: 0xf0, maskBits: 8, strings: CH_NEXT },
    { abbrev: 'geonw.ch.reserved1', name: 'Reserved', type: 'uint', base: 'hex', bits: 8, mask: 0x0f, maskBits: 8 },
    { abbrev: 'geonw.ch.htype', name: 'Header type', type: 'uint', base: 'hex', bits: 8, strings: HEADER_TYPES },
    { abbrev: 'geonw.ch.tclass', name: 'Traffic class', type: 'uint', bits: 8 },
    { abbrev: 'geonw.ch.tc.buffer', name: 'Store Carry Forward', type: 'uint', bits: 8, mask: 0x80, maskBits: 8 },
    { abbrev: 'geonw.ch.tc.offload', name: 'Channel offload', type: 'uint', bits: 8, mask: 0x40, maskBits: 8 },
    { abbrev: 'geonw.ch.tc.id', name: 'Traffic class ID', type: 'uint', bits: 8, mask: 0x3f, maskBits: 8, strings: TC_ID },
    { abbrev: 'geonw.ch.flags', name: 'Flags', type: 'none' },
    { abbrev: 'geonw.ch.flags.mob', name: 'Mobility flag', type: 'uint', bits: 8, mask: 0x80, maskBits: 8 },
    { abbrev: 'geonw.ch.flags.reserved', name: 'Reserved', type: 'uint', bits: 8, mask: 0x7f, maskBits: 8 },
    { abbrev: 'geonw.ch.plength', name: 'Payload length', type: 'uint', bits: 16 },
    { abbrev: 'geonw.ch.mhl', name: 'Maximum Hop Limit', type: 'uint', bits: 8 },
    { abbrev: 'geonw.ch.reserved2', name: 'Reserved', type: 'uint', base: 'hex', bits: 8 },
    { abbrev: 'geonw.seq_num', name: 'Sequence number', type: 'uint', base: 'hex', bits: 16 },
    { abbrev: 'geonw.reserved', name: 'Reserved', type: 'uint', bits: 16 },
    { abbrev: 'geonw.src_pos', name: 'Source position', type: 'bytes' },
    ...addrFields('geonw.src_pos'),
    { abbrev: 'geonw.src_pos.tst', name: 'Timestamp', type: 'uint', bits: 32 },
    { abbrev: 'geonw.src_pos.lat', name: 'Latitude', type: 'int', bits: 32 },
    { abbrev: 'geonw.src_pos.long', name: 'Longitude', type: 'int', bits: 32 },
    { abbrev: 'geonw.src_pos.pai', name: 'Position accuracy indicator', type: 'uint', bits: 8, mask: 0x80, maskBits: 8 },
    { abbrev: 'geonw.src_pos.speed', name: 'Speed', type: 'int', bits: 16, mask: 0x7fff, maskBits: 16 },
    { abbrev: 'geonw.src_pos.hdg', name: 'Heading', type: 'uint', bits: 16 },
    { abbrev: 'geonw.dccmco', name: 'Decentralized Congestion Control - Multi Channel Operation', type: 'none' },
    { abbrev: 'geonw.cbr_l0hop', name: 'Local channel busy ratio', type: 'uint', bits: 8, mask: 0x80, maskBits: 8 },
    { abbrev: 'geonw.cbr_l1hop', name: 'Max neighbouring CBR', type: 'uint', bits: 8, mask: 0x80, maskBits: 8 },
    { abbrev: 'geonw.outpower', name: 'Output power', type: 'uint', bits: 8, mask: 0xf8, maskBits: 8 },
    { abbrev: 'geonw.dccmco.reserved', name: 'Reserved', type: 'uint', bits: 8, mask: 0x07, maskBits: 8 },
    { abbrev: 'geonw.dst_pos', name: 'Destination position', type: 'bytes' },
    ...addrFields('geonw.dst_pos'),
    { abbrev: 'geonw.dst_pos.tst', name: 'Timestamp', type: 'uint', bits: 32 },
    { abbrev: 'geonw.dst_pos.lat', name: 'Latitude', type: 'int', bits: 32 },
    { abbrev: 'geonw.dst_pos.long', name: 'Longitude', type: 'int', bits: 32 },
    { abbrev: 'geonw.gxc.latitude', name: 'Latitude', type: 'int', bits: 32 },
    { abbrev: 'geonw.gxc.longitude', name: 'Longitude', type: 'int', bits: 32 },
    { abbrev: 'geonw.gxc.radius', name: 'Radius r', type: 'uint', bits: 16 },
    { abbrev: 'geonw.gxc.distancea', name: 'Distance a', type: 'uint', bits: 16 },
    { abbrev: 'geonw.gxc.distanceb', name: 'Distance b', type: 'uint', bits: 16 },
    { abbrev: 'geonw.gxc.angle', name: 'Angle', type: 'uint', bits: 16 },
    { abbrev: 'geonw.gxc.reserved', name: 'Reserved', type: 'uint', bits: 16 },
    { abbrev: 'geonw.shb.reserved', name: 'Reserved', type: 'uint', bits: 32 },
    ...addrFields('geonw.ls_req'),
    { abbrev: 'geonw.beacon', name: 'Beacon Packet', type: 'none' },
    { abbrev: 'geonw.guc', name: 'GeoUniCast Packet', type: 'none' },
    { abbrev: 'geonw.gac', name: 'GeoAnyCast Packet', type: 'none' },
    { abbrev: 'geonw.gbc', name: 'GeoBroadCast Packet', type: 'none' },
    { abbrev: 'geonw.tsb', name: 'Topologically-Scoped Broadcast Packet', type: 'none' },
    { abbrev: 'geonw.ls', name: 'Location Service Packet', type: 'none' },
    { abbrev: 'geonw.resp_to', name: 'Request frame', type: 'framenum', generated: true },
    { abbrev: 'geonw.resptime', name: 'Response time', type: 'double', generated: true },
    { abbrev: 'geonw.analysis.flags', name: 'GeoNetworking Analysis Flags', type: 'none', generated: true },
  ],
  'geonw',
);

export const EI = expertTable('geonw', 'GNW', [
  { name: 'geonw.reserved_not_zero', severity: 'warn', group: 'protocol', summary: 'Incorrect, should be 0' },
  { name: 'geonw.bogus_version', severity: 'error', group: 'malformed', summary: 'Bogus GeoNetworking Version' },
  { name: 'geonw.rhl.lncb', severity: 'note', group: 'sequence', summary: 'Remaining Hop Limit' },
  { name: 'geonw.rhl.too_small', severity: 'note', group: 'sequence', summary: 'Remaining Hop Limit' },
  { name: 'geonw.rhl.ht_mhl', severity: 'warn', group: 'sequence', summary: 'Remaining Hop Limit To Live' },
  { name: 'geonw.scc_too_big', severity: 'error', group: 'malformed', summary: 'Country code should be less than 1000' },
  { name: 'geonw.analysis_duplicate', severity: 'note', group: 'sequence', summary: 'Duplicate packet' },
  { name: 'geonw.position_oor', severity: 'warn', group: 'malformed', summary: 'Position out of range' },
  { name: 'geonw.bogus_geonw_length', severity: 'error', group: 'protocol', summary: 'Bogus GeoNetworking length' },
]);
