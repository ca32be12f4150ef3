import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProtocolHierarchy, hierarchyText } from '../../native-bridge/stats/index.js';
import { FIXTURES } from '../helpers/corpus.js';
import { frameDecoder } from './app-layer.js';

/**
 * The protocol hierarchy of the SIP/RTP, Kerberos and brotli recordings against TShark's
 * `-z io,phs` (stored by regen-voip.sh): SDP and SIP's text bodies sit inside SIP's
 * "Message Body" (TShark counts no sdp), RTCP's compound packets nest, TCP segments of a
 * reassembled SIP message come under sip.
 */
describe('protocol hierarchy of the VoIP, Kerberos and brotli recordings', () => {
  it.each(['sip-call', 'sip-variants', 'kerberos', 'http-brotli'])('%s equals tshark -z io,phs', (name) => {
    const h = new ProtocolHierarchy();
    for (const d of frameDecoder(`test/fixtures/dissect/${name}.pcap`).values()) h.add(d);
    const phs = readFileSync(path.join(FIXTURES, `dissect/${name}.phs`), 'utf8');
    expect([...hierarchyText(h.snapshot())].join('\n').trim()).toBe(phs.trim());
  });
});
