import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { formatText } from '../core/format.js';
import type { PacketInfo } from '../core/packet-info.js';
import { frameSlot } from '../core/session.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { conversationKey } from './conversations.js';

/**
 * Secure Shell (RFC 4253, TCP 22) as TShark 4.0 reads it without keys: the version banners
 * (`Client: Protocol (SSH-2.0-OpenSSH_7.8)`; the client's sets the conversation's version, and
 * from the next frame on the Protocol column is `SSHv2`), then each side's key exchange in the
 * clear, one binary packet after another (`Key Exchange Init`; the messages of the method
 * both sides' KEXINITs choose, `Elliptic Curve Diffie-Hellman Key Exchange Reply, New Keys`),
 * and after a side's New Keys its packets as `Encrypted packet (len=n)`. A packet cut by the
 * segment asks TCP for the rest.
 *
 * Encrypted packets of a conversation that chose chacha20-poly1305 show no Info, as TShark
 * 4.0 shows them without keys. Not modelled: TShark 4.0 is also silent for some AES-CTR sessions
 * (a loopback recording with OpenSSH 9.2 and aes128-ctr) but not others (OpenSSH 5.x with
 * hmac-md5); we say `Encrypted packet (len=n)` for every cipher but chacha20.
 */
const P = fieldTable.register('ssh', 'SSH Protocol', [
  { abbrev: 'ssh.protocol', name: 'Protocol', type: 'string' },
  { abbrev: 'ssh.packet_length', name: 'Packet Length', type: 'uint', bits: 32 },
  { abbrev: 'ssh.padding_length', name: 'Padding Length', type: 'uint', bits: 8 },
  { abbrev: 'ssh.message_code', name: 'Message Code', type: 'uint', bits: 8 },
  { abbrev: 'ssh.kex_algorithms', name: 'kex_algorithms string', type: 'string' },
  { abbrev: 'ssh.encrypted_packet', name: 'Encrypted Packet', type: 'bytes' },
]);
const f = P.f;

const SSH_PORT = 22;
const MSG_KEXINIT = 20;
const MSG_NEWKEYS = 21;

/** Message names every key exchange shares (RFC 4250 4.1.2). */
const MESSAGES: Readonly<Record<number, string>> = {
  1: 'Disconnect',
  2: 'Ignore',
  3: 'Unimplemented',
  4: 'Debug',
  5: 'Service Request',
  6: 'Service Accept',
  20: 'Key Exchange Init',
  21: 'New Keys',
};
type Kex = 'dh' | 'dh-gex' | 'ecdh';
/** The method-specific messages (30–49), by the family of the method chosen. */
const KEX_MESSAGES: Readonly<Record<Kex, Readonly<Record<number, string>>>> = {
  dh: { 30: 'Diffie-Hellman Key Exchange Init', 31: 'Diffie-Hellman Key Exchange Reply' },
  'dh-gex': {
    30: 'Diffie-Hellman Group Exchange Request (Old)',
    31: 'Diffie-Hellman Group Exchange Group',
    32: 'Diffie-Hellman Group Exchange Init',
    33: 'Diffie-Hellman Group Exchange Reply',
    34: 'Diffie-Hellman Group Exchange Request',
  },
  ecdh: { 30: 'Elliptic Curve Diffie-Hellman Key Exchange Init', 31: 'Elliptic Curve Diffie-Hellman Key Exchange Reply' },
};

function kexFamily(method: string): Kex {
  if (method.startsWith('diffie-hellman-group-exchange-')) return 'dh-gex';
  if (method.startsWith('ecdh-sha2-') || method.startsWith('curve25519-') || method.startsWith('curve448-')) return 'ecdh';
  return 'dh'; // TShark's default, for the fixed groups and any method it does not know
}

/** One conversation's state: the version the client's banner gave, the KEXINITs' methods, which sides sent New Keys. */
interface Flow {
  version: 0 | 1 | 2;
  /** Each side's KEXINIT name-lists: key exchange methods, and encryption client to server and server to client. */
  clientLists: string[][] | undefined;
  serverLists: string[][] | undefined;
  kex: Kex;
  /** Each side's packets after its New Keys carry no Info (a cipher TShark 4.0 would decrypt with keys: chacha20-poly1305). */
  quiet: [boolean, boolean];
  /** Side 0 the client, 1 the server: its packets are encrypted from its New Keys on. */
  newKeys: [boolean, boolean];
}

/** What a segment found at its start (first pass), kept for revisits. */
interface Start {
  version: 0 | 1 | 2;
  kex: Kex;
  encrypted: boolean;
  quiet: boolean;
}
const START = frameSlot<Start>('ssh.flows', {
  write(v, out) {
    out.int(v.version | ((v.kex === 'dh' ? 0 : v.kex === 'dh-gex' ? 1 : 2) << 2) | (v.encrypted ? 16 : 0) | (v.quiet ? 32 : 0));
  },
  read(from) {
    const w = from.int();
    return {
      version: (w & 3) as 0 | 1 | 2,
      kex: (['dh', 'dh-gex', 'ecdh'] as const)[(w >> 2) & 3]!,
      encrypted: (w & 16) !== 0,
      quiet: (w & 32) !== 0,
    };
  },
});

/** Flows a capture keeps at most (the oldest go first). */
const MAX_FLOWS = 10_000;
const newFlows = (): Map<string, Flow> => new Map();

function flowOf(pinfo: PacketInfo): Flow {
  const flows = pinfo.session.state('ssh.flows', newFlows);
  const key = conversationKey(pinfo);
  let flow = flows.get(key);
  if (flow === undefined) {
    if (flows.size >= MAX_FLOWS) flows.delete(flows.keys().next().value!);
    flow = { version: 0, clientLists: undefined, serverLists: undefined, kex: 'dh', quiet: [false, false], newKeys: [false, false] };
    flows.set(key, flow);
  }
  return flow;
}

/** The first `count` name-lists of a KEXINIT payload from `at` (after the code and 16-byte cookie). */
function nameLists(tvb: Tvb, at: number, count: number): string[][] {
  const out: string[][] = [];
  let o = at;
  for (let i = 0; i < count; i++) {
    const len = tvb.u32(o);
    out.push(tvb.ascii(o + 4, len).split(','));
    o += 4 + len;
  }
  return out;
}

const ssh: Dissector = {
  name: 'ssh',
  dissect(tvb, pinfo, tree, parent) {
    const server = pinfo.srcPort === SSH_PORT && pinfo.dstPort !== SSH_PORT;
    const side = server ? 1 : 0;
    const flow = flowOf(pinfo);
    const start = pinfo.frameData(START, () => ({
      version: flow.version,
      kex: flow.kex,
      encrypted: flow.newKeys[side],
      quiet: flow.quiet[side],
    }));
    pinfo.protocol = start.version === 2 ? 'SSHv2' : start.version === 1 ? 'SSHv1' : 'SSH';
    pinfo.setInfo('');
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const learn = !pinfo.visited;
    let encrypted = start.encrypted;
    let quiet = start.quiet && start.encrypted;
    let version = start.version;
    let off = 0;
    while (off < tvb.length) {
      if (!encrypted && tvb.has(off, 4) && tvb.ascii(off, 4) === 'SSH-') {
        const b = banner(tvb, pinfo, tree, node, off);
        // The client's banner sets the version (its segment's Protocol column stays as it was).
        if (!server && b.version !== 0) {
          version = b.version;
          if (learn) flow.version = b.version;
        }
        off = b.next;
        continue;
      }
      if (encrypted || version !== 2) {
        const len = tvb.length - off;
        tree.add(node, f.encrypted_packet, tvb, off, len, tree.wants(f.encrypted_packet) ? tvb.view(off, len) : undefined);
        if (!quiet) pinfo.appendInfo(`Encrypted packet (len=${len})`, pinfo.info === '' ? '' : ', ');
        break;
      }
      // A binary packet in the clear: length, padding length, then the message.
      if (tvb.length - off < 4 && pinfo.desegment(off, 4 - (tvb.length - off))) break;
      const plen = tvb.u32(off);
      if (tvb.length - off < 4 + plen && pinfo.desegment(off, 4 + plen - (tvb.length - off))) break;
      tree.add(node, f.packet_length, tvb, off, 4, plen);
      tree.add(node, f.padding_length, tvb, off + 4, 1, tvb.u8(off + 4));
      const code = tvb.u8(off + 5);
      tree.add(node, f.message_code, tvb, off + 5, 1, code);
      const name = (code >= 30 && code < 50 ? KEX_MESSAGES[start.kex][code] : MESSAGES[code]) ?? `Unknown (${code})`;
      pinfo.appendInfo(name, pinfo.info === '' ? '' : ', ');
      if (code === MSG_KEXINIT) {
        const lists = nameLists(tvb, off + 6 + 16, 4);
        tree.add(node, f.kex_algorithms, tvb, off + 6 + 16 + 4, lists[0]!.length, lists[0]!.join(','));
        if (learn) choose(flow, side, lists);
      }
      off += 4 + plen;
      if (code === MSG_NEWKEYS) {
        encrypted = true;
        quiet = start.version === 2 && (pinfo.visited ? start.quiet : flow.quiet[side]);
        if (learn) flow.newKeys[side] = true;
      }
    }
    pinfo.setInfo(`${server ? 'Server' : 'Client'}: ${pinfo.info}`);
  },
};

/** Ciphers whose packets TShark 4.0 shows without Info where it has no keys (it would decrypt them with some). */
const QUIET_CIPHERS = new Set(['chacha20-poly1305@openssh.com']);

/** The client's first algorithm the server also offers (RFC 4253 7.1). */
const chosen = (client: string[], server: string[]): string | undefined => client.find((m) => server.includes(m));

/** Remembers a side's KEXINIT lists; with both, the key exchange's family and each direction's cipher. */
function choose(flow: Flow, side: number, lists: string[][]): void {
  if (side === 0) flow.clientLists = lists;
  else flow.serverLists = lists;
  const { clientLists: c, serverLists: s } = flow;
  if (c === undefined || s === undefined) return;
  const kex = chosen(c[0]!, s[0]!);
  if (kex !== undefined) flow.kex = kexFamily(kex);
  flow.quiet = [QUIET_CIPHERS.has(chosen(c[2]!, s[2]!) ?? ''), QUIET_CIPHERS.has(chosen(c[3]!, s[3]!) ?? '')];
}

/** The version line at `off` (ended by LF, CR LF or the bytes' end): the version it names (0: none) and where the next line starts. */
function banner(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, node: number, off: number): { version: 0 | 1 | 2; next: number } {
  let end = off;
  while (end < tvb.length && tvb.u8(end) !== 0x0d && tvb.u8(end) !== 0x0a) end++;
  const text = formatText(tvb.bytes, off, end);
  tree.add(node, f.protocol, tvb, off, end - off, text);
  pinfo.appendInfo(`Protocol (${text})`, pinfo.info === '' ? '' : ', ');
  let next = end;
  if (next < tvb.length && tvb.u8(next) === 0x0d) next++;
  if (next < tvb.length && tvb.u8(next) === 0x0a) next++;
  return { version: /^SSH-(2\.|1\.99)/.test(text) ? 2 : /^SSH-1\./.test(text) ? 1 : 0, next };
}

dissectorTable('tcp.port').add(SSH_PORT, ssh);
