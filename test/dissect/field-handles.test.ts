import { describe, expect, expectTypeOf, it } from 'vitest';
import { type FieldInfo, fieldTable } from '../../native-bridge/dissect/core/fields.js';
import { DissectSession } from '../../native-bridge/dissect/core/session.js';
import { dissectorTable, heuristicList } from '../../native-bridge/dissect/core/tables.js';
import type { OptionField } from '../../native-bridge/dissect/protocols/dhcp-options.js';
import type { HeaderField } from '../../native-bridge/dissect/protocols/http-headers.js';
import { TCP } from '../../native-bridge/dissect/protocols/tcp-fields.js';
import '../../native-bridge/dissect/index.js';

/**
 * Field handles, dissector table names and session state keys are checked by the compiler:
 * the `@ts-expect-error` lines fail `tsc -p .` if a misspelt name ever compiles again. The
 * run-time assertions check that the typed handles are the registered fields.
 */
const P = fieldTable.register('fhtest', 'Field handle test', [
  { abbrev: 'fhtest.port', name: 'Port', type: 'uint' },
  { abbrev: 'fhtest.checksum.status', name: 'Checksum Status', type: 'uint' },
]);

describe('field handles', () => {
  it('are keyed by the filter name after the protocol prefix, dots and all', () => {
    expectTypeOf<keyof typeof P.f>().toEqualTypeOf<'port' | 'checksum.status'>();
    expectTypeOf(P.f.port).toEqualTypeOf<FieldInfo>();
    expect(Object.keys(P.f)).toEqual(['port', 'checksum.status']);
  });

  it('are the registered fields', () => {
    expect(P.f.port).toBe(fieldTable.get('fhtest.port'));
    expect(P.f['checksum.status']).toMatchObject({ abbrev: 'fhtest.checksum.status', protocol: 'fhtest', type: 'uint' });
    expect(TCP.f.srcport).toBe(fieldTable.get('tcp.srcport'));
    expect(TCP.f['options.wscale.shift'].abbrev).toBe('tcp.options.wscale.shift');
  });

  it('do not compile when misspelt (and would be undefined at run time)', () => {
    // @ts-expect-error -- `srcprot` is not a TCP field
    expect(TCP.f.srcprot).toBeUndefined();
    // @ts-expect-error -- nor is `checksum.statu` one of this protocol's
    expect(P.f['checksum.statu']).toBeUndefined();
    // @ts-expect-error -- DHCP's option value fields are a closed list
    const option: OptionField = 'dhcp_server_ip';
    // @ts-expect-error -- and so are HTTP's header fields
    const header: HeaderField = 'user-agent';
    expect([option, header]).toHaveLength(2);
  });

  it('must carry the protocol prefix, at compile time and at run time', () => {
    expect(() =>
      // @ts-expect-error -- `fhbad.x` does not start with `fhprefix.`
      fieldTable.register('fhprefix', 'Prefix test', [{ abbrev: 'fhbad.x', name: 'X', type: 'uint' }]),
    ).toThrow('field fhbad.x of protocol fhprefix must start with "fhprefix."');
  });

  it('may carry another prefix given at registration (GeoNetworking: protocol gnw, fields geonw.*)', () => {
    const G = fieldTable.register('fhproto', 'Other prefix test', [{ abbrev: 'fhfields.x', name: 'X', type: 'uint' }], 'fhfields');
    expectTypeOf<keyof typeof G.f>().toEqualTypeOf<'x'>();
    expect(G.f.x).toMatchObject({ abbrev: 'fhfields.x', protocol: 'fhproto' });
    expect(fieldTable.get('gnw')?.type).toBe('protocol');
    expect(fieldTable.get('geonw.bh.version')?.protocol).toBe('gnw');
    expect(fieldTable.get('geonw.analysis_duplicate')?.protocol).toBe('gnw');
    expect(fieldTable.get('geonw')).toBeUndefined();
    expect(() =>
      // @ts-expect-error -- `fhproto.y` does not start with `fhother.`
      fieldTable.register('fhproto2', 'Other prefix test', [{ abbrev: 'fhproto.y', name: 'Y', type: 'uint' }], 'fhother'),
    ).toThrow('field fhproto.y of protocol fhproto2 must start with "fhother."');
  });
});

describe('dissector table names', () => {
  it('find the registered decoders', () => {
    expect(dissectorTable('udp.port').get(53)?.name).toBe('dns');
    expect(heuristicList('tcp').map((h) => h.name)).toContain('http');
  });

  it('do not compile when misspelt, which at run time would be a new, empty table', () => {
    // @ts-expect-error -- 'udp.prot' is not a dissector table
    expect(dissectorTable('udp.prot').get(53)).toBeUndefined();
    // @ts-expect-error -- 'tpc' is not a heuristic list
    expect(heuristicList('tpc')).toEqual([]);
    // @ts-expect-error -- nor is 'ethertyp' a table a route can name
    const route: Parameters<typeof dissectorTable>[0] = 'ethertyp';
    expect(route).toBe('ethertyp');
  });
});

describe('session state keys', () => {
  it('do not compile when misspelt', () => {
    const session = new DissectSession();
    expect(session.state('tcp.conversations', () => 1)).toBe(1);
    // @ts-expect-error -- 'tcp.conversation' is not a state key
    expect(session.state('tcp.conversation', () => 2)).toBe(2);
  });
});
