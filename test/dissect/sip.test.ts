import { describe, expect, it } from 'vitest';
import { checkAgainstTshark, frameDecoder, tsharkText } from './app-layer.js';

const CALL = 'test/fixtures/dissect/sip-call.pcap';
const VARIANTS = 'test/fixtures/dissect/sip-variants.pcap';

describe('SIP, SDP, RTP and RTCP against TShark 4.0 (test/fixtures/dissect/voip.tsv)', () => {
  it('a real call recorded on loopback: REGISTER and MESSAGE over TCP (reassembled), INVITE with SDP, RTP, RTCP, BYE', () =>
    checkAgainstTshark('voip.tsv', CALL, frameDecoder, { stack: true }));

  it('Info rules, SIP by content, RTP set up by an offer alone', () =>
    checkAgainstTshark('voip.tsv', VARIANTS, frameDecoder, { stack: true }));

  it('gives both ends of the call the offer as setup frame, and RTCP packets in one datagram', () => {
    const decoded = frameDecoder(CALL);
    expect(tsharkText(decoded.get(27)!.tree, 'rtp.setup-frame')).toBe('21');
    expect(tsharkText(decoded.get(42)!.tree, 'rtcp.pt')).toBe('201,202,203');
  });
});
