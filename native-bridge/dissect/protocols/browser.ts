import type { Dissector } from '../core/dissector.js';
import { fieldTable } from '../core/fields.js';
import { durationText } from '../core/format.js';
import { addItem } from '../core/items.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';

/**
 * Microsoft Windows Browser Protocol (MS-BRWS), the data of SMB mailslot writes to
 * `\MAILSLOT\BROWSE` (`\MAILSLOT\LANMAN`'s older layout is not decoded). Protocol `BROWSER`; Info
 * the command, then for announcements the host or domain name and the server type bits by
 * name (`Host Announcement DJP95S0J, Workstation, Server`), for an announcement request the
 * name to answer. Elections, backup lists and the LANMAN layout show only their command.
 */
const COMMANDS: Readonly<Record<number, string>> = {
  0x01: 'Host Announcement',
  0x02: 'Request Announcement',
  0x08: 'Browser Election Request',
  0x09: 'Get Backup List Request',
  0x0a: 'Get Backup List Response',
  0x0b: 'Become Backup Browser',
  0x0c: 'Domain/Workgroup Announcement',
  0x0d: 'Master Announcement',
  0x0e: 'Reset Browser State Announcement',
  0x0f: 'Local Master Announcement',
};
/** Server type bits as Info names them (Wireshark's server_types), by bit number. */
const SERVER_TYPES: Readonly<Record<number, string>> = {
  0: 'Workstation',
  1: 'Server',
  2: 'SQL Server',
  3: 'Domain Controller',
  4: 'Backup Controller',
  5: 'Time Source',
  6: 'Apple Server',
  7: 'Novell Server',
  8: 'Domain Member Server',
  9: 'Print Queue Server',
  10: 'Dialin Server',
  11: 'Xenix Server',
  12: 'NT Workstation',
  13: 'Windows for Workgroups',
  15: 'NT Server',
  16: 'Potential Browser',
  17: 'Backup Browser',
  18: 'Master Browser',
  19: 'Domain Master Browser',
  20: 'OSF',
  21: 'VMS',
  22: 'Windows 95 or above',
  23: 'DFS server',
  30: 'Local List Only',
  31: 'Domain Enum',
};
const P = fieldTable.register('browser', 'Microsoft Windows Browser Protocol', [
  { abbrev: 'browser.command', name: 'Command', type: 'uint', base: 'hex', bits: 8, strings: COMMANDS },
  { abbrev: 'browser.update_count', name: 'Update Count', type: 'uint', bits: 8 },
  { abbrev: 'browser.period', name: 'Update Periodicity', type: 'uint', bits: 32 },
  { abbrev: 'browser.server', name: 'Server Name', type: 'string' },
  { abbrev: 'browser.os_major', name: 'OS Major Version', type: 'uint', bits: 8 },
  { abbrev: 'browser.os_minor', name: 'OS Minor Version', type: 'uint', bits: 8 },
  { abbrev: 'browser.server_type', name: 'Server Type', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'browser.unused', name: 'Unused flags', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'browser.response_computer_name', name: 'Response Computer Name', type: 'string' },
  { abbrev: 'browser.mysterious_field', name: 'Mysterious Field', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'browser.proto_major', name: 'Browser Protocol Major Version', type: 'uint', bits: 8 },
  { abbrev: 'browser.proto_minor', name: 'Browser Protocol Minor Version', type: 'uint', bits: 8 },
  { abbrev: 'browser.sig', name: 'Signature', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'browser.comment', name: 'Host Comment', type: 'string' },
  { abbrev: 'browser.mb_server', name: 'Master Browser Server Name', type: 'string' },
  { abbrev: 'browser.election.version', name: 'Election Version', type: 'uint', bits: 8 },
  { abbrev: 'browser.election.criteria', name: 'Election Criteria', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'browser.uptime', name: 'Uptime', type: 'uint', bits: 32 },
]);
const f = P.f;

const HOST_NAME_LENGTH = 16;
const ANNOUNCEMENTS = new Set([0x01, 0x0c, 0x0f]);
const REQUEST_ANNOUNCEMENT = 0x02;
const DOMAIN_ANNOUNCEMENT = 0x0c;
const ELECTION_REQUEST = 0x08;
const SIGNATURE = 0xaa55;

/** Characters up to the first NUL within `length` bytes (bounded by what is there: a read past it throws). */
function stringz(tvb: Tvb, off: number, length: number): { text: string; length: number } {
  let text = '';
  for (let i = 0; i < length; i++) {
    const c = tvb.u8(off + i);
    if (c === 0) return { text, length: i + 1 };
    text += String.fromCharCode(c);
  }
  return { text, length };
}

/** A NUL-terminated string from `off`, which must end within the bytes (TShark's tvb_strsize throws otherwise). */
function addStringz(tree: ProtoTree, node: number, field: typeof f.comment, tvb: Tvb, off: number): void {
  const s = stringz(tvb, off, Math.max(1, tvb.length - off + 1));
  tree.add(node, field, tvb, off, s.length, s.text);
}

/** The server type word and its names in Info. */
function serverType(tvb: Tvb, off: number, tree: ProtoTree, node: number, append: (s: string) => void): void {
  const flags = tvb.u32(off, true);
  let text = `Server Type: 0x${flags.toString(16).padStart(8, '0')}`;
  for (let i = 0; i < 32; i++) {
    if (((flags >>> i) & 1) === 0) continue;
    const name = SERVER_TYPES[i] ?? `Unknown server type:${i}`;
    append(name);
    text += `, ${name}`;
  }
  tree.add(node, f.server_type, tvb, off, 4, flags, text);
}

const browser: Dissector = {
  name: 'browser',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocols.push(P.proto.abbrev);
    pinfo.protocol = 'BROWSER';
    pinfo.setInfo('');
    const cmd = tvb.u8(0);
    pinfo.setInfo(COMMANDS[cmd] ?? `Unknown command:0x${cmd.toString(16).padStart(2, '0')}`);
    const node = tree.add(parent, P.proto, tvb, 0, tvb.length);
    addItem(tree, node, f.command, tvb, 0, 1);
    if (ANNOUNCEMENTS.has(cmd)) {
      addItem(tree, node, f.update_count, tvb, 1, 1);
      const period = tvb.u32(2, true);
      tree.add(node, f.period, tvb, 2, 4, period, `Update Periodicity: ${durationText(Math.floor(period / 1000))}`);
      tvb.check(6, HOST_NAME_LENGTH);
      const host = stringz(tvb, 6, HOST_NAME_LENGTH).text;
      pinfo.appendInfo(host);
      const label = cmd === DOMAIN_ANNOUNCEMENT ? 'Domain/Workgroup' : 'Host Name';
      tree.add(node, f.server, tvb, 6, HOST_NAME_LENGTH, host, `${label}: ${host}`);
      addItem(tree, node, f.os_major, tvb, 22, 1);
      addItem(tree, node, f.os_minor, tvb, 23, 1);
      serverType(tvb, 24, tree, node, (s) => pinfo.appendInfo(s, ', '));
      // A domain announcement without the signature has a 4-byte field there instead of the versions.
      if (cmd === DOMAIN_ANNOUNCEMENT && tvb.u16(30, true) !== SIGNATURE) addItem(tree, node, f.mysterious_field, tvb, 28, 4, true);
      else {
        addItem(tree, node, f.proto_major, tvb, 28, 1);
        addItem(tree, node, f.proto_minor, tvb, 29, 1);
        addItem(tree, node, f.sig, tvb, 30, 2, true);
      }
      addStringz(tree, node, cmd === DOMAIN_ANNOUNCEMENT ? f.mb_server : f.comment, tvb, 32);
    } else if (cmd === ELECTION_REQUEST) {
      addItem(tree, node, f['election.version'], tvb, 1, 1);
      addItem(tree, node, f['election.criteria'], tvb, 2, 4, true);
      addItem(tree, node, f.uptime, tvb, 6, 4, true);
      addStringz(tree, node, f.server, tvb, 14);
    } else if (cmd === REQUEST_ANNOUNCEMENT) {
      addItem(tree, node, f.unused, tvb, 1, 1);
      const name = stringz(tvb, 2, Math.max(1, tvb.length - 1));
      tree.add(node, f.response_computer_name, tvb, 2, name.length, name.text);
      pinfo.appendInfo(name.text);
    }
  },
};

dissectorTable('mailslot.name').add('BROWSE', browser);
