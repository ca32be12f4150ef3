import { type FieldInfo, textItem } from '../core/fields.js';
import type { PacketInfo } from '../core/packet-info.js';
import { frameSlot } from '../core/session.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { AFS, OPS } from './afs-fields.js';
import {
  Cursor,
  bosReply,
  bosRequest,
  cbReply,
  cbRequest,
  fsReply,
  fsRequest,
  kauthRequest,
  opcodeOnly,
  protReply,
  protRequest,
  vldbReply,
  vldbRequest,
  volReply,
  volRequest,
} from './afs-ops.js';
import { ubikReply, ubikRequest } from './afs-ubik.js';
import { conversationKey } from './conversations.js';
import { inError } from './ip-common.js';

/**
 * The Andrew File System's calls, carried in Rx DATA packets (rx.ts calls `dissectAfs`). The
 * service is the server's UDP port (7000 FS … 7021 Backup, 7025 and up the tape controller);
 * a request starts with its opcode, a reply does not, so a reply is matched to its request by
 * the call (conversation, epoch, connection id, call number), as Wireshark does. Info names
 * the service and operation (`FS Reply: fetch-data (130)`); the opcodes of Ubik, the database
 * under the servers, are named on any service's port (`UBIK-PROT Request: vote-beacon`). A
 * call's packets are not reassembled (Wireshark's afs.defragment is off by default).
 */
const f = AFS.f;

/** What Rx's header tells AFS (Wireshark's struct rxinfo). */
export interface RxHeader {
  epoch: number;
  cid: number;
  callnumber: number;
  seq: number;
  type: number;
  flags: number;
  serviceid: number;
}

const CLIENT_INITIATED = 0x01;

type Body = (c: Cursor, op: number) => void;

/** A service: its names (short for Info, long for the tree), its fields, and its bodies. */
interface Service {
  short: string;
  long: string;
  flag: FieldInfo;
  opcode: FieldInfo;
  names: Readonly<Record<number, string>> | undefined;
  request: Body | undefined;
  reply: Body | undefined;
}

const none = (): void => {};
function service(key: string, short: string, long: string, request?: Body, reply?: Body, named = true): Service {
  const flag = AFS.f[key as 'fs'];
  const opcode = AFS.f[`${key}.opcode` as 'fs.opcode'];
  return { short, long, flag, opcode, names: named ? OPS[key] : undefined, request, reply };
}

const SERVICES: Readonly<Record<number, Service>> = {
  7000: service('fs', 'FS', 'File Server', fsRequest, fsReply),
  7001: service('cb', 'CB', 'Callback Server', cbRequest, cbReply),
  7002: service('prot', 'PROT', 'Protection Server', protRequest, protReply),
  7003: service('vldb', 'VLDB', 'Volume Location Database Server', vldbRequest, vldbReply),
  7004: service('kauth', 'KAUTH', 'Kerberos Authentication Server', kauthRequest, none),
  7005: service('vol', 'VOL', 'Volume Server', volRequest, volReply),
  7006: service('error', 'ERR', 'Error Server', undefined, undefined, false),
  7007: service('bos', 'BOS', 'BOS Server', bosRequest, bosReply),
  7008: service('update', 'UPD', 'Update? Server'),
  7009: service('rmtsys', 'RMT', 'Rmtsys? Server'),
  7021: service('backup', 'BKUP', 'Backup Server', opcodeOnly, none),
};
const BUTC = service('butc', 'BUTC', 'Backup Tape Controller', opcodeOnly, none);
const UBIK = service('ubik', '', '', ubikRequest, ubikReply);

const isUbik = (op: number): boolean => (op >= 10000 && op <= 10007) || (op >= 20000 && op <= 20013);
/** Wireshark's fuzzy test for an encrypted call: an opcode no service uses. */
const validOpcode = (op: number): boolean => op <= 66000 || isUbik(op);

/** An outstanding call: its request's opcode, frame and time, and the frame of its reply (0: none yet). */
interface Call {
  opcode: number;
  reqFrame: number;
  sec: number;
  nsec: number;
  repFrame: number;
}

const newCalls = (): Map<string, Call> => new Map();

/** What the first pass found for a frame: the call's opcode (-1: no request seen), its frames, the time since the request. */
interface Matched {
  opcode: number;
  reqFrame: number;
  repFrame: number;
  ds: number;
  dn: number;
}

const UNMATCHED: Matched = { opcode: -1, reqFrame: 0, repFrame: 0, ds: 0, dn: 0 };

/** Words: 0 for no matched call; else 1, the opcode, the request frame, the reply frame, ds (f64), dn. */
const AFS_CALL = frameSlot<Matched>('afs.calls', {
  write(v, out) {
    out.int(v.opcode < 0 ? 0 : 1);
    if (v.opcode < 0) return;
    out.int(v.opcode);
    out.int(v.reqFrame);
    out.int(v.repFrame);
    out.f64(v.ds);
    out.int(v.dn);
  },
  read(from) {
    if (from.int() === 0) return UNMATCHED;
    return { opcode: from.int() >>> 0, reqFrame: from.int(), repFrame: from.int(), ds: from.f64(), dn: from.int() };
  },
});

/**
 * The first pass's matching (Wireshark's afs_request_hash): a request that starts a call records
 * its opcode (`firstWord`); a reply marks the call answered. Inside an ICMP error the call is
 * only looked up. Opcode -1 (none): a reply to a call whose request was not seen.
 */
function match(pinfo: PacketInfo, key: string, reply: boolean, firstWord: () => number): Matched {
  const calls = pinfo.session.state('afs.calls', newCalls);
  let call = calls.get(key);
  const { number, sec, nsec } = pinfo.frame;
  if (call === undefined && !reply && !inError(pinfo)) {
    call = { opcode: firstWord(), reqFrame: number, sec, nsec, repFrame: 0 };
    calls.set(key, call);
  }
  if (call === undefined) return UNMATCHED;
  if (reply && !inError(pinfo)) call.repFrame = number;
  let ds = sec - call.sec;
  let dn = nsec - call.nsec;
  if (dn < 0) {
    dn += 1e9;
    ds -= 1;
  }
  return { opcode: call.opcode, reqFrame: call.reqFrame, repFrame: call.repFrame, ds, dn };
}

/** Decodes the AFS call in an Rx DATA packet's payload `tvb`. */
export function dissectAfs(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number, h: RxHeader): void {
  pinfo.protocol = 'AFS (RX)';
  pinfo.setInfo('');
  pinfo.protocols.push(AFS.proto.abbrev);
  const reply = (h.flags & CLIENT_INITIATED) === 0;
  const port = reply ? pinfo.srcPort : pinfo.dstPort;
  const key = `${conversationKey(pinfo)} ${h.epoch} ${h.cid} ${h.callnumber}`;
  // A new request's opcode is its first word: read before matching, so a short one is malformed first.
  const m = pinfo.frameData(AFS_CALL, () => match(pinfo, key, reply, () => tvb.u32(0)));
  const opcode = Math.max(m.opcode, 0);
  const base = SERVICES[port] ?? (port >= 7025 ? BUTC : undefined);
  const svc = isUbik(opcode) ? UBIK : base;
  const portName = base?.short ?? `Unknown(${port})`;
  const dir = reply ? 'Reply' : 'Request';
  const ubik = svc === UBIK;
  if (!validOpcode(opcode)) pinfo.setInfo(`Encrypted ${portName} ${dir}`);
  else {
    const name = svc?.names === undefined ? undefined : (svc.names[opcode] ?? `Unknown(${opcode})`);
    pinfo.setInfo(`${ubik ? 'UBIK-' : ''}${portName} ${dir}: ${name === undefined ? `Unknown(${opcode})` : `${name} (${opcode})`}`);
  }

  const node = tree.add(parent, AFS.proto, tvb, 0, tvb.length);
  if (tree.building) {
    const long = base?.long ?? `Unknown(${port})`;
    const text = `Service: ${validOpcode(opcode) ? '' : 'Encrypted '}${ubik ? 'UBIK - ' : ''}${long} ${dir}`;
    tree.add(node, f.service, tvb, 0, 0, opcode, text);
  }
  if (m.opcode >= 0 && !reply && m.repFrame !== 0)
    tree.add(node, f.repframe, tvb, 0, 0, m.repFrame, `The reply to this request is in frame ${m.repFrame}`);
  if (m.opcode >= 0 && reply) {
    tree.add(node, f.reqframe, tvb, 0, 0, m.reqFrame, `This is a reply to a request in frame ${m.reqFrame}`);
    tree.add(node, f.time, tvb, 0, 0, [m.ds, m.dn]);
  }
  if (validOpcode(opcode)) operation(tvb, tree, node, svc, opcode, reply, h);
  // Wireshark takes a dissector that returns no bytes (an empty call body) off the stack.
  if (tvb.length === 0) pinfo.protocols.pop();
}

function operation(tvb: Tvb, tree: ProtoTree, node: number, svc: Service | undefined, opcode: number, reply: boolean, h: RxHeader): void {
  const op =
    svc === undefined
      ? tree.add(node, textItem, tvb, 0, 0, undefined, 'Operation: Unknown')
      : addOpcode(tvb, tree, node, svc, opcode, reply, h);
  if (svc !== undefined) tree.add(node, svc.flag, tvb, 0, 0, true);
  // Only the first packet of a call holds the start of its arguments.
  const body = reply ? svc?.reply : svc?.request;
  if (body !== undefined && h.seq === 1) body(new Cursor(tvb, tree, op), opcode);
}

function addOpcode(tvb: Tvb, tree: ProtoTree, node: number, svc: Service, opcode: number, reply: boolean, h: RxHeader): number {
  // In a reply, and in a request's later packets, the opcode is not in the packet.
  const here = !reply && h.seq === 1;
  return tree.add(node, svc.opcode, tvb, 0, here ? 4 : 0, opcode);
}
