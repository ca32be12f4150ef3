import { describe, expect, it } from 'vitest';
import { checkAgainstTshark, fixtureFiles, frameDecoder } from './app-layer.js';

/**
 * GeoNetworking and BTP against TShark 4.0's reading stored in test/fixtures/dissect/geonw.tsv
 * (regen-geonw.sh): the corpus's geonet_v0_and_calm_fast.pcap (version 0 beacons of unknown
 * subtypes, a duplicate) and geonw-crafted.pcap (geonw-crafted.py: every header type, BTP-A,
 * BTP-B and IPv6 above them, LS request/reply matching, duplicates, frames cut short).
 */
describe('GeoNetworking against TShark 4.0 (test/fixtures/dissect/geonw.tsv)', () => {
  for (const file of fixtureFiles('geonw.tsv'))
    it(`${file}: stack, columns and fields of every frame`, () => checkAgainstTshark('geonw.tsv', file, frameDecoder, { stack: true }));

  it('reads the corpus capture as TShark does where its header types are unknown', () => {
    const d = frameDecoder('geonet_v0_and_calm_fast.pcap');
    // Header type 0x1d: a beacon's type with an unknown subtype, read as a beacon.
    expect(d.get(16)!.pinfo.info).toBe('Unknown (29)');
    expect(d.get(16)!.pinfo.src).toBe('0.16.617.68:be:f7:d0:8f:10');
    expect(d.get(16)!.pinfo.stack).toBe('eth:ethertype:gnw:data');
    // Same station, same timestamp as frame 52: Annex A finds a duplicate.
    expect(d.get(58)!.pinfo.info).toBe('[Duplicate packet] Unknown (29)');
    // 0x8a: no known type; nothing after the Common Header.
    expect(d.get(57)!.pinfo.stack).toBe('eth:ethertype:gnw');
  });

  it('matches an LS reply to its request and marks cut frames as TShark does', () => {
    const d = frameDecoder('geonw-crafted.pcap');
    expect(d.get(10)!.pinfo.info).toBe('Location Service Reply (request in 9)');
    expect(d.get(11)!.pinfo.info).toBe('Location Service Reply');
    expect(d.get(25)!.pinfo.info).toBe('Geo Unicast[Packet size limited during capture]');
    expect(d.get(26)!.pinfo.stack).toBe('eth:ethertype:gnw');
    expect(d.get(26)!.pinfo.info).toBe('[Malformed Packet]');
  });
});
