import type { Dissector, HeuristicDissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { textItem, type ProtocolFields } from '../core/fields.js';
import { bitPattern, hex } from '../core/format.js';
import { DESEGMENT_ONE_MORE_SEGMENT, type PacketInfo } from '../core/packet-info.js';
import { frameSlot } from '../core/session.js';
import { dissectorTable, heuristicList } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { isShort, showException } from '../core/frame.js';
import { CLASS_NAMES, DNS, LLMNR, MDNS, OPCODE_NAMES, RCODE_NAMES, typeName } from './dns-fields.js';
import { DnsMessage, dissectRecord } from './dns-rr.js';
import { WordKeys, grown } from '../../common/index.js';
import { endpointKey } from './conversations.js';
import { inError } from './ip-common.js';

/**
 * Domain Name System (RFC 1035) over UDP and TCP, and its multicast variants mDNS (RFC 6762)
 * and LLMNR (RFC 4795), which TShark names as protocols of their own but decodes with the same
 * code and `dns.*` fields. Registered as TShark 4.0 does: UDP 53 (dns), 5353 (mdns), 5355
 * (llmnr), TCP 53 and 5353 (dns, with the 2-byte length prefix), and the `udp` heuristic.
 */
const f = DNS.f;
const HEADER = 12;
const F_RESPONSE = 0x8000;
const OPCODE_UPDATE = 5;

interface Variant {
  P: ProtocolFields;
  column: string;
  title: string;
  mdns: boolean;
  llmnr: boolean;
}

const VARIANTS = {
  dns: { P: DNS, column: 'DNS', title: 'Domain Name System', mdns: false, llmnr: false },
  mdns: { P: MDNS, column: 'MDNS', title: 'Multicast Domain Name System', mdns: true, llmnr: false },
  llmnr: { P: LLMNR, column: 'LLMNR', title: 'Link-local Multicast Name Resolution', mdns: false, llmnr: true },
} satisfies Record<string, Variant>;

/** Flag bits as Wireshark lists them: mask, field, and the words for set / clear. */
type FlagRow = readonly [number, keyof typeof f, string, string, string];
// The rows queries, responses and LLMNR share; the AD bit is worded apart in queries and responses.
const TRUNCATED: FlagRow = [0x0200, 'flags.truncated', 'Truncated', 'Message is truncated', 'Message is not truncated'];
const RECDESIRED: FlagRow = [0x0100, 'flags.recdesired', 'Recursion desired', 'Do query recursively', "Don't do query recursively"];
const Z: FlagRow = [0x0040, 'flags.z', 'Z', 'reserved - incorrect!', 'reserved (0)'];
const CHECKDISABLE: FlagRow = [0x0010, 'flags.checkdisable', 'Non-authenticated data', 'Acceptable', 'Unacceptable'];
const RESPONSE_ROW: FlagRow = [F_RESPONSE, 'flags.response', 'Response', 'Message is a response', 'Message is a query'];
const FLAGS_QUERY: readonly FlagRow[] = [
  TRUNCATED,
  RECDESIRED,
  Z,
  [0x0020, 'flags.authenticated', 'AD bit', 'Set', 'Not set'],
  CHECKDISABLE,
];
const FLAGS_RESPONSE: readonly FlagRow[] = [
  [0x0400, 'flags.authoritative', 'Authoritative', 'Server is an authority for domain', 'Server is not an authority for domain'],
  TRUNCATED,
  RECDESIRED,
  [0x0080, 'flags.recavail', 'Recursion available', 'Server can do recursive queries', "Server can't do recursive queries"],
  Z,
  [
    0x0020,
    'flags.authenticated',
    'Answer authenticated',
    'Answer/authority portion was authenticated by the server',
    'Answer/authority portion was not authenticated by the server',
  ],
  CHECKDISABLE,
];
const FLAGS_LLMNR: readonly FlagRow[] = [
  [0x0400, 'flags.conflict', 'Conflict', 'The sender received multiple responses', 'None'],
  TRUNCATED,
  [0x0100, 'flags.tentative', 'Tentative', 'Tentative', 'Not tentative'],
];

/** A flag row's two lines, bit clear and set (made once per row, not per packet). */
const rowTexts = new Map<FlagRow, readonly [string, string]>();
function flagLine(row: FlagRow, set: boolean): string {
  let t = rowTexts.get(row);
  if (t === undefined) {
    const [mask, , name, on, off] = row;
    t = [`${bitPattern(0, mask, 16)} = ${name}: ${off}`, `${bitPattern(mask, mask, 16)} = ${name}: ${on}`];
    rowTexts.set(row, t);
  }
  return t[set ? 1 : 0];
}

/** The opcode's and the reply code's lines for each of their 16 values. */
const OPCODE_LINES: readonly string[] = Array.from(
  { length: 16 },
  (_, op) => `${bitPattern(op << 11, 0x7800, 16)} = Opcode: ${OPCODE_NAMES[op] ?? 'Unknown'} (${op})`,
);
const RCODE_LINES: readonly string[] = Array.from(
  { length: 16 },
  (_, rc) => `${bitPattern(rc, 0xf, 16)} = Reply code: ${RCODE_NAMES[rc] ?? 'Unknown'} (${rc})`,
);

function dissectFlags(tvb: Tvb, tree: ProtoTree, node: number, off: number, flags: number, v: Variant): void {
  const response = (flags & F_RESPONSE) !== 0;
  const opcode = (flags >> 11) & 0xf;
  const rcode = flags & 0xf;
  tree.add(node, f['flags.response'], tvb, off, 2, response, flagLine(RESPONSE_ROW, response));
  tree.add(node, f['flags.opcode'], tvb, off, 2, opcode, OPCODE_LINES[opcode]);
  const rows = v.llmnr ? FLAGS_LLMNR : response ? FLAGS_RESPONSE : FLAGS_QUERY;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    // Queries show the AD bit only when set (Wireshark's rule).
    if (!response && !v.llmnr && row[0] === 0x0020 && (flags & 0x0020) === 0) continue;
    const set = (flags & row[0]) !== 0;
    tree.add(node, f[row[1]], tvb, off, 2, set, flagLine(row, set));
  }
  if (response) tree.add(node, f['flags.rcode'], tvb, off, 2, rcode, RCODE_LINES[rcode]);
}

/**
 * Requests waiting for their response, by conversation and transaction ID (capture order): the
 * request's frame and time, in growable typed arrays (no object per request: a resolver's link
 * carries hundreds of thousands).
 */
class Transactions {
  readonly #rows = new WordKeys();
  #frame = new Float64Array(1024);
  #sec = new Float64Array(1024);
  #nsec = new Float64Array(1024);

  /** Writes the key of the packet's conversation and transaction `id`; returns its length. */
  keyOf(pinfo: PacketInfo, id: number): number {
    const length = endpointKey(pinfo, pinfo.srcPort, pinfo.dstPort, this.#rows).length;
    this.#rows.key[length] = id;
    return length + 1;
  }

  /** Records the request under the key `keyOf` wrote last. */
  set(length: number, frame: number, sec: number, nsec: number): void {
    const i = this.#rows.find(length, true);
    if (i >= this.#frame.length) {
      this.#frame = grown(this.#frame, i + 1);
      this.#sec = grown(this.#sec, i + 1);
      this.#nsec = grown(this.#nsec, i + 1);
    }
    this.#frame[i] = frame;
    this.#sec[i] = sec;
    this.#nsec[i] = nsec;
  }

  /** The request under the key `keyOf` wrote last, or -1. */
  find(length: number): number {
    return this.#rows.find(length, false);
  }

  frame(i: number): number {
    return this.#frame[i]!;
  }

  sec(i: number): number {
    return this.#sec[i]!;
  }

  nsec(i: number): number {
    return this.#nsec[i]!;
  }
}

const newTransactions = (): Transactions => new Transactions();

function transactions(pinfo: PacketInfo): Transactions {
  return pinfo.session.state('dns.transactions', newTransactions);
}

/** A response's request (first pass), kept for revisits: its frame (-1: unsolicited) and the time since it. */
interface Answered {
  reqFrame: number;
  ds: number;
  dn: number;
}

/** Words: reqFrame, and with a request: ds (f64), dn. */
const DNS_RESPONSE = frameSlot<Answered>('dns.transactions', {
  write(v, out) {
    out.int(v.reqFrame);
    if (v.reqFrame < 0) return;
    out.f64(v.ds);
    out.int(v.dn);
  },
  read(from) {
    const reqFrame = from.int();
    return reqFrame < 0 ? { reqFrame, ds: 0, dn: 0 } : { reqFrame, ds: from.f64(), dn: from.int() };
  },
});

const UNSOLICITED: Answered = { reqFrame: -1, ds: 0, dn: 0 };

function answer(pinfo: PacketInfo, id: number): Answered {
  const t = transactions(pinfo);
  const req = t.find(t.keyOf(pinfo, id));
  const { number, sec, nsec } = pinfo.frame;
  if (req < 0 || t.frame(req) >= number) return UNSOLICITED;
  let ds = sec - t.sec(req);
  let dn = nsec - t.nsec(req);
  if (dn < 0) {
    dn += 1e9;
    ds -= 1;
  }
  return { reqFrame: t.frame(req), ds, dn };
}

/** What the request table shows (no column): a pass that keeps none of these keeps no table. */
const TRANSACTION_FIELDS = [f.response_to, f.time, f.unsolicited];

/** Links a response to its request: `dns.response_to` and `dns.time`, or `dns.unsolicited`. */
function track(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, node: number, id: number, response: boolean): void {
  if (inError(pinfo) || !pinfo.tracks(tree, TRANSACTION_FIELDS)) return;
  if (!response) {
    // A query only updates the table (nothing to show): a revisit skips it.
    const { number, sec, nsec } = pinfo.frame;
    if (!pinfo.visited) {
      const t = transactions(pinfo);
      t.set(t.keyOf(pinfo, id), number, sec, nsec);
    }
    return;
  }
  const a = pinfo.frameData(DNS_RESPONSE, () => answer(pinfo, id));
  if (a.reqFrame < 0) {
    tree.add(node, f.unsolicited, tvb, 0, 0, true, '[Unsolicited: True]');
    return;
  }
  const { ds, dn } = a;
  tree.add(node, f.response_to, tvb, 0, 0, a.reqFrame, `[Request In: ${a.reqFrame}]`);
  tree.add(node, f.time, tvb, 0, 0, [ds, dn], `[Time: ${ds}.${String(dn).padStart(9, '0')} seconds]`);
}

/** Info's start for each opcode, query and response (`Standard query response `). */
const INFO_STARTS: readonly (readonly [string, string])[] = Array.from({ length: 16 }, (_, op) => {
  const name = OPCODE_NAMES[op] ?? `Unknown operation (${op})`;
  return [`${name} `, `${name} response `] as const;
});

/**
 * Decodes one DNS message in `tvb` (starting with the 2-byte length over TCP). Columns are
 * set the way TShark does: Protocol `DNS`/`MDNS`/`LLMNR`, Info `Standard query 0x1234 A name`.
 */
function dissectMessage(v: Variant, tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number, tcp: boolean, first = true): void {
  const start = tcp ? 2 : 0;
  pinfo.protocol = v.column;
  // TShark reads ID and flags before it adds the protocol: a message too short for them is
  // malformed without a DNS layer.
  const id = tvb.u16(start);
  const flags = tvb.u16(start + 2);
  const response = (flags & F_RESPONSE) !== 0;
  const opcode = (flags >> 11) & 0xf;
  const rcode = flags & 0xf;
  // Several messages in one TCP segment are one `dns` layer in the protocol stack, as in TShark.
  const node = first ? beginProtocol(v.P, tvb, pinfo, tree, parent) : tree.add(parent, v.P.proto, tvb, 0, tvb.length);
  if (tree.building) tree.setText(node, `${v.title} (${response ? 'response' : 'query'})`);
  pinfo.setInfo(INFO_STARTS[opcode]![response ? 1 : 0] + hex(id, 4));
  if (response && rcode !== 0) pinfo.appendInfo(RCODE_NAMES[rcode] ?? `Unknown error (${rcode})`);
  if (tcp) tree.add(node, f.length, tvb, 0, 2, tvb.u16(0));
  tree.add(node, f.id, tvb, start, 2, id);
  const opText = OPCODE_NAMES[opcode] ?? 'Unknown operation';
  const flagsText = tree.building
    ? `Flags: ${hex(flags, 4)} ${opText}${response ? ` response, ${RCODE_NAMES[rcode] ?? 'Unknown error'}` : ''}`
    : undefined;
  const flagsNode = tree.add(node, f.flags, tvb, start + 2, 2, flags, flagsText);
  dissectFlags(tvb, tree, flagsNode, start + 2, flags, v);
  const update = opcode === OPCODE_UPDATE;
  const counts = [tvb.u16(start + 4), tvb.u16(start + 6), tvb.u16(start + 8), tvb.u16(start + 10)] as const;
  const countFields = update
    ? (['count.zones', 'count.prerequisites', 'count.updates', 'count.add_rr'] as const)
    : (['count.queries', 'count.answers', 'count.auth_rr', 'count.add_rr'] as const);
  for (let i = 0; i < 4; i++) tree.add(node, f[countFields[i]!], tvb, start + 4 + 2 * i, 2, counts[i]);
  const m = new DnsMessage(tvb, pinfo, tree, start, v.mdns);
  let off = start + HEADER;
  if (counts[0] > 0) off = dissectQuestions(m, v, node, off, counts[0], update ? 'Zone' : 'Queries');
  const titles = update ? UPDATE_TITLES : SECTION_TITLES;
  for (let s = 1; s < 4; s++) if (counts[s]! > 0) off = dissectRecords(m, node, off, counts[s]!, titles[s - 1]!);
  track(tvb, pinfo, tree, node, id, response);
  const extra = tvb.length - off;
  if (extra > 0) {
    const ext = tree.add(node, textItem, tvb, off, extra, undefined, `Extraneous Data (${extra} bytes)`);
    tree.add(ext, f['extraneous.data'], tvb, off, extra, tvb.view(off, extra));
    tree.add(ext, f['extraneous.length'], tvb, off, 0, extra, `[Extraneous Data Length: ${extra}]`);
  }
}

/** The titles of the sections after the questions: a query's or response's, an update's. */
const SECTION_TITLES: readonly string[] = ['Answers', 'Authoritative nameservers', 'Additional records'];
const UPDATE_TITLES: readonly string[] = ['Prerequisites', 'Updates', 'Additional records'];

/** The question section; returns the offset after it. */
function dissectQuestions(m: DnsMessage, v: Variant, parent: number, offset: number, count: number, title: string): number {
  const { tvb, tree, pinfo } = m;
  const section = tree.add(parent, textItem, tvb, offset, 0, undefined, title);
  let off = offset;
  for (let i = 0; i < count; i++) {
    const name = m.name(off, section);
    const at = off + name.used;
    const type = tvb.u16(at);
    const rawClass = tvb.u16(at + 2);
    const qu = v.mdns && (rawClass & 0x8000) !== 0;
    const cls = v.mdns ? rawClass & 0x7fff : rawClass;
    const tName = typeName(type);
    pinfo.appendInfo(`${tName} ${name.text}`);
    if (v.mdns) pinfo.appendInfo(`, "${qu ? 'QU' : 'QM'}" question`, '');
    const label = tree.building
      ? `${name.text}: type ${tName}, class ${CLASS_NAMES[cls] ?? 'Unknown'}${v.mdns ? `, "${qu ? 'QU' : 'QM'}" question` : ''}`
      : undefined;
    const q = tree.add(section, textItem, tvb, off, name.used + 4, undefined, label);
    tree.add(q, f['qry.name'], tvb, off, name.used, name.text);
    const nameLen = name.rawLength > 1 ? name.rawLength : 0;
    tree.add(q, f['qry.name.len'], tvb, off, name.used, nameLen, tree.building ? `[Name Length: ${nameLen}]` : undefined);
    tree.add(q, f['count.labels'], tvb, off, name.used, name.labels, tree.building ? `[Label Count: ${name.labels}]` : undefined);
    tree.add(q, f['qry.type'], tvb, at, 2, type);
    tree.add(q, f['qry.class'], tvb, at + 2, 2, cls);
    if (v.mdns) tree.add(q, f['qry.qu'], tvb, at + 2, 2, qu);
    off = at + 4;
    tree.setLength(section, off - offset);
  }
  return off;
}

/** An answer, authority or additional section; returns the offset after it. */
function dissectRecords(m: DnsMessage, parent: number, offset: number, count: number, title: string): number {
  const section = m.tree.add(parent, textItem, m.tvb, offset, 0, undefined, title);
  let off = offset;
  for (let i = 0; i < count; i++) {
    off += dissectRecord(m, section, off);
    m.tree.setLength(section, Math.min(off, m.tvb.length) - offset);
  }
  return off;
}

function udpDissector(name: string, v: Variant): Dissector {
  return { name, dissect: (tvb, pinfo, tree, parent) => dissectMessage(v, tvb, pinfo, tree, parent, false) };
}

/**
 * DNS over TCP: each message has a 2-byte length prefix, and a segment may carry several (Info
 * then shows the last, as in TShark). A message the segment cuts short is shown as far as it
 * goes; TShark would wait for the rest (TCP reassembly), which Wirepool does not do yet.
 */
const dnsTcp: Dissector = {
  name: 'dns',
  dissect(tvb, pinfo, tree, parent) {
    for (let off = 0; off < tvb.length; ) {
      // A message that goes on past the segment (or its length field): TCP collects the rest
      // (TShark's tcp_dissect_pdus, which keeps DNS on the stack of a segment with none whole).
      if (tvb.remaining(off) < 2) {
        if (pinfo.desegment(off, DESEGMENT_ONE_MORE_SEGMENT, true)) return;
        break;
      }
      const need = tvb.u16(off) + 2 - tvb.remaining(off);
      if (need > 0 && pinfo.desegment(off, need, true)) return;
      const take = Math.min(tvb.u16(off) + 2, tvb.remaining(off));
      // As tcp_dissect_pdus: a message that fails on its own bytes is marked, the next is read.
      try {
        dissectMessage(VARIANTS.dns, tvb.sub(off, take), pinfo, tree, parent, true, off === 0);
      } catch (e) {
        if (isShort(e, pinfo)) throw e;
        showException(e, pinfo, tree, tree.root(parent));
      }
      off += take;
    }
  },
};

/**
 * TShark 4.0's DNS-over-UDP heuristic, for DNS on other ports: a standard-query opcode, one
 * question and no records in a query, at most one question, 100 answers and 10 authority
 * records in a response, at most 10 additional records, and not no questions and no answers.
 */
const dnsHeuristic: HeuristicDissector = {
  name: 'dns',
  tryDissect(tvb, pinfo, tree, parent) {
    if (tvb.length <= HEADER) return false;
    const flags = tvb.u16(2);
    if ((flags & 0x7800) !== 0) return false;
    const [qd, an, ns, ar] = [tvb.u16(4), tvb.u16(6), tvb.u16(8), tvb.u16(10)];
    if ((flags & F_RESPONSE) === 0 ? qd !== 1 || an !== 0 || ns !== 0 : qd > 1 || an > 100 || ns > 10) return false;
    // (Later Wiresharks also check that the counts fit the length; 4.0 does not.)
    if (ar > 10 || qd + an === 0) return false;
    dissectMessage(VARIANTS.dns, tvb, pinfo, tree, parent, false);
    return true;
  },
};

dissectorTable('udp.port').add(53, udpDissector('dns', VARIANTS.dns));
dissectorTable('udp.port').add(5353, udpDissector('mdns', VARIANTS.mdns));
dissectorTable('udp.port').add(5355, udpDissector('llmnr', VARIANTS.llmnr));
dissectorTable('tcp.port').add(53, dnsTcp);
dissectorTable('tcp.port').add(5353, dnsTcp);
heuristicList('udp').push(dnsHeuristic);
