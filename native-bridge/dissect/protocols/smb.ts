import { beginProtocol } from '../core/dispatch.js';
import type { HeuristicDissector } from '../core/dissector.js';
import { fieldTable, textItem } from '../core/fields.js';
import { addItem } from '../core/items.js';
import type { PacketInfo } from '../core/packet-info.js';
import { dissectorTable, heuristicList } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';

/**
 * SMB (CIFS, MS-CIFS), found by its `\xffSMB` signature in NetBIOS datagrams and session
 * messages. Only what the protocol stack and the columns need: the 32-byte header (command,
 * status, flags, ids), the command's word and byte counts, and for a Trans request the
 * transaction name, whose first path element (`MAILSLOT`) picks the decoder of the transaction
 * from `smb.transaction`. Info is TShark's `<command> Request|Response`. Not decoded: the
 * commands' parameters (TShark adds Trans2 subcommands and levels to Info, `, Error: …` for
 * failed responses, and matches responses to requests), AndX chains, SMB2 (`\xfeSMB`).
 */
const COMMANDS: Readonly<Record<number, string>> = {
  0x00: 'Create Directory',
  0x01: 'Delete Directory',
  0x02: 'Open',
  0x03: 'Create',
  0x04: 'Close',
  0x05: 'Flush',
  0x06: 'Delete',
  0x07: 'Rename',
  0x08: 'Query Information',
  0x09: 'Set Information',
  0x0a: 'Read',
  0x0b: 'Write',
  0x0c: 'Lock Byte Range',
  0x0d: 'Unlock Byte Range',
  0x0e: 'Create Temp',
  0x0f: 'Create New',
  0x10: 'Check Directory',
  0x11: 'Process Exit',
  0x12: 'Seek',
  0x13: 'Lock And Read',
  0x14: 'Write And Unlock',
  0x1a: 'Read Raw',
  0x1b: 'Read MPX',
  0x1c: 'Read MPX Secondary',
  0x1d: 'Write Raw',
  0x1e: 'Write MPX',
  0x1f: 'Write MPX Secondary',
  0x20: 'Write Complete',
  0x21: 'Query Server (reserved)',
  0x22: 'Set Information2',
  0x23: 'Query Information2',
  0x24: 'Locking AndX',
  0x25: 'Trans',
  0x26: 'Trans Secondary',
  0x27: 'IOCTL',
  0x28: 'IOCTL Secondary',
  0x29: 'Copy',
  0x2a: 'Move',
  0x2b: 'Echo',
  0x2c: 'Write And Close',
  0x2d: 'Open AndX',
  0x2e: 'Read AndX',
  0x2f: 'Write AndX',
  0x30: 'New File Size (reserved)',
  0x31: 'Close And Tree Disconnect',
  0x32: 'Trans2',
  0x33: 'Trans2 Secondary',
  0x34: 'Find Close2',
  0x35: 'Find Notify Close',
  0x70: 'Tree Connect',
  0x71: 'Tree Disconnect',
  0x72: 'Negotiate Protocol',
  0x73: 'Session Setup AndX',
  0x74: 'Logoff AndX',
  0x75: 'Tree Connect AndX',
  0x80: 'Query Information Disk',
  0x81: 'Search',
  0x82: 'Find',
  0x83: 'Find Unique',
  0x84: 'Find Close',
  0xa0: 'NT Trans',
  0xa1: 'NT Trans Secondary',
  0xa2: 'NT Create AndX',
  0xa4: 'NT Cancel',
  0xa5: 'NT Rename',
  0xc0: 'Open Print File',
  0xc1: 'Write Print File',
  0xc2: 'Close Print File',
  0xc3: 'Get Print Queue',
  0xd0: 'Send Single Block Message',
  0xd1: 'Send Broadcast Message',
  0xd2: 'Forward User Name',
  0xd3: 'Cancel Forward',
  0xd4: 'Get Machine Name',
  0xd5: 'Send Start of Multi-block Message',
  0xd6: 'Send End of Multi-block Message',
  0xd7: 'Send Text of Multi-block Message',
  0xd8: 'SMBreadbulk',
  0xd9: 'SMBwritebulk',
  0xda: 'SMBwritebulkdata',
  0xfe: 'SMBinvalid',
};

/** A command's name as TShark's smb.cmd prints it (`unknown-0x15` for the gaps). */
function commandName(cmd: number): string {
  return COMMANDS[cmd] ?? `unknown-0x${cmd.toString(16).toUpperCase().padStart(2, '0')}`;
}

const P = fieldTable.register('smb', 'SMB (Server Message Block Protocol)', [
  { abbrev: 'smb.server_component', name: 'Server Component', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'smb.cmd', name: 'SMB Command', type: 'uint', base: 'hex', bits: 8, strings: COMMANDS },
  { abbrev: 'smb.nt_status', name: 'NT Status', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'smb.error_class', name: 'Error Class', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'smb.reserved', name: 'Reserved', type: 'bytes' },
  { abbrev: 'smb.error_code', name: 'Error Code', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'smb.flags', name: 'Flags', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'smb.flags.response', name: 'Request/Response', type: 'bool', mask: 0x80, maskBits: 8 },
  { abbrev: 'smb.flags2', name: 'Flags2', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'smb.flags2.string', name: 'Unicode Strings', type: 'bool', mask: 0x8000, maskBits: 16 },
  { abbrev: 'smb.flags2.nt_error', name: 'Error Code Type', type: 'bool', mask: 0x4000, maskBits: 16 },
  { abbrev: 'smb.pid.high', name: 'Process ID High', type: 'uint', bits: 16 },
  { abbrev: 'smb.signature', name: 'Signature', type: 'bytes' },
  { abbrev: 'smb.tid', name: 'Tree ID', type: 'uint', bits: 16 },
  { abbrev: 'smb.pid', name: 'Process ID', type: 'uint', bits: 16 },
  { abbrev: 'smb.uid', name: 'User ID', type: 'uint', bits: 16 },
  { abbrev: 'smb.mid', name: 'Multiplex ID', type: 'uint', bits: 16 },
  { abbrev: 'smb.wct', name: 'Word Count (WCT)', type: 'uint', bits: 8 },
  { abbrev: 'smb.bcc', name: 'Byte Count (BCC)', type: 'uint', bits: 16 },
  { abbrev: 'smb.tpc', name: 'Total Parameter Count', type: 'uint', bits: 32 },
  { abbrev: 'smb.tdc', name: 'Total Data Count', type: 'uint', bits: 32 },
  { abbrev: 'smb.mpc', name: 'Max Parameter Count', type: 'uint', bits: 32 },
  { abbrev: 'smb.mdc', name: 'Max Data Count', type: 'uint', bits: 32 },
  { abbrev: 'smb.msc', name: 'Max Setup Count', type: 'uint', bits: 8 },
  { abbrev: 'smb.transaction.flags', name: 'Flags', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'smb.timeout', name: 'Timeout', type: 'uint', bits: 32 },
  { abbrev: 'smb.pc', name: 'Parameter Count', type: 'uint', bits: 16 },
  { abbrev: 'smb.po', name: 'Parameter Offset', type: 'uint', bits: 16 },
  { abbrev: 'smb.dc', name: 'Data Count', type: 'uint', bits: 16 },
  { abbrev: 'smb.data_offset', name: 'Data Offset', type: 'uint', bits: 16 },
  { abbrev: 'smb.sc', name: 'Setup Count', type: 'uint', bits: 8 },
  { abbrev: 'smb.trans_name', name: 'Transaction Name', type: 'string' },
]);
const f = P.f;

const HEADER = 32;
const SIGNATURE = 0xff534d42;
const TRANS = 0x25;
const TRANS_REQUEST_WORDS = 14;
/** Longest transaction name read (TShark's strings are bounded too). */
const MAX_NAME = 256;

/** What a Trans request hands the decoder of its transaction (in `pinfo.data` under SMB_TRANSACTION). */
export interface SmbTransaction {
  /** The transaction name past its first path element and backslash (`BROWSE` for `\MAILSLOT\BROWSE`). */
  readonly rest: string;
  readonly name: string;
  /** The setup words, the byte count and the name: where they are in the frame's bytes. */
  readonly setup: Tvb;
  readonly bccOffset: number;
  readonly bcc: number;
  readonly nameOffset: number;
  readonly nameLength: number;
  /** The SMB message's tvb, for the name's and byte count's nodes. */
  readonly smb: Tvb;
}
export const SMB_TRANSACTION = 'smb.transaction';

/** A NUL-terminated name at `off`: ASCII, or UTF-16LE when `unicode`. Returns the text and its length with the NUL. */
function readName(tvb: Tvb, off: number, unicode: boolean): { text: string; length: number } {
  let text = '';
  if (unicode) {
    for (let i = 0; i < MAX_NAME; i++) {
      const c = tvb.u16(off + 2 * i, true);
      if (c === 0) return { text, length: 2 * i + 2 };
      text += String.fromCharCode(c);
    }
    return { text, length: 2 * MAX_NAME };
  }
  for (let i = 0; i < MAX_NAME; i++) {
    const c = tvb.u8(off + i);
    if (c === 0) return { text, length: i + 1 };
    text += String.fromCharCode(c);
  }
  return { text, length: MAX_NAME };
}

/** A Trans request's words and name; hands the transaction to its decoder when one is registered for the name. */
function transRequest(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number, node: number, unicode: boolean): void {
  let off = HEADER + 1;
  addItem(tree, node, f.tpc, tvb, off, 2, true);
  addItem(tree, node, f.tdc, tvb, off + 2, 2, true);
  addItem(tree, node, f.mpc, tvb, off + 4, 2, true);
  addItem(tree, node, f.mdc, tvb, off + 6, 2, true);
  addItem(tree, node, f.msc, tvb, off + 8, 1);
  addItem(tree, node, f['transaction.flags'], tvb, off + 10, 2, true);
  addItem(tree, node, f.timeout, tvb, off + 12, 4, true);
  addItem(tree, node, f.pc, tvb, off + 18, 2, true);
  addItem(tree, node, f.po, tvb, off + 20, 2, true);
  addItem(tree, node, f.dc, tvb, off + 22, 2, true);
  addItem(tree, node, f.data_offset, tvb, off + 24, 2, true);
  const dc = tvb.u16(off + 22, true);
  const dataOffset = tvb.u16(off + 24, true);
  const sc = tvb.u8(off + 26);
  addItem(tree, node, f.sc, tvb, off + 26, 1);
  off += 28;
  const setup = tvb.sub(off, 2 * sc);
  off += 2 * sc;
  const bccOffset = off;
  const bcc = tvb.u16(off, true);
  addItem(tree, node, f.bcc, tvb, off, 2, true);
  off += 2;
  if (bcc === 0) return;
  if (unicode && off % 2 === 1) off++;
  const name = readName(tvb, off, unicode);
  tree.add(node, f.trans_name, tvb, off, name.length, name.text);
  const m = /^\\([^\\]+)\\(.*)$/.exec(name.text);
  if (m === null) return;
  const d = dissectorTable('smb.transaction').get(m[1]!.toUpperCase());
  if (d === undefined) return;
  const trans: SmbTransaction = {
    rest: m[2]!,
    name: name.text,
    setup,
    bccOffset,
    bcc,
    nameOffset: off,
    nameLength: name.length,
    smb: tvb,
  };
  pinfo.data.set(SMB_TRANSACTION, trans);
  d.dissect(tvb.sub(dataOffset, Math.min(dc, tvb.length - dataOffset)), pinfo, tree, parent);
}

function dissectSmb(tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number): void {
  pinfo.protocol = 'SMB';
  pinfo.setInfo('');
  const node = beginProtocol(P, tvb, pinfo, tree, parent);
  const header = tree.add(node, textItem, tvb, 0, Math.min(HEADER, tvb.length), undefined, 'SMB Header');
  tree.add(header, f.server_component, tvb, 0, 4, tvb.u32(0), 'Server Component: SMB');
  const cmd = tvb.u8(4);
  addItem(tree, header, f.cmd, tvb, 4, 1);
  const flags = tvb.u8(9);
  const flags2 = tvb.u16(10, true);
  if (flags2 & 0x4000) addItem(tree, header, f.nt_status, tvb, 5, 4, true);
  else {
    addItem(tree, header, f.error_class, tvb, 5, 1);
    addItem(tree, header, f.reserved, tvb, 6, 1);
    addItem(tree, header, f.error_code, tvb, 7, 2, true);
  }
  const response = (flags & 0x80) !== 0;
  const flagsNode = addItem(tree, header, f.flags, tvb, 9, 1);
  addItem(tree, flagsNode, f['flags.response'], tvb, 9, 1);
  const flags2Node = addItem(tree, header, f.flags2, tvb, 10, 2, true);
  addItem(tree, flags2Node, f['flags2.string'], tvb, 10, 2, true);
  addItem(tree, flags2Node, f['flags2.nt_error'], tvb, 10, 2, true);
  addItem(tree, header, f['pid.high'], tvb, 12, 2, true);
  addItem(tree, header, f.signature, tvb, 14, 8);
  addItem(tree, header, f.reserved, tvb, 22, 2);
  addItem(tree, header, f.tid, tvb, 24, 2, true);
  addItem(tree, header, f.pid, tvb, 26, 2, true);
  addItem(tree, header, f.uid, tvb, 28, 2, true);
  addItem(tree, header, f.mid, tvb, 30, 2, true);
  const name = commandName(cmd);
  pinfo.setInfo(`${name} ${response ? 'Response' : 'Request'}`);
  const wct = tvb.u8(HEADER);
  const title = `${name} ${response ? 'Response' : 'Request'} (0x${cmd.toString(16).padStart(2, '0')})`;
  const body = tree.add(node, textItem, tvb, HEADER, tvb.length - HEADER, undefined, title);
  addItem(tree, body, f.wct, tvb, HEADER, 1);
  if (cmd === TRANS && !response && wct >= TRANS_REQUEST_WORDS) {
    transRequest(tvb, pinfo, tree, parent, body, (flags2 & 0x8000) !== 0);
    return;
  }
  const bccOffset = HEADER + 1 + 2 * wct;
  addItem(tree, body, f.bcc, tvb, bccOffset, 2, true);
}

const smb: HeuristicDissector = {
  name: 'smb',
  tryDissect(tvb, pinfo, tree, parent) {
    // TShark reads the signature as SMB (when 4 bytes are reported): bytes the capture cut short
    // end the frame there, with `smb` on the stack; other bytes take it off again.
    if (tvb.reported < 4) return false;
    pinfo.protocols.push(P.proto.abbrev);
    if (tvb.u32(0) !== SIGNATURE) {
      pinfo.protocols.pop();
      return false;
    }
    pinfo.protocols.pop();
    dissectSmb(tvb, pinfo, tree, parent);
    return true;
  },
};

heuristicList('netbios').push(smb);
