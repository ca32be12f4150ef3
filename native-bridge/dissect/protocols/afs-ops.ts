import { type FieldInfo, textItem } from '../core/fields.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { AFS } from './afs-fields.js';

/**
 * The bodies of AFS calls (afs.ts decodes the rest): each service's request and reply
 * arguments, read in XDR order as Wireshark's AFS dissector reads them, so a body shorter than
 * its arguments is malformed where Wireshark finds it so (a PROT id-to-name reply announcing
 * more 256-byte names than it holds). Only the first packet of a call carries the start of
 * its body (seq 1); the others are not decoded.
 */
const f = AFS.f;

/** Wireshark's PRNAMEMAX and VLNAMEMAX: names sent as that many 32-bit words, a character each. */
const PR_NAME_WORDS = 64;
const VL_NAME_WORDS = 65;

/** A reading position in a call's body, with the subtree its fields go under (Wireshark's ptvcursor). */
export class Cursor {
  #stack: { node: number; start: number }[] = [];

  constructor(
    readonly tvb: Tvb,
    readonly tree: ProtoTree,
    public node: number,
    public off = 0,
  ) {}

  /** A 32-bit field; returns its value. */
  u32(field: FieldInfo): number {
    const v = this.tvb.u32(this.off);
    this.tree.add(this.node, field, this.tvb, this.off, 4, v);
    this.off += 4;
    return v;
  }

  u64(field: FieldInfo): void {
    this.tree.add(this.node, field, this.tvb, this.off, 8, this.tvb.u64(this.off));
    this.off += 8;
  }

  ipv4(field: FieldInfo): void {
    this.u32(field);
  }

  /** Seconds since the epoch (or a span of seconds). */
  secs(field: FieldInfo): void {
    this.tree.add(this.node, field, this.tvb, this.off, 4, [this.tvb.u32(this.off), 0]);
    this.off += 4;
  }

  /** Seconds and microseconds. */
  timestamp(field: FieldInfo): void {
    this.tvb.check(this.off, 8);
    this.tree.add(this.node, field, this.tvb, this.off, 8, [this.tvb.u32(this.off), this.tvb.u32(this.off + 4) * 1000]);
    this.off += 8;
  }

  /** `length` bytes, or the rest with -1. */
  bytes(field: FieldInfo, length: number): void {
    const n = length < 0 ? this.tvb.remaining(this.off) : length;
    this.tvb.check(this.off, n);
    this.tree.add(this.node, field, this.tvb, this.off, n, this.tree.wants(field) ? this.tvb.view(this.off, n) : undefined);
    this.off += n;
  }

  skip(n: number): void {
    this.off += n;
  }

  /** An XDR string: a 32-bit length, the characters, padding to 4 bytes. */
  string(field: FieldInfo): void {
    const len = this.tvb.u32(this.off);
    this.tvb.check(this.off + 4, len);
    const text = this.tree.wants(field) ? this.tvb.ascii(this.off + 4, len) : undefined;
    this.tree.add(this.node, field, this.tvb, this.off, 4 + len, text);
    this.off += 4 + len;
    if (len & 3) this.off += 4 - (len & 3);
  }

  /** A name sent as `words` 32-bit words, one character each (the low byte), ending at the first NUL. */
  wordString(field: FieldInfo, words: number): void {
    const start = this.off;
    this.tvb.check(start, words * 4);
    this.off += words * 4;
    if (!this.tree.wants(field)) return;
    let text = '';
    for (let i = 0; i < words; i++) {
      const c = this.tvb.u8(start + i * 4 + 3);
      if (c === 0) break;
      text += String.fromCharCode(c);
    }
    this.tree.add(this.node, field, this.tvb, start, words * 4, text);
  }

  /** Opens a labelled subtree whose length is known when it is closed (`pop`). */
  push(text: string): void {
    this.#stack.push({ node: this.node, start: this.off });
    this.node = this.tree.add(this.node, textItem, this.tvb, this.off, 0, undefined, text);
  }

  pop(): void {
    const top = this.#stack.pop();
    if (top === undefined) return;
    this.tree.setLength(this.node, this.off - top.start);
    this.node = top.node;
  }

  /** An XDR array: a 32-bit count, then `each` that many times (each reads, so a bogus count ends at the data's end). */
  array(each: () => void): void {
    const n = this.tvb.u32(this.off);
    this.off += 4;
    for (let i = 0; i < n; i++) each();
  }
}

function fid(c: Cursor, label: string, volume = f['fs.fid.volume'], vnode = f['fs.fid.vnode'], uniq = f['fs.fid.uniq']): void {
  c.push(`FileID (${label})`);
  c.u32(volume);
  c.u32(vnode);
  c.u32(uniq);
  c.pop();
}

const cbFid = (c: Cursor, label: string): void => fid(c, label, f['cb.fid.volume'], f['cb.fid.vnode'], f['cb.fid.uniq']);

function callback(c: Cursor, version = f['fs.callback.version'], expires = f['fs.callback.expires'], type = f['fs.callback.type']): void {
  c.push('Callback');
  c.u32(version);
  c.secs(expires);
  c.u32(type);
  c.pop();
}

const cbCallback = (c: Cursor): void => callback(c, f['cb.callback.version'], f['cb.callback.expires'], f['cb.callback.type']);

const STATUS_MASK = [
  f['fs.status.mask.setmodtime'],
  f['fs.status.mask.setowner'],
  f['fs.status.mask.setgroup'],
  f['fs.status.mask.setmode'],
  f['fs.status.mask.setsegsize'],
  f['fs.status.mask.fsync'],
];

/** A bitmask word and its flags. */
function bitmask(c: Cursor, field: FieldInfo, flags: readonly FieldInfo[]): void {
  const v = c.tvb.u32(c.off);
  const node = c.tree.add(c.node, field, c.tvb, c.off, 4, v);
  for (const flag of flags) c.tree.add(node, flag, c.tvb, c.off, 4, (v & flag.mask!) !== 0);
  c.off += 4;
}

function storeStatus(c: Cursor, label: string): void {
  c.push(label);
  bitmask(c, f['fs.status.mask'], STATUS_MASK);
  c.secs(f['fs.status.clientmodtime']);
  c.u32(f['fs.status.owner']);
  c.u32(f['fs.status.group']);
  c.u32(f['fs.status.mode']);
  c.u32(f['fs.status.segsize']);
  c.pop();
}

const FETCH_STATUS: readonly (readonly [FieldInfo, boolean])[] = [
  [f['fs.status.interfaceversion'], false],
  [f['fs.status.filetype'], false],
  [f['fs.status.linkcount'], false],
  [f['fs.status.length'], false],
  [f['fs.status.dataversion'], false],
  [f['fs.status.author'], false],
  [f['fs.status.owner'], false],
  [f['fs.status.calleraccess'], false],
  [f['fs.status.anonymousaccess'], false],
  [f['fs.status.mode'], false],
  [f['fs.status.parentvnode'], false],
  [f['fs.status.parentunique'], false],
  [f['fs.status.segsize'], false],
  [f['fs.status.clientmodtime'], true],
  [f['fs.status.servermodtime'], true],
  [f['fs.status.group'], false],
  [f['fs.status.synccounter'], false],
  [f['fs.status.dataversionhigh'], false],
  [f['fs.status.spare2'], false],
  [f['fs.status.spare3'], false],
  [f['fs.status.spare4'], false],
];

function fetchStatus(c: Cursor, label: string): void {
  c.push(label);
  for (const [field, time] of FETCH_STATUS) {
    if (time) c.secs(field);
    else c.u32(field);
  }
  c.pop();
}

function volSync(c: Cursor): void {
  c.push('VolSync');
  c.secs(f['fs.volsync.spare1']);
  for (const field of [
    f['fs.volsync.spare2'],
    f['fs.volsync.spare3'],
    f['fs.volsync.spare4'],
    f['fs.volsync.spare5'],
    f['fs.volsync.spare6'],
  ])
    c.u32(field);
  c.pop();
}

/**
 * An FS ACL: its size, then text (`<positive> <negative>` and a `<name> <rights>` line per
 * entry). Only the counts are decoded; the text stops decoding as soon as it does not parse.
 */
function acl(c: Cursor): void {
  c.u32(f['fs.acl.datasize']);
  const rest = c.tvb.ascii(c.off, c.tvb.remaining(c.off));
  const m = /^\s*(\d+)\s+(\d+)\s/.exec(rest);
  if (m === null) return;
  c.tree.add(c.node, f['fs.acl.count.positive'], c.tvb, c.off, m[1]!.length, Number(m[1]));
  c.tree.add(c.node, f['fs.acl.count.negative'], c.tvb, c.off, m[2]!.length, Number(m[2]));
}

export function fsRequest(c: Cursor, op: number): void {
  c.skip(4); // the opcode
  switch (op) {
    case 130:
      fid(c, 'Source');
      c.u32(f['fs.offset']);
      c.u32(f['fs.length']);
      break;
    case 131:
    case 132:
    case 157:
    case 158:
    case 220:
      fid(c, 'Target');
      break;
    case 133:
      fid(c, 'Destination');
      storeStatus(c, 'Status');
      c.u32(f['fs.offset']);
      c.u32(f['fs.length']);
      c.u32(f['fs.flength']);
      c.bytes(f['fs.data'], -1);
      break;
    case 134:
      fid(c, 'Target');
      acl(c);
      break;
    case 135:
      fid(c, 'Target');
      storeStatus(c, 'Status');
      break;
    case 136:
      fid(c, 'Remove File');
      c.string(f['fs.name']);
      break;
    case 137:
    case 141:
      fid(c, 'Target');
      c.string(f['fs.name']);
      storeStatus(c, 'Status');
      break;
    case 138:
      fid(c, 'Old');
      c.string(f['fs.oldname']);
      fid(c, 'New');
      c.string(f['fs.newname']);
      break;
    case 139:
    case 163:
      fid(c, op === 139 ? 'File' : 'Target');
      c.string(f['fs.symlink.name']);
      c.string(f['fs.symlink.content']);
      storeStatus(c, op === 139 ? 'Status' : 'Symlink Status');
      break;
    case 140:
      fid(c, 'Link To (New File)');
      c.string(f['fs.name']);
      fid(c, 'Link From (Old File)');
      break;
    case 142:
    case 161:
      fid(c, 'Target');
      c.string(f['fs.name']);
      break;
    case 143:
    case 156:
      fid(c, 'Target');
      c.u32(f['fs.vicelocktype']);
      if (op === 143) volSync(c);
      break;
    case 144:
    case 145:
      fid(c, 'Target');
      volSync(c);
      break;
    case 147:
      c.array(() => fid(c, 'Target'));
      c.array(() => callback(c));
      break;
    case 148:
    case 154:
      c.string(f['fs.volname']);
      break;
    case 149:
      c.u32(f['fs.volid']);
      break;
    case 150:
      c.u32(f['fs.volid']);
      c.string(f['fs.volname']);
      c.string(f['fs.offlinemsg']);
      c.string(f['fs.motd']);
      break;
    case 152:
      c.u32(f['fs.viceid']);
      c.wordString(f['fs.token'], 1024);
      break;
    case 155:
    case 65536:
      c.array(() => fid(c, 'Target'));
      break;
    case 160:
      c.u32(f['fs.xstats.clientversion']);
      c.u32(f['fs.xstats.collnumber']);
      break;
    case 162:
      byteArray(c, f['fs.viceid']);
      byteArray(c, f['fs.ipaddr']);
      c.u32(f['fs.cps.spare1']);
      break;
    case 65537:
      fid(c, 'Target');
      c.u64(f['fs.offset64']);
      c.u64(f['fs.length64']);
      break;
    case 65538:
      fid(c, 'Target');
      storeStatus(c, 'Status');
      c.u64(f['fs.offset64']);
      c.u64(f['fs.length64']);
      c.u64(f['fs.flength64']);
      break;
  }
}

/** An array with an 8-bit count of 32-bit values. */
function byteArray(c: Cursor, field: FieldInfo): void {
  const n = c.tvb.u8(c.off);
  c.skip(1);
  for (let i = 0; i < n; i++) c.u32(field);
}

export function fsReply(c: Cursor, op: number): void {
  switch (op) {
    case 130:
      fetchStatus(c, 'Status');
      callback(c);
      volSync(c);
      c.bytes(f['fs.data'], -1);
      break;
    case 131:
      acl(c);
      fetchStatus(c, 'Status');
      volSync(c);
      break;
    case 132:
      fetchStatus(c, 'Status');
      callback(c);
      volSync(c);
      break;
    case 133:
    case 134:
    case 135:
    case 136:
      fetchStatus(c, 'Status');
      volSync(c);
      break;
    case 137:
    case 141:
    case 161:
    case 163:
      fid(c, op === 137 ? 'New File' : op === 141 ? 'New Directory' : 'File');
      fetchStatus(c, 'File Status');
      fetchStatus(c, 'Directory Status');
      callback(c);
      volSync(c);
      break;
    case 138:
      fetchStatus(c, 'Old Directory Status');
      fetchStatus(c, 'New Directory Status');
      volSync(c);
      break;
    case 139:
      fid(c, 'Symlink');
      break;
    case 140:
      fetchStatus(c, 'Link Status');
      break;
    case 142:
      fetchStatus(c, 'Directory Status');
      volSync(c);
      break;
    case 149:
      c.string(f['fs.volname']);
      c.string(f['fs.offlinemsg']);
      c.string(f['fs.motd']);
      break;
    case 151:
      c.string(f['fs.volname']);
      break;
    case 153:
      c.timestamp(f['fs.timestamp']);
      break;
    case 155:
      c.array(() => fetchStatus(c, 'Status'));
      c.skip(4);
      c.array(() => callback(c));
      volSync(c);
      break;
    case 156:
    case 157:
    case 158:
      volSync(c);
      break;
    case 159:
      c.u32(f['fs.xstats.version']);
      break;
    case 160:
      c.u32(f['fs.xstats.version']);
      c.secs(f['fs.xstats.timestamp']);
      break;
    case 162:
      c.u32(f['fs.cps.spare2']);
      c.u32(f['fs.cps.spare3']);
      break;
    case 65536:
      c.array(() => fetchStatus(c, 'Status'));
      c.array(() => callback(c));
      volSync(c);
      break;
  }
}

export function bosRequest(c: Cursor, op: number): void {
  c.skip(4);
  switch (op) {
    case 80:
      c.string(f['bos.type']);
      c.string(f['bos.instance']);
      for (let i = 0; i < 6; i++) c.string(f['bos.parm']);
      break;
    case 81:
    case 83:
    case 85:
    case 104:
      c.string(f['bos.instance']);
      break;
    case 82:
    case 86:
      c.string(f['bos.instance']);
      c.u32(op === 82 ? f['bos.status'] : f['bos.number']);
      break;
    case 84:
    case 89:
    case 90:
    case 92:
    case 95:
    case 111:
      c.u32(f['bos.number']);
      break;
    case 87:
    case 88:
      c.string(f['bos.user']);
      break;
    case 91:
      c.u32(f['bos.number']);
      c.bytes(f['bos.key'], 8);
      break;
    case 93:
    case 96:
    case 97:
    case 114:
      c.string(f['bos.content']);
      break;
    case 98:
      c.string(f['bos.content']);
      c.u32(f['bos.status']);
      break;
    case 102:
    case 109:
      c.u32(f['bos.flags']);
      break;
    case 105:
      c.string(f['bos.path']);
      c.u32(f['bos.size']);
      c.u32(f['bos.flags']);
      c.u32(f['bos.date']);
      break;
    case 106:
    case 107:
      c.string(f['bos.path']);
      break;
    case 108:
      c.string(f['bos.cmd']);
      break;
    case 110:
      c.u32(f['bos.number']);
      c.skip(12);
      break;
    case 112:
      c.string(f['bos.file']);
      break;
  }
}

export function bosReply(c: Cursor, op: number): void {
  switch (op) {
    case 83:
      c.u32(f['bos.status']);
      c.string(f['bos.statusdesc']);
      break;
    case 84:
      c.string(f['bos.instance']);
      break;
    case 85:
      c.string(f['bos.type']);
      c.skip(40);
      break;
    case 86:
      c.string(f['bos.parm']);
      break;
    case 89:
      c.string(f['bos.user']);
      break;
    case 90:
      c.u32(f['bos.kvno']);
      c.bytes(f['bos.key'], 8);
      c.timestamp(f['bos.keymodtime']);
      c.u32(f['bos.keychecksum']);
      c.u32(f['bos.keyspare2']);
      break;
    case 94:
      c.string(f['bos.cell']);
      break;
    case 95:
      c.string(f['bos.host']);
      break;
    case 107:
      c.secs(f['bos.newtime']);
      c.secs(f['bos.baktime']);
      c.secs(f['bos.oldtime']);
      break;
    case 111:
      c.skip(12);
      break;
    case 112:
      c.bytes(f['bos.data'], -1);
      break;
    case 114:
      c.string(f['bos.error']);
      c.string(f['bos.spare1']);
      c.string(f['bos.spare2']);
      c.string(f['bos.spare3']);
      break;
  }
}

export function volRequest(c: Cursor, op: number): void {
  c.skip(4);
  if (op === 121) {
    c.u32(f['vol.count']);
    c.u32(f['vol.id']);
  }
}

export function volReply(c: Cursor, op: number): void {
  if (op === 121) {
    c.u32(f['vol.count']);
    c.wordString(f['vol.name'], 32);
  }
}

export function kauthRequest(c: Cursor, op: number): void {
  c.skip(4);
  switch (op) {
    case 1:
    case 2:
    case 5:
    case 6:
    case 7:
    case 8:
    case 14:
    case 15:
    case 21:
    case 22:
      c.string(f['kauth.princ']);
      c.string(f['kauth.realm']);
      c.bytes(f['kauth.data'], -1);
      break;
    case 3:
    case 23: {
      c.u32(f['kauth.kvno']);
      c.string(f['kauth.domain']);
      const len = c.tvb.u32(c.off);
      c.skip(4);
      c.bytes(f['kauth.data'], len);
      c.string(f['kauth.princ']);
      c.string(f['kauth.realm']);
      break;
    }
    case 4:
      c.string(f['kauth.princ']);
      c.string(f['kauth.realm']);
      c.u32(f['kauth.kvno']);
      break;
    case 12:
      c.string(f['kauth.name']);
      break;
  }
}

export function cbRequest(c: Cursor, op: number): void {
  c.skip(4);
  if (op === 204) {
    c.array(() => cbFid(c, 'Target'));
    c.array(() => cbCallback(c));
  }
}

export function cbReply(c: Cursor, op: number): void {
  if (op !== 65538) return;
  // The cache manager's interfaces: up to 32 addresses, netmasks and MTUs, then its capabilities.
  const count = c.tvb.u32(c.off);
  c.push('Interfaces');
  c.u32(f['cm.numint']);
  c.bytes(f['cm.uuid'], 44);
  for (const field of [f['cm.ipaddr'], f['cm.netmask'], f['cm.mtu']]) {
    for (let i = 0; i < count; i++) c.u32(field);
    c.skip(4 * (32 - count));
  }
  c.pop();
  c.push('Capabilities');
  c.u32(f['cm.numcap']);
  bitmask(c, f['cm.capabilities'], [f['cm.capabilities.errortrans']]);
  c.pop();
}

export function protRequest(c: Cursor, op: number): void {
  c.skip(4);
  switch (op) {
    case 500:
      c.string(f['prot.name']);
      c.u32(f['prot.id']);
      c.u32(f['prot.oldid']);
      break;
    case 501:
    case 506:
    case 508:
    case 512:
    case 514:
    case 517:
    case 519:
      c.u32(f['prot.id']);
      break;
    case 502:
      c.u32(f['prot.pos']);
      break;
    case 503:
    case 507:
    case 515:
      c.u32(f['prot.uid']);
      c.u32(f['prot.gid']);
      break;
    case 504:
      countedArray(c, () => c.wordString(f['prot.name'], PR_NAME_WORDS));
      break;
    case 505:
      countedArray(c, () => c.u32(f['prot.id']));
      break;
    case 509:
      c.string(f['prot.name']);
      c.u32(f['prot.flag']);
      c.u32(f['prot.oldid']);
      break;
    case 511:
      c.u32(f['prot.id']);
      c.u32(f['prot.flag']);
      break;
    case 513:
      c.u32(f['prot.id']);
      c.string(f['prot.name']);
      c.u32(f['prot.oldid']);
      c.u32(f['prot.newid']);
      break;
    case 520:
      c.u32(f['prot.id']);
      c.string(f['prot.name']);
      break;
  }
}

export function protReply(c: Cursor, op: number): void {
  switch (op) {
    case 504:
    case 508:
    case 514:
    case 517:
    case 518:
    case 519:
      countedArray(c, () => c.u32(f['prot.id']));
      break;
    case 505:
      countedArray(c, () => c.wordString(f['prot.name'], PR_NAME_WORDS));
      break;
    case 510:
      c.u32(f['prot.maxuid']);
      c.u32(f['prot.maxgid']);
      break;
  }
}

/** An array whose count is shown as `afs.prot.count`. */
function countedArray(c: Cursor, each: () => void): void {
  const n = c.u32(f['prot.count']);
  for (let i = 0; i < n; i++) each();
}

const VLDB_FLAGS = [f['vldb.flags.rwexists'], f['vldb.flags.roexists'], f['vldb.flags.bkexists'], f['vldb.flags.dfsfileset']];

/** Up to `slots` servers' partitions, shown as `/vicepa` … `/vicepz` for the servers in use. */
function partitions(c: Cursor, slots: number, servers: number): void {
  for (let i = 0; i < slots; i++, c.off += 4) {
    const j = c.tvb.u32(c.off) | 0;
    if (i < servers && j <= 25) {
      c.tree.add(c.node, f['vldb.partition'], c.tvb, c.off, 4, `/vicep${String.fromCharCode(97 + j)}`);
    }
  }
}

/** `slots` entries of which the first `servers` are shown. */
function slotted(c: Cursor, slots: number, servers: number, size: number, show: () => void): void {
  for (let i = 0; i < slots; i++) {
    if (i < servers) show();
    else c.skip(size);
  }
}

export function vldbRequest(c: Cursor, op: number): void {
  c.skip(4);
  switch (op) {
    case 501:
    case 517:
      c.wordString(f['vldb.name'], VL_NAME_WORDS);
      break;
    case 502:
    case 503:
    case 507:
    case 508:
    case 509:
    case 518:
      c.u32(f['vldb.id']);
      c.u32(f['vldb.type']);
      break;
    case 504:
    case 519:
    case 524:
    case 527:
      c.string(f['vldb.name']);
      break;
    case 505:
      c.u32(f['vldb.bump']);
      break;
    case 506:
    case 520:
      c.u32(f['vldb.id']);
      c.u32(f['vldb.type']);
      c.wordString(f['vldb.name'], VL_NAME_WORDS);
      break;
    case 510:
    case 521:
      c.u32(f['vldb.index']);
      break;
    case 532:
      c.bytes(f['vldb.serveruuid'], 44);
      c.u32(f['vldb.spare1']);
      c.array(() => c.ipv4(f['vldb.serverip']));
      break;
  }
}

export function vldbReply(c: Cursor, op: number): void {
  switch (op) {
    case 510:
    case 521:
    case 529:
      c.u32(f['vldb.count']);
      c.u32(f['vldb.nextindex']);
      break;
    case 503:
    case 504: {
      c.wordString(f['vldb.name'], VL_NAME_WORDS);
      c.skip(4);
      const n = c.u32(f['vldb.numservers']) | 0;
      slotted(c, 8, n, 4, () => c.ipv4(f['vldb.server']));
      partitions(c, 8, n);
      c.skip(32);
      for (const field of [f['vldb.rwvol'], f['vldb.rovol'], f['vldb.bkvol'], f['vldb.clonevol']]) c.u32(field);
      bitmask(c, f['vldb.flags'], VLDB_FLAGS);
      break;
    }
    case 505:
      c.u32(f['vldb.id']);
      break;
    case 518:
    case 519: {
      c.wordString(f['vldb.name'], VL_NAME_WORDS);
      const n = c.u32(f['vldb.numservers']) | 0;
      slotted(c, 13, n, 4, () => c.ipv4(f['vldb.server']));
      partitions(c, 13, n);
      c.skip(52);
      for (const field of [f['vldb.rwvol'], f['vldb.rovol'], f['vldb.bkvol']]) c.u32(field);
      break;
    }
    case 526:
    case 527: {
      c.wordString(f['vldb.name'], VL_NAME_WORDS);
      const n = c.u32(f['vldb.numservers']) | 0;
      slotted(c, 13, n, 44, () => c.bytes(f['vldb.serveruuid'], 44));
      slotted(c, 13, n, 4, () => c.u32(f['vldb.serveruniq']));
      partitions(c, 13, n);
      slotted(c, 13, n, 4, () => c.u32(f['vldb.serverflags']));
      for (const field of [f['vldb.rwvol'], f['vldb.rovol'], f['vldb.bkvol'], f['vldb.clonevol'], f['vldb.flags']]) c.u32(field);
      for (const field of VLDB_SPARES) c.u32(field);
      break;
    }
  }
}

const VLDB_SPARES = [
  f['vldb.spare1'],
  f['vldb.spare2'],
  f['vldb.spare3'],
  f['vldb.spare4'],
  f['vldb.spare5'],
  f['vldb.spare6'],
  f['vldb.spare7'],
  f['vldb.spare8'],
  f['vldb.spare9'],
];

/** The request of a call whose body is only its opcode (Backup, Backup Tape Controller). */
export function opcodeOnly(c: Cursor): void {
  c.skip(4);
}
