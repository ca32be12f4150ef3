import { describe, expect, it } from 'vitest';
import { DissectSession, dissectFrame } from '../../native-bridge/dissect/index.js';
import { type Decoded, decodeFile, has, meta, value, values } from './link-helpers.js';
import { selectedFrames } from './selected.js';

/** NetBIOS datagram and session services, with the SMB, mailslot and Browser layers above them, on corpus bytes and TShark 4.0's reading. */
describe('NetBIOS Datagram Service, SMB mailslot, Browser', () => {
  const frames = decodeFile('eapon1.pcap') as Decoded[];

  it('reads a host announcement: the datagram header, SMB Trans to \\MAILSLOT\\BROWSE, the server type names in Info', () => {
    const host = frames[76]!;
    expect(host.pinfo.protocols.join(':')).toBe('eth:ethertype:ip:udp:nbdgm:smb:browser');
    expect(host.pinfo.protocol).toBe('BROWSER');
    expect(host.pinfo.info).toBe('Host Announcement DJP95S0J, Workstation, Server, NT Workstation, Potential Browser');
    expect(value(host.tree, 'nbdgm.dgram_id')).toBe(0x8933);
    expect(value(host.tree, 'nbdgm.type')).toBe(0x11);
    expect(value(host.tree, 'nbdgm.source_name')).toBe('DJP95S0J<20>');
    expect(value(host.tree, 'nbdgm.destination_name')).toBe('ARBEITSGRUPPE<1d>');
    expect(value(host.tree, 'smb.cmd')).toBe(0x25);
    expect(value(host.tree, 'smb.trans_name')).toBe('\\MAILSLOT\\BROWSE');
    expect(value(host.tree, 'mailslot.name')).toBe('\\MAILSLOT\\BROWSE');
    expect(value(host.tree, 'mailslot.size')).toBe(50);
    expect(value(host.tree, 'browser.server_type')).toBe(0x00011003);
  });

  it('names the other commands as TShark does', () => {
    expect(frames[0]!.pinfo.info).toBe('Request Announcement DJP95S0J');
    expect(frames[2]!.pinfo.info).toBe('Domain/Workgroup Announcement ARBEITSGRUPPE, NT Workstation, Domain Enum');
    expect(frames[81]!.pinfo.info).toBe('Browser Election Request');
    expect(frames[6]!.pinfo.info).toBe(
      'Local Master Announcement DJP95S0J, Workstation, Server, NT Workstation, Potential Browser, Master Browser',
    );
  });

  it('keeps the mailslot off the stack but in the tree', () => {
    expect(has(frames[0]!.tree, 'mailslot')).toBe(true);
    expect(frames[0]!.pinfo.protocols).not.toContain('mailslot');
  });

  it('shows a name with letters outside A..P as TShark does, and reads on', () => {
    const [bad] = decodeFile('smb_print_trans-oobr2.pcap') as [Decoded];
    expect(bad.pinfo.info).toBe('Request Announcement DJP95S0J');
    expect(bad.pinfo.protocols.join(':')).toBe('eth:ethertype:ip:udp:nbdgm:smb:browser');
  });

  it('reads a datagram the capture cut anywhere as TShark does (checked against tshark at every length)', () => {
    const bytes = frames[76]!.frame.bytes;
    const cut = (n: number) => {
      const m = { ...meta(1, bytes.slice(0, n)), wireLen: bytes.length };
      return dissectFrame(m, bytes.slice(0, n), new DissectSession());
    };
    for (let n = 43; n < bytes.length; n++) expect(cut(n).pinfo.protocols).toContain('nbdgm');
    // SMB's signature read fails with nothing of it captured: SMB is on the stack, the columns NBDS's.
    const noSmb = cut(124);
    expect(noSmb.pinfo.protocols.join(':')).toBe('eth:ethertype:ip:udp:nbdgm:smb');
    expect(noSmb.pinfo.info).toBe('Direct_group datagram[Packet size limited during capture]');
    expect(cut(160).pinfo.info).toBe('Trans Request[Packet size limited during capture]');
    // The comment's NUL is the last byte: the Browser read it all but that.
    expect(cut(242).pinfo.info).toBe(
      'Host Announcement DJP95S0J, Workstation, Server, NT Workstation, Potential Browser[Packet size limited during capture]',
    );
  });

  it('filters as tshark -Y does', () => {
    expect(selectedFrames('eapon1.pcap', 'browser.command == 0x0c')).toEqual([3, 96]);
    expect(selectedFrames('eapon1.pcap', 'nbdgm && smb.cmd == 0x25').length).toBe(17);
  });
});

describe('NetBIOS Session Service', () => {
  const frames = decodeFile('smb_data_print-segv.pcap') as Decoded[];

  it('reads SMB framing (24-bit length) and the SMB header; Info is the command, without the Trans2 subcommand TShark adds', () => {
    const req = frames[1]!;
    expect(req.pinfo.protocols.join(':')).toBe('eth:ethertype:ip:tcp:nbss:smb');
    expect(req.pinfo.protocol).toBe('SMB');
    expect(req.pinfo.info).toBe('Trans2 Request');
    expect(value(req.tree, 'nbss.length')).toBe(70);
    expect(value(req.tree, 'smb.mid')).toBe(1632);
    expect(values(frames[0]!.tree, 'smb.flags.response')).toEqual([true]);
  });

  it('takes a segment that cannot start a message for a continuation', () => {
    const cont = frames[3]!;
    expect(cont.pinfo.protocols.join(':')).toBe('eth:ethertype:ip:tcp:nbss');
    expect(cont.pinfo.info).toBe('NBSS Continuation Message');
    expect(has(cont.tree, 'nbss.continuation_data')).toBe(true);
  });
});
