import { type FieldInfo, fieldTable } from './fields.js';
import type { ProtoTree } from './tree.js';
import type { Tvb } from './tvb.js';

/**
 * Expert information (Wireshark's expert.c): what a decoder noticed about a packet (a
 * connection request, a retransmission, a malformed field), with a severity and a group. Each
 * protocol registers its items once (`expertTable`, Wireshark's `ei_register_info`): a filter
 * name (`tcp.analysis.retransmission`), a severity, a group and a summary. A decoder adds one
 * with `addExpert`: a generated `_ws.expert` node under the field it concerns, holding the
 * item's own field, `_ws.expert.message`, `_ws.expert.severity` and `_ws.expert.group`, so
 * every part is filterable, and the tree shows it as TShark's `-V` does.
 */

/** Severities, least to most severe, with TShark's values (`-e _ws.expert.severity` prints them). */
export const SEVERITIES = ['comment', 'chat', 'note', 'warn', 'error'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_VALUE: Readonly<Record<Severity, number>> = {
  comment: 0x00100000,
  chat: 0x00200000,
  note: 0x00400000,
  warn: 0x00600000,
  error: 0x00800000,
};
/** As the tree shows them (`Expert Info (Warning/Sequence)`). */
export const SEVERITY_NAME: Readonly<Record<Severity, string>> = {
  comment: 'Comment',
  chat: 'Chat',
  note: 'Note',
  warn: 'Warning',
  error: 'Error',
};

export const GROUPS = [
  'checksum',
  'sequence',
  'response',
  'request',
  'undecoded',
  'reassemble',
  'malformed',
  'debug',
  'protocol',
  'security',
  'comment',
  'decryption',
  'assumption',
  'deprecated',
] as const;
export type Group = (typeof GROUPS)[number];
/** TShark's group values: 0x01000000 (Checksum) upwards, in GROUPS' order. */
export const GROUP_VALUE: Readonly<Record<Group, number>> = Object.fromEntries(GROUPS.map((g, i) => [g, (i + 1) * 0x01000000])) as Record<
  Group,
  number
>;
export const GROUP_NAME: Readonly<Record<Group, string>> = {
  checksum: 'Checksum',
  sequence: 'Sequence',
  response: 'Response',
  request: 'Request',
  undecoded: 'Undecoded',
  reassemble: 'Reassemble',
  malformed: 'Malformed',
  debug: 'Debug',
  protocol: 'Protocol',
  security: 'Security',
  comment: 'Comment',
  decryption: 'Decryption',
  assumption: 'Assumption',
  deprecated: 'Deprecated',
};

const byValue = <K extends string>(values: Readonly<Record<K, number>>, names: Readonly<Record<K, string>>): Record<number, string> =>
  Object.fromEntries(Object.entries<number>(values).map(([k, v]) => [v, names[k as K]]));

/** The expert pseudo-protocol and its fields (Wireshark's `_ws.expert`). */
export const expertFields = fieldTable.register('_ws.expert', 'Expert Info', [
  { abbrev: '_ws.expert.message', name: 'Message', type: 'string', generated: true, hidden: true },
  {
    abbrev: '_ws.expert.severity',
    name: 'Severity level',
    type: 'uint',
    bits: 32,
    generated: true,
    strings: byValue(SEVERITY_VALUE, SEVERITY_NAME),
  },
  { abbrev: '_ws.expert.group', name: 'Group', type: 'uint', bits: 32, generated: true, strings: byValue(GROUP_VALUE, GROUP_NAME) },
]);

/** One registered expert item. */
export interface ExpertInfo {
  /** Its field (`tcp.analysis.retransmission`): present in the tree when the item is. */
  readonly field: FieldInfo;
  readonly severity: Severity;
  readonly group: Group;
  /** The message when the decoder gives none (`This frame is a (suspected) retransmission`). */
  readonly summary: string;
  /** The protocol column of `-z expert` (`TCP`, `IPv4`): TShark's current protocol. */
  readonly protocol: string;
}

export interface ExpertSpec<P extends string = string> {
  /** Filter name, starting with the protocol's (`tcp.connection.syn`). */
  readonly name: `${P}.${string}`;
  readonly severity: Severity;
  readonly group: Group;
  readonly summary: string;
}

/** Protocols whose short name (TShark's current protocol, the `-z expert` column) is not their filter name in capitals. */
const SHORT_NAMES: Readonly<Record<string, string>> = {
  ip: 'IPv4',
  ipv6: 'IPv6',
  icmpv6: 'ICMPv6',
  eth: 'Ethernet',
  ethertype: 'Ethertype',
  arp: 'ARP/RARP',
  vlan: '802.1Q',
  frame: 'Frame',
  wlan: 'IEEE 802.11',
  data: 'Data',
  afs: 'AFS (RX)',
  openflow: 'OpenFlow',
  openflow_v1: 'openflow_v1',
  openflow_v4: 'openflow_v4',
  openflow_v5: 'openflow_v5',
  openflow_v6: 'openflow_v6',
};

/** A protocol's short name from its filter name (`ip` → `IPv4`, `dns` → `DNS`). */
export function protocolShortName(abbrev: string): string {
  return SHORT_NAMES[abbrev] ?? abbrev.toUpperCase();
}

/** ExpertInfo by the id of its field: how a tree's expert nodes are read back (statistics). */
const byField = new Map<number, ExpertInfo>();

/**
 * Registers a protocol's expert items: each one's field is the protocol's field of that name
 * if it has one (TCP's analysis flags), else a new generated one. `shown` is the protocol as
 * TShark's expert statistics name it (`TCP`, `IPv4`). Returns the items by the part of their
 * name after the protocol's prefix (`ei.retransmission` for `tcp.analysis.retransmission`
 * is `ei['analysis.retransmission']`).
 */
export function expertTable<const P extends string, const S extends readonly ExpertSpec<P>[]>(
  prefix: P,
  shown: string,
  specs: S,
): { readonly [K in S[number]['name'] as K extends `${P}.${infer R}` ? R : never]: ExpertInfo } {
  const out: Record<string, ExpertInfo> = {};
  for (const s of specs) {
    const field =
      fieldTable.get(s.name) ?? fieldTable.extend(prefix, [{ abbrev: s.name, name: s.summary, type: 'none', generated: true }])[0]!;
    const info: ExpertInfo = { field, severity: s.severity, group: s.group, summary: s.summary, protocol: shown };
    byField.set(field.id, info);
    out[s.name.slice(prefix.length + 1)] = info;
  }
  return out as never;
}

/** The expert item whose field has this id, if any. */
export function expertByField(id: number): ExpertInfo | undefined {
  return byField.get(id);
}

/**
 * Adds expert item `ei` under node `parent` (the field it is about), with `message` (the
 * summary by default). Returns the `_ws.expert` node. The nodes span no bytes but the
 * parent's (Wireshark hangs the item on the field's range); they are generated. `protocol`
 * overrides the item's protocol column (an item every protocol shares).
 */
export function addExpert(
  tree: ProtoTree,
  parent: number,
  tvb: Tvb,
  ei: ExpertInfo,
  message: string = ei.summary,
  protocol: string = ei.protocol,
): number {
  const start = parent >= 0 ? tree.starts[parent]! - tvb.base : 0;
  const length = parent >= 0 ? tree.lengths[parent]! : 0;
  const f = expertFields.f;
  // The node's value is the protocol the statistics name (an item registered once, such as a
  // malformed mark, names the protocol being decoded).
  const node = tree.add(
    parent,
    expertFields.proto,
    tvb,
    start,
    length,
    protocol,
    `Expert Info (${SEVERITY_NAME[ei.severity]}/${GROUP_NAME[ei.group]}): ${message}`,
  );
  tree.add(node, ei.field, tvb, start, length, undefined, message);
  tree.add(node, f.message, tvb, start, length, message);
  tree.add(node, f.severity, tvb, start, length, SEVERITY_VALUE[ei.severity], `Severity level: ${SEVERITY_NAME[ei.severity]}`);
  tree.add(node, f.group, tvb, start, length, GROUP_VALUE[ei.group], `Group: ${GROUP_NAME[ei.group]}`);
  return node;
}

/** One expert item of a dissected packet. */
export interface ExpertHit {
  info: ExpertInfo;
  message: string;
  /** The protocol column (`TCP`). */
  protocol: string;
  /** Its `_ws.expert` node in the tree. */
  node: number;
}

/** The expert items of a tree, in tree order. */
export function expertsOf(tree: ProtoTree): ExpertHit[] {
  const out: ExpertHit[] = [];
  const proto = expertFields.proto;
  for (let i = 0; i < tree.size; i++) {
    if (tree.fields[i] !== proto) continue;
    const info = expertByField(tree.fields[i + 1]?.id ?? -1);
    const message = tree.values[i + 2];
    const protocol = tree.values[i];
    if (info !== undefined && typeof message === 'string')
      out.push({ info, message, protocol: typeof protocol === 'string' ? protocol : info.protocol, node: i });
  }
  return out;
}

/** The severity of an `_ws.expert` node (undefined for any other node): the tree's highlight. */
export function severityOfNode(tree: ProtoTree, i: number): Severity | undefined {
  if (tree.fields[i] !== expertFields.proto) return undefined;
  return expertByField(tree.fields[i + 1]?.id ?? -1)?.severity;
}
