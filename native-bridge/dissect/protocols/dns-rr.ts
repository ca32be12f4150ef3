import { markMalformed } from '../core/expert.js';
import { textItem } from '../core/fields.js';
import { bitPattern, durationText, formatText, ipv4String, ipv6String } from '../core/format.js';
import type { PacketInfo } from '../core/packet-info.js';
import type { ProtoTree } from '../core/tree.js';
import { ReportedBoundsError, type Tvb } from '../core/tvb.js';
import { CLASS_NAMES, DNS, typeName } from './dns-fields.js';
import { readName, type DnsName } from './dns-names.js';

/**
 * Resource records (RFC 1035 section 4.1.3, EDNS0 OPT of RFC 6891): the common header and the
 * data of the types people filter on. Other types show their data as `dns.data` bytes.
 */
const f = DNS.f;

/** One DNS message being decoded: where it starts, and how its names are read. */
export class DnsMessage {
  constructor(
    readonly tvb: Tvb,
    readonly pinfo: PacketInfo,
    readonly tree: ProtoTree,
    /** Offset of the header in `tvb` (2 over TCP): compression pointers count from here. */
    readonly start: number,
    readonly mdns: boolean,
  ) {}

  /**
   * Reads a name. One that cannot be read throws, as Wireshark's get_dns_name does
   * (ReportedBoundsError: malformed at the top, whatever the capture); a loop is marked
   * malformed under `parent` and decoding goes on.
   */
  name(offset: number, parent: number): DnsName {
    const n = readName(this.tvb, offset, this.start);
    if (n.error !== undefined) {
      if (n.error.fatal) throw new ReportedBoundsError(this.tvb.base + n.error.offset, 1, this.tvb.length - n.error.offset);
      markMalformed(this.tvb, this.pinfo, this.tree, parent, n.error.offset, 2, n.error.reason);
    }
    return n;
  }
}

/** Types whose Info text is the record's owner name (Wireshark's quirk for rarely seen types). */
const OWNER_IN_INFO = new Set([3, 4, 7, 8, 9, 10, 14, 17, 18, 19, 20, 21, 22, 23, 26, 27]);

const T = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, HINFO: 13, MX: 15, TXT: 16, AAAA: 28, SRV: 33, OPT: 41 } as const;

/**
 * Decodes one resource record at `offset` under `parent`; returns its length (name through
 * data). Appends the record's summary to the Info column.
 */
export function dissectRecord(m: DnsMessage, parent: number, offset: number): number {
  const { tvb, tree, pinfo } = m;
  const owner = m.name(offset, parent);
  let o = offset + owner.used;
  const type = tvb.u16(o);
  const rawClass = tvb.u16(o + 2);
  const ttlOrFlags = tvb.u32(o + 4);
  const dataLen = tvb.u16(o + 8);
  const recLen = owner.used + 10 + dataLen;
  const flush = m.mdns && (rawClass & 0x8000) !== 0;
  const cls = m.mdns ? rawClass & 0x7fff : rawClass;
  const tName = typeName(type);
  const cName = CLASS_NAMES[cls] ?? 'Unknown';
  pinfo.appendInfo(tName);
  if (flush) pinfo.appendInfo(', cache flush', '');
  // A record longer than what is left ends the message here, as in TShark (its subtree would
  // span bytes that are not there).
  tvb.check(offset, recLen);
  const label = !tree.building
    ? undefined
    : (type === T.OPT ? `${owner.text}: type ${tName}` : `${owner.text}: type ${tName}, class ${cName}`) + (flush ? ', cache flush' : '');
  const rr = tree.add(parent, textItem, tvb, offset, recLen, undefined, label);
  if (type === T.SRV) {
    // An SRV owner is _service._proto.name: TShark shows its parts instead of dns.resp.name.
    const [service, proto, ...rest] = owner.text.split('.');
    tree.add(rr, f['srv.service'], tvb, offset, owner.used, service!);
    if (proto !== undefined) tree.add(rr, f['srv.proto'], tvb, offset, owner.used, proto);
    if (rest.length > 0) tree.add(rr, f['srv.name'], tvb, offset, owner.used, rest.join('.'));
  } else tree.add(rr, f['resp.name'], tvb, offset, owner.used, owner.text);
  tree.add(rr, f['resp.type'], tvb, o, 2, type);
  if (type === T.OPT) return dissectOpt(m, rr, offset, o, dataLen) ? recLen : -1;
  tree.add(rr, f['resp.class'], tvb, o + 2, 2, cls);
  if (m.mdns) tree.add(rr, f['resp.cache_flush'], tvb, o + 2, 2, flush);
  tree.add(
    rr,
    f['resp.ttl'],
    tvb,
    o + 4,
    4,
    ttlOrFlags,
    tree.building ? `Time to live: ${ttlOrFlags} (${durationText(ttlOrFlags)})` : undefined,
  );
  tree.add(rr, f['resp.len'], tvb, o + 8, 2, dataLen);
  o += 10;
  if (dataLen === 0) return recLen;
  const more = dissectData(m, rr, type, cls, o, dataLen, owner.text);
  if (more === undefined) return -1;
  if (more.info !== '') pinfo.appendInfo(more.info);
  if (more.label !== '' && tree.building) tree.setText(rr, `${tree.texts[rr]!}${more.label}`);
  return recLen;
}

interface Summary {
  info: string;
  label: string;
}

function dissectData(m: DnsMessage, rr: number, type: number, cls: number, o: number, len: number, owner: string): Summary | undefined {
  const { tvb, tree } = m;
  let used = 0; // bytes taken by the last name read
  const nameField = (field: keyof typeof f, what: string, at = o): Summary | undefined => {
    const n = m.name(at, rr);
    tree.add(rr, f[field], tvb, at, n.used, n.text);
    used = n.used;
    return { info: n.text, label: `${what}${n.text}` };
  };
  switch (type) {
    case T.A: {
      if (cls !== 1) break;
      const a = tvb.u32(o);
      tree.add(rr, f.a, tvb, o, 4, a);
      const text = ipv4String(a);
      return { info: text, label: tree.building ? `, addr ${text}` : '' };
    }
    case T.NS:
      return nameField('ns', ', ns ');
    case T.CNAME:
      return nameField('cname', ', cname ');
    case T.PTR:
      return nameField('ptr.domain_name', ', ');
    case T.SOA: {
      const mname = nameField('soa.mname', ', mname ');
      if (mname === undefined) return undefined;
      let p = o + used;
      if (nameField('soa.rname', '', p) === undefined) return undefined;
      p += used;
      tree.add(rr, f['soa.serial_number'], tvb, p, 4, tvb.u32(p));
      for (const [k, field] of [
        [4, 'soa.refresh_interval'],
        [8, 'soa.retry_interval'],
        [12, 'soa.expire_limit'],
        [16, 'soa.minimum_ttl'],
      ] as const) {
        const v = tvb.u32(p + k);
        tree.add(rr, f[field], tvb, p + k, 4, v, `${f[field].name}: ${v} (${durationText(v)})`);
      }
      return mname;
    }
    case T.MX: {
      const pref = tvb.u16(o);
      tree.add(rr, f['mx.preference'], tvb, o, 2, pref);
      const mx = nameField('mx.mail_exchange', '', o + 2);
      if (mx === undefined) return undefined;
      return { info: `${pref} ${mx.info}`, label: `, preference ${pref}, mx ${mx.info}` };
    }
    case T.HINFO: {
      const cpuLen = tvb.u8(o);
      const cpu = formatText(tvb.view(o + 1, cpuLen));
      const osAt = o + 1 + cpuLen;
      const osLen = tvb.u8(osAt);
      const os = formatText(tvb.view(osAt + 1, osLen));
      tree.add(rr, f['hinfo.cpu_length'], tvb, o, 1, cpuLen);
      tree.add(rr, f['hinfo.cpu'], tvb, o + 1, cpuLen, cpu);
      tree.add(rr, f['hinfo.os_length'], tvb, osAt, 1, osLen);
      tree.add(rr, f['hinfo.os'], tvb, osAt + 1, osLen, os);
      return { info: `${cpu} ${os}`, label: `, CPU ${cpu}, OS ${os}` };
    }
    case T.TXT: {
      // Character-strings until the data ends; a length that overruns it is read from the
      // packet as Wireshark does (the Tvb stops it at the end of the frame).
      let p = o;
      const end = o + len;
      while (p < end) {
        const n = tvb.u8(p);
        tree.add(rr, f['txt.length'], tvb, p, 1, n);
        tree.add(rr, f.txt, tvb, p + 1, n, m.mdns ? tvb.utf8(p + 1, n) : formatText(tvb.view(p + 1, n)));
        p += 1 + n;
      }
      return { info: '', label: '' };
    }
    case T.AAAA: {
      const a = tvb.view(o, 16);
      tree.add(rr, f.aaaa, tvb, o, 16, a);
      const text = ipv6String(a);
      return { info: text, label: tree.building ? `, addr ${text}` : '' };
    }
    case T.SRV: {
      const prio = tvb.u16(o);
      const weight = tvb.u16(o + 2);
      const port = tvb.u16(o + 4);
      tree.add(rr, f['srv.priority'], tvb, o, 2, prio);
      tree.add(rr, f['srv.weight'], tvb, o + 2, 2, weight);
      tree.add(rr, f['srv.port'], tvb, o + 4, 2, port);
      const target = nameField('srv.target', '', o + 6);
      if (target === undefined) return undefined;
      return {
        info: `${prio} ${weight} ${port} ${target.info}`,
        label: `, priority ${prio}, weight ${weight}, port ${port}, target ${target.info}`,
      };
    }
  }
  tree.add(rr, f.data, tvb, o, len, tvb.view(o, len));
  return { info: OWNER_IN_INFO.has(type) ? owner : '', label: '' };
}

/**
 * The EDNS0 OPT pseudo-record: its class is the UDP payload size and its TTL the extended
 * RCODE, version and flags. Returns false when the message cannot go on.
 */
function dissectOpt(m: DnsMessage, rr: number, start: number, o: number, dataLen: number): boolean {
  const { tvb, tree } = m;
  const size = tvb.u16(o + 2);
  tree.add(rr, f['rr.udp_payload_size'], tvb, o + 2, 2, size, `UDP payload size: ${size}`);
  tree.add(rr, f['resp.ext_rcode'], tvb, o + 4, 1, tvb.u8(o + 4));
  tree.add(rr, f['resp.edns0_version'], tvb, o + 5, 1, tvb.u8(o + 5));
  const z = tvb.u16(o + 6);
  const zNode = tree.add(rr, f['resp.z'], tvb, o + 6, 2, z);
  tree.add(
    zNode,
    f['resp.z.do'],
    tvb,
    o + 6,
    2,
    (z & 0x8000) !== 0,
    `${bitPattern(z, 0x8000, 16)} = DO bit: ${z & 0x8000 ? 'Accepts DNSSEC security RRs' : 'Cannot handle DNSSEC security RRs'}`,
  );
  tree.add(
    zNode,
    f['resp.z.reserved'],
    tvb,
    o + 6,
    2,
    z & 0x7fff,
    `${bitPattern(z, 0x7fff, 16)} = Reserved: 0x${(z & 0x7fff).toString(16).padStart(4, '0')}`,
  );
  tree.add(rr, f['resp.len'], tvb, o + 8, 2, dataLen);
  let p = o + 10;
  const end = p + dataLen;
  while (p < end) {
    const code = tvb.u16(p);
    const len = tvb.u16(p + 2);
    const opt = tree.add(
      rr,
      f.opt,
      tvb,
      p,
      4 + Math.min(len, tvb.remaining(p + 4)),
      undefined,
      `Option: ${f['opt.code'].strings?.[code] ?? 'Unknown'}`,
    );
    tree.add(opt, f['opt.code'], tvb, p, 2, code);
    tree.add(opt, f['opt.len'], tvb, p + 2, 2, len);
    if (len > 0) tree.add(opt, f['opt.data'], tvb, p + 4, len, tvb.view(p + 4, len));
    p += 4 + len;
  }
  if (p > end) markMalformed(tvb, m.pinfo, tree, rr, start, p - start, 'EDNS option runs past the record data');
  return true;
}
