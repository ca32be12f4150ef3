import { describe, expect, it } from 'vitest';
import { DissectSession, dissectFrame } from '../../native-bridge/dissect/index.js';
import { type Decoded, decodeFile, has, meta, value } from './link-helpers.js';
import { selectedFrames } from './selected.js';

/** TIPC over Ethernet on corpus bytes, with TShark 4.0's reading of them. */
describe('TIPC', () => {
  const frames = decodeFile('huge-tipc-messages.pcap') as Decoded[];

  it('shows a version 2 named message as TShark: user padded to 12, type, port name', () => {
    const named = frames[0]!;
    expect(named.pinfo.protocols.join(':')).toBe('eth:ethertype:tipc');
    expect(named.pinfo.protocol).toBe('TIPC');
    expect(named.pinfo.info).toBe('Payld:Low    NamedMsg type:1000 inst:0');
    expect(value(named.tree, 'tipc.ver')).toBe(2);
    expect(value(named.tree, 'tipc.hdr_size')).toBe(10);
    expect(value(named.tree, 'tipc.msg_size')).toBe(40);
    expect(value(named.tree, 'tipc.org_port')).toBe(3511725154);
  });

  it('names errors and connection manager messages', () => {
    expect(frames[3]!.pinfo.info).toBe('Payld:NoRej  ConnMsg ErrNoPort');
    expect(frames[7]!.pinfo.info).toBe('Conn Mgr     Ack');
  });

  it('hands a payload of more than 64 KiB after the header to data', () => {
    const big = frames[2]!;
    expect(big.pinfo.protocols.join(':')).toBe('eth:ethertype:tipc:data');
    expect(value(big.tree, 'tipc.msg_size')).toBe(66000);
    expect(value(big.tree, 'data.len')).toBe(65976);
  });

  it('reads a message the capture cut as TShark does (checked against tshark at every length)', () => {
    const bytes = frames[2]!.frame.bytes;
    const cut = (n: number) =>
      dissectFrame({ ...meta(1, bytes.slice(0, n)), wireLen: bytes.length }, bytes.slice(0, n), new DissectSession());
    // The message type is in Info before the error code's read fails.
    expect(cut(20).pinfo.info).toBe('Payld:Low    ConnMsg[Packet size limited during capture]');
    // A payload cut short is read whole before it is handed on: no data layer.
    const short = cut(100);
    expect(short.pinfo.protocols.join(':')).toBe('eth:ethertype:tipc');
    expect(short.pinfo.info).toBe('Payld:Low    ConnMsg[Packet size limited during capture]');
  });

  it('reads another version with version 1 layout, no Info, and ends short where TShark does', () => {
    const [odd] = decodeFile('rsvp-rsvp_obj_print-oobr.pcap') as [Decoded];
    expect(odd.pinfo.protocols.join(':')).toBe('eth:ethertype:tipc');
    expect(odd.pinfo.info).toBe('[Packet size limited during capture]');
    expect(has(odd.tree, '_ws.short')).toBe(true);
  });

  it('filters as tshark -Y does', () => {
    expect(selectedFrames('huge-tipc-messages.pcap', 'tipc.msg_size > 65535')).toEqual([3, 7]);
  });
});
