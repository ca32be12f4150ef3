import { describe, expect, it } from 'vitest';
import { checkAgainstTshark, frameDecoder, tsharkText } from './app-layer.js';

const KRB = 'test/fixtures/dissect/kerberos.pcap';

describe('Kerberos against TShark 4.0 (test/fixtures/dissect/kerberos.tsv)', () => {
  it('kinit and kvno against a real KDC over UDP and TCP: message types, errors, client names', () =>
    checkAgainstTshark('kerberos.tsv', KRB, frameDecoder, { stack: true }));

  it('reads the record mark over TCP and the error code of a KRB-ERROR', () => {
    const decoded = frameDecoder(KRB);
    const err = [...decoded.values()].find((d) => d.pinfo.protocols.includes('tcp') && d.pinfo.info.startsWith('KRB Error'));
    expect(err?.pinfo.info).toBe('KRB Error: KRB5KDC_ERR_PREAUTH_REQUIRED');
    expect(tsharkText(err!.tree, 'kerberos.error_code')).toBe('25');
    expect(Number(tsharkText(err!.tree, 'kerberos.rm.length'))).toBeGreaterThan(0);
  });
});
