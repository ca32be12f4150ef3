import type { Dissector, HeuristicDissector } from '../core/dissector.js';
import { beginProtocol, callData } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import type { PacketInfo } from '../core/packet-info.js';
import { frameSlot } from '../core/session.js';
import { dissectorTable, heuristicList } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { wildcardPortKey } from './conversations.js';
import { inError } from './ip-common.js';

/**
 * Trivial File Transfer Protocol (RFC 1350, options RFC 2347–2349), as TShark 4.0 reads it. A
 * read or write request to UDP 69 sets up a transfer: the server answers from a port of its
 * own, so every later datagram between the client's address and port and the server's address
 * (any port) is TFTP (Wireshark's conversation with a wildcard port). Info: `Read Request,
 * File: f, Transfer type: octet`, `Data Packet, Block: 3 (last)`, `Acknowledgement, Block: 3`,
 * `Error Code, Code: File not found, Message: …`, `Option Acknowledgement, blksize=1428`. Data
 * blocks go on to `data`.
 */
const OPCODES: Record<number, string> = {
  1: 'Read Request',
  2: 'Write Request',
  3: 'Data Packet',
  4: 'Acknowledgement',
  5: 'Error Code',
  6: 'Option Acknowledgement',
};
const ERRORS: Record<number, string> = {
  0: 'Not defined',
  1: 'File not found',
  2: 'Access violation',
  3: 'Disk full or allocation exceeded',
  4: 'Illegal TFTP Operation',
  5: 'Unknown transfer ID',
  6: 'File already exists',
  7: 'No such user',
  8: 'Option negotiation failed',
};
const P = fieldTable.register('tftp', 'Trivial File Transfer Protocol', [
  { abbrev: 'tftp.opcode', name: 'Opcode', type: 'uint', bits: 16, strings: OPCODES },
  { abbrev: 'tftp.source_file', name: 'Source File', type: 'string' },
  { abbrev: 'tftp.destination_file', name: 'Destination File', type: 'string' },
  { abbrev: 'tftp.request_frame', name: 'Request frame', type: 'framenum', generated: true },
  { abbrev: 'tftp.type', name: 'Type', type: 'string' },
  { abbrev: 'tftp.block', name: 'Block', type: 'uint', bits: 16 },
  { abbrev: 'tftp.block.full', name: 'Full Block Number', type: 'uint', bits: 32, generated: true },
  { abbrev: 'tftp.error.code', name: 'Error code', type: 'uint', bits: 16, strings: ERRORS },
  { abbrev: 'tftp.error.message', name: 'Error message', type: 'string' },
  { abbrev: 'tftp.option.name', name: 'Option name', type: 'string' },
  { abbrev: 'tftp.option.value', name: 'Option value', type: 'string' },
]);
const f = P.f;

const TFTP_PORT = 69;
const DEFAULT_BLOCK_SIZE = 512;
/** Transfers a capture keeps (the oldest go first): a flood of requests stays bounded. */
const MAX_TRANSFERS = 10_000;

/** One transfer a request set up: its frame, file and the block size agreed. */
interface Transfer {
  frame: number;
  file: string;
  blockSize: number;
}

class Transfers {
  /** By the client's address and port and the server's address: `a p b`. */
  readonly byKey = new Map<string, Transfer>();
  /** The first request's frame (-1: none yet): frames up to it belong to no transfer. */
  first = -1;
}
const newTransfers = (): Transfers => new Transfers();

/** What a datagram of a transfer was (first pass), kept for revisits: its transfer and the block size then. */
interface Belongs {
  transfer: Transfer | undefined;
  blockSize: number;
}
const NONE: Belongs = { transfer: undefined, blockSize: DEFAULT_BLOCK_SIZE };
const BELONGS = frameSlot<Belongs>('tftp.transfers', {
  write(v, out) {
    out.ref(v.transfer);
    out.int(v.blockSize);
  },
  read: (from) => ({ transfer: from.ref() as Transfer | undefined, blockSize: from.int() }),
});

/** The transfer this datagram belongs to, either way between the client's endpoint and the server's address. */
function transferOf(pinfo: PacketInfo, state: Transfers): Transfer | undefined {
  return state.byKey.get(wildcardPortKey(pinfo, true)) ?? state.byKey.get(wildcardPortKey(pinfo, false));
}

/** A NUL-ended string at `offset` (its bytes must all be there, the NUL too: else the read fails there); returns it and its size with the NUL. */
function stringz(tvb: Tvb, offset: number): { text: string; size: number } {
  let end = offset;
  while (end < tvb.length && tvb.u8(end) !== 0) end++;
  tvb.check(offset, end - offset + 1);
  return { text: tvb.ascii(offset, end - offset), size: end - offset + 1 };
}

/** The options after a request's mode, or in an option acknowledgement: `, name=value` each in Info; returns the block size asked for (or -1). */
function options(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, node: number, offset: number): number {
  let blockSize = -1;
  let off = offset;
  while (off < tvb.length) {
    const name = stringz(tvb, off);
    tree.add(node, f['option.name'], tvb, off, name.size, name.text);
    const value = stringz(tvb, off + name.size);
    tree.add(node, f['option.value'], tvb, off + name.size, value.size, value.text);
    pinfo.appendInfo(`, ${name.text}=${value.text}`, '');
    if (name.text.toLowerCase() === 'blksize') blockSize = Number.parseInt(value.text, 10);
    off += name.size + value.size;
  }
  return blockSize;
}

function dissectTftp(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number, belongs: Belongs): void {
  const error = inError(pinfo);
  if (!error) {
    pinfo.protocol = 'TFTP';
    pinfo.setInfo('');
  }
  const node = beginProtocol(P, tvb, pinfo, tree, parent);
  const opcode = tvb.u16(0);
  tree.add(node, f.opcode, tvb, 0, 2, opcode);
  pinfo.appendInfo(OPCODES[opcode] ?? `Unknown (0x${opcode.toString(16).padStart(4, '0')})`, '');
  const t = belongs.transfer;
  // Whichever way the file goes, TShark names it the destination file on the transfer's datagrams.
  if (t !== undefined && opcode !== 1 && opcode !== 2) {
    tree.add(node, f.destination_file, tvb, 0, 0, t.file);
    tree.add(node, f.request_frame, tvb, 0, 0, t.frame);
  }
  switch (opcode) {
    case 1:
    case 2: {
      const file = stringz(tvb, 2);
      tree.add(node, opcode === 1 ? f.source_file : f.destination_file, tvb, 2, file.size, file.text);
      pinfo.appendInfo(`, File: ${file.text}`, '');
      const mode = stringz(tvb, 2 + file.size);
      tree.add(node, f.type, tvb, 2 + file.size, mode.size, mode.text);
      pinfo.appendInfo(`, Transfer type: ${mode.text}`, '');
      options(tvb, pinfo, tree, node, 2 + file.size + mode.size);
      if (!error && !pinfo.visited) startTransfer(pinfo, { frame: pinfo.frame.number, file: file.text, blockSize: DEFAULT_BLOCK_SIZE });
      return;
    }
    case 3: {
      const block = tvb.u16(2);
      tree.add(node, f.block, tvb, 2, 2, block);
      tree.add(node, f['block.full'], tvb, 2, 2, block);
      const size = tvb.reported - 4;
      pinfo.appendInfo(`, Block: ${block}${size < belongs.blockSize ? ' (last)' : ''}`, '');
      if (tvb.length > 4) callData(tvb.sub(4), pinfo, tree, parent);
      return;
    }
    case 4: {
      const block = tvb.u16(2);
      tree.add(node, f.block, tvb, 2, 2, block);
      tree.add(node, f['block.full'], tvb, 2, 2, block);
      pinfo.appendInfo(`, Block: ${block}`, '');
      return;
    }
    case 5: {
      const code = tvb.u16(2);
      tree.add(node, f['error.code'], tvb, 2, 2, code);
      pinfo.appendInfo(`, Code: ${ERRORS[code] ?? `Unknown (${code})`}`, '');
      const message = stringz(tvb, 4);
      tree.add(node, f['error.message'], tvb, 4, message.size, message.text);
      pinfo.appendInfo(`, Message: ${message.text}`, '');
      return;
    }
    case 6: {
      const asked = options(tvb, pinfo, tree, node, 2);
      // The server's acknowledgement fixes the block size for the rest of the transfer.
      if (t !== undefined && asked > 0 && !pinfo.visited) t.blockSize = asked;
      return;
    }
  }
}

/** Remembers a transfer a request set up (first pass); the client's endpoint and the server's address key it. */
function startTransfer(pinfo: PacketInfo, transfer: Transfer): void {
  const state = pinfo.session.state('tftp.transfers', newTransfers);
  if (state.first < 0) state.first = pinfo.frame.number;
  if (state.byKey.size >= MAX_TRANSFERS) state.byKey.delete(state.byKey.keys().next().value!);
  state.byKey.set(wildcardPortKey(pinfo, true), transfer);
}

/** What a datagram belongs to as its first pass found it: its transfer (none for requests to port 69). */
function belongsOf(pinfo: PacketInfo): Belongs {
  // Most datagrams belong to none: only the others are logged.
  return pinfo.frameDataOr(
    BELONGS,
    () => {
      const state = pinfo.session.state('tftp.transfers', newTransfers);
      const transfer = transferOf(pinfo, state);
      return transfer === undefined ? NONE : { transfer, blockSize: transfer.blockSize };
    },
    NONE,
  );
}

/** UDP port 69: requests (and whatever else comes to the port). */
const tftp: Dissector = {
  name: 'tftp',
  dissect(tvb, pinfo, tree, parent) {
    dissectTftp(tvb, pinfo, tree, parent, belongsOf(pinfo));
  },
};

/** The datagrams of transfers set up by a request, on the ports the server chose. */
const tftpTransfer: HeuristicDissector = {
  name: 'tftp',
  tryDissect(tvb, pinfo, tree, parent) {
    const state = pinfo.session.state('tftp.transfers', newTransfers);
    // As for Kerberos: no transfer before the first request; the port's own datagrams go to the port table.
    if (state.first < 0 || pinfo.frame.number <= state.first || pinfo.srcPort === TFTP_PORT || pinfo.dstPort === TFTP_PORT) return false;
    const belongs = belongsOf(pinfo);
    if (belongs.transfer === undefined) return false;
    dissectTftp(tvb, pinfo, tree, parent, belongs);
    return true;
  },
};

dissectorTable('udp.port').add(TFTP_PORT, tftp);
heuristicList('udp.conversation').push(tftpTransfer);
