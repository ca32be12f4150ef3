import { describe, expect, it } from 'vitest';
import { frameDecoder, tsharkText } from './app-layer.js';

/** SSH as TShark 4.0.17 reads the corpus's ssh.pcap and geneve.pcap (its Info written here; conformance.test.ts checks every column). */
describe('SSH as TShark 4.0 reads it', () => {
  it("names the key exchange's messages by the method both KEXINITs choose, and the version from the client's banner on", () => {
    const d = frameDecoder('ssh.pcap');
    expect([d.get(4)!.pinfo.protocol, d.get(4)!.pinfo.info]).toEqual(['SSH', 'Client: Protocol (SSH-2.0-OpenSSH_7.8)']);
    expect(d.get(6)!.pinfo.protocol).toBe('SSHv2');
    expect(d.get(12)!.pinfo.info).toBe('Client: Elliptic Curve Diffie-Hellman Key Exchange Init');
    // The reply, New Keys and the first encrypted packet in one segment: chacha20 keeps the last out of Info.
    expect(d.get(14)!.pinfo.info).toBe('Server: Elliptic Curve Diffie-Hellman Key Exchange Reply, New Keys');
    expect(tsharkText(d.get(14)!.tree, 'ssh.message_code')).toBe('31,21');
    expect(d.get(18)!.pinfo.info).toBe('Client: ');
  });

  it('names a group exchange, and shows packets after New Keys as encrypted (aes, not chacha20)', () => {
    const d = frameDecoder('geneve.pcap');
    const infos = [...d.values()].map((x) => x.pinfo.info).filter((i) => i.startsWith('Client: ') || i.startsWith('Server: '));
    expect(infos).toContain('Client: Diffie-Hellman Group Exchange Request');
    expect(infos).toContain('Server: Diffie-Hellman Group Exchange Reply, New Keys');
    expect(infos.some((i) => /^Client: Encrypted packet \(len=\d+\)$/.test(i))).toBe(true);
  });
});
