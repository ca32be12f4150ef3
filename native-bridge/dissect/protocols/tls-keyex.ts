import { textItem } from '../core/fields.js';
import { hex } from '../core/format.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { HASH_ALGORITHMS, SIGNATURE_ALGORITHMS, SIGNATURE_KINDS, TLS, nameOf } from './tls-fields.js';

/**
 * Server Key Exchange and Client Key Exchange (RFC 5246 7.4.3 and 7.4.7, RFC 4492 5.4 and 5.7,
 * RFC 4279 2): their layout depends on the key exchange of the cipher suite the Server Hello
 * chose, so, as in TShark, a message whose session has no known suite shows type and length only.
 * Covered: (EC)DH(E) signed or anonymous, RSA (export parameters, encrypted premaster), PSK and
 * RSA-PSK. DHE-PSK, ECDHE-PSK, SRP, Kerberos and EC J-PAKE show type and length (TShark
 * decodes only the last of these too).
 */
const f = TLS.f;

/**
 * How a cipher suite exchanges keys, as far as the messages' layout goes: dhAnon (DH_anon:
 * ServerDHParams unsigned), dhFixed (DH_DSS, DH_RSA: no Server Key Exchange fields), dhe
 * (DHE_DSS, DHE_RSA: ServerDHParams signed), ecdhAnon (ECDH_anon), ecdh (ECDH_ECDSA, ECDH_RSA,
 * ECDHE_ECDSA, ECDHE_RSA: ServerECDHParams signed), psk, rsaPsk, rsa.
 */
type Kex = 'dhAnon' | 'dhFixed' | 'dhe' | 'ecdhAnon' | 'ecdh' | 'psk' | 'rsaPsk' | 'rsa';

/** Cipher suites by key exchange (the TLS Cipher Suites registry; Wireshark's ssl_get_keyex_alg). */
const SUITES: readonly (readonly [Kex, readonly number[]])[] = [
  ['dhAnon', [0x17, 0x18, 0x19, 0x1a, 0x1b, 0x34, 0x3a, 0x46, 0x6c, 0x6d, 0x89, 0x9b, 0xa6, 0xa7, 0xbf, 0xc5, 0xc084, 0xc085]],
  [
    'dhFixed',
    [
      0x0b, 0x0c, 0x0d, 0x30, 0x36, 0x3e, 0x42, 0x68, 0x85, 0x97, 0xa4, 0xa5, 0xbb, 0xc1, 0xc082, 0xc083, 0x0e, 0x0f, 0x10, 0x31, 0x37,
      0x3f, 0x43, 0x69, 0x86, 0x98, 0xa0, 0xa1, 0xbc, 0xc2, 0xc07e, 0xc07f,
    ],
  ],
  [
    'dhe',
    [
      0x11, 0x12, 0x13, 0x32, 0x38, 0x40, 0x44, 0x63, 0x65, 0x66, 0x6a, 0x87, 0x99, 0xa2, 0xa3, 0xbd, 0xc3, 0xc080, 0xc081, 0x14, 0x15,
      0x16, 0x33, 0x39, 0x45, 0x67, 0x6b, 0x88, 0x9a, 0x9e, 0x9f, 0xbe, 0xc4, 0xc07c, 0xc07d, 0xc09e, 0xc09f, 0xc0a2, 0xc0a3, 0xccaa,
      0xe41e, 0xe41f,
    ],
  ],
  ['ecdhAnon', [0xc015, 0xc016, 0xc017, 0xc018, 0xc019]],
  [
    'ecdh',
    [
      0xc001, 0xc002, 0xc003, 0xc004, 0xc005, 0xc025, 0xc026, 0xc02d, 0xc02e, 0xc074, 0xc075, 0xc088, 0xc089, 0xc00b, 0xc00c, 0xc00d,
      0xc00e, 0xc00f, 0xc029, 0xc02a, 0xc031, 0xc032, 0xc078, 0xc079, 0xc08c, 0xc08d, 0xc006, 0xc007, 0xc008, 0xc009, 0xc00a, 0xc023,
      0xc024, 0xc02b, 0xc02c, 0xc072, 0xc073, 0xc086, 0xc087, 0xc0ac, 0xc0ad, 0xc0ae, 0xc0af, 0xcca9, 0xe414, 0xe415, 0xc010, 0xc011,
      0xc012, 0xc013, 0xc014, 0xc027, 0xc028, 0xc02f, 0xc030, 0xc076, 0xc077, 0xc08a, 0xc08b, 0xcca8, 0xe412, 0xe413,
    ],
  ],
  [
    'psk',
    [
      0x2c, 0x8a, 0x8b, 0x8c, 0x8d, 0xa8, 0xa9, 0xae, 0xaf, 0xb0, 0xb1, 0xc064, 0xc065, 0xc08e, 0xc08f, 0xc094, 0xc095, 0xc0a4, 0xc0a5,
      0xc0a8, 0xc0a9, 0xccab, 0xe416, 0xe417,
    ],
  ],
  ['rsaPsk', [0x2e, 0x92, 0x93, 0x94, 0x95, 0xac, 0xad, 0xb6, 0xb7, 0xb8, 0xb9, 0xc092, 0xc093, 0xc098, 0xc099, 0xccae, 0xe41a, 0xe41b]],
  [
    'rsa',
    [
      0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x2f, 0x35, 0x3b, 0x3c, 0x3d, 0x41, 0x60, 0x61, 0x62, 0x64, 0x84, 0x96,
      0x9c, 0x9d, 0xba, 0xc0, 0xc07a, 0xc07b, 0xc09c, 0xc09d, 0xc0a0, 0xc0a1, 0xe410, 0xe411, 0xfefe, 0xfeff, 0xffe0, 0xffe1,
    ],
  ],
];

const KEX_OF = new Map<number, Kex>(SUITES.flatMap(([kex, suites]) => suites.map((s) => [s, kex] as const)));

/** What the session knew when the message came: the negotiated version and cipher suite (0: none seen). */
export interface KexSession {
  version: number | undefined;
  cipher: number;
}

/** Versions whose digitally-signed struct starts with a SignatureAndHashAlgorithm (TLS 1.2, DTLS 1.2, TLS 1.3). */
const SIGNED_WITH_ALGORITHM = new Set([0x0303, 0xfefd, 0x0304]);
/** Versions whose RSA premaster has no length before it (SSL 2.0, SSL 3.0, OpenSSL's pre-standard DTLS). */
const BARE_PREMASTER = new Set([0x0002, 0x0300, 0x0100]);

/**
 * A SignatureAndHashAlgorithm at `at`: the 16-bit code point (named as a TLS 1.3 scheme, else
 * by its hash and signature halves) and the halves under it.
 */
export function signatureAlgorithm(tvb: Tvb, tree: ProtoTree, parent: number, at: number): void {
  const value = tvb.u16(at);
  const hash = value >> 8;
  const sig = value & 0xff;
  const name = SIGNATURE_ALGORITHMS[value] ?? `${nameOf(HASH_ALGORITHMS, hash)} ${nameOf(SIGNATURE_KINDS, sig)}`;
  const node = tree.add(parent, f['handshake.sig_hash_alg'], tvb, at, 2, value, `Signature Algorithm: ${name} (${hex(value, 4)})`);
  tree.add(
    node,
    f['handshake.sig_hash_hash'],
    tvb,
    at,
    1,
    hash,
    `Signature Hash Algorithm Hash: ${nameOf(HASH_ALGORITHMS, hash)} (${hash})`,
  );
  tree.add(
    node,
    f['handshake.sig_hash_sig'],
    tvb,
    at + 1,
    1,
    sig,
    `Signature Hash Algorithm Signature: ${nameOf(SIGNATURE_KINDS, sig)} (${sig})`,
  );
}

type Field = keyof typeof f;

/** A length of `size` bytes at `at`, then that many bytes; returns where they end. */
function opaque(tvb: Tvb, tree: ProtoTree, node: number, at: number, size: 1 | 2, lenField: Field, field: Field): number {
  const n = size === 1 ? tvb.u8(at) : tvb.u16(at);
  tree.add(node, f[lenField], tvb, at, size, n);
  tree.add(node, f[field], tvb, at + size, n, tvb.view(at + size, n));
  return at + size + n;
}

/** The signed_params after the server's parameters (RFC 5246 4.7 digitally-signed). */
function signature(tvb: Tvb, tree: ProtoTree, node: number, at: number, version: number | undefined): void {
  let p = at;
  if (version !== undefined && SIGNED_WITH_ALGORITHM.has(version)) {
    signatureAlgorithm(tvb, tree, node, p);
    p += 2;
  }
  opaque(tvb, tree, node, p, 2, 'handshake.sig_len', 'handshake.sig');
}

/** Server Key Exchange's body in [at, end). */
export function serverKeyExchange(tvb: Tvb, tree: ProtoTree, parent: number, at: number, end: number, s: KexSession): void {
  const kex = KEX_OF.get(s.cipher);
  switch (kex) {
    case 'ecdhAnon':
    case 'ecdh': {
      const node = tree.add(parent, textItem, tvb, at, end - at, undefined, 'EC Diffie-Hellman Server Params');
      const curveType = tvb.u8(at);
      tree.add(node, f['handshake.server_curve_type'], tvb, at, 1, curveType);
      if (curveType !== 3) return; // explicit curves are not decoded (nor by TShark)
      tree.add(node, f['handshake.server_named_curve'], tvb, at + 1, 2, tvb.u16(at + 1));
      const p = opaque(tvb, tree, node, at + 3, 1, 'handshake.server_point_len', 'handshake.server_point');
      if (kex === 'ecdh') signature(tvb, tree, node, p, s.version);
      return;
    }
    case 'dhAnon':
    case 'dhe': {
      const node = tree.add(parent, textItem, tvb, at, end - at, undefined, 'Diffie-Hellman Server Params');
      let p = opaque(tvb, tree, node, at, 2, 'handshake.p_len', 'handshake.p');
      p = opaque(tvb, tree, node, p, 2, 'handshake.g_len', 'handshake.g');
      p = opaque(tvb, tree, node, p, 2, 'handshake.ys_len', 'handshake.ys');
      if (kex === 'dhe') signature(tvb, tree, node, p, s.version);
      return;
    }
    case 'rsa': {
      // Only RSA_EXPORT suites send one: a temporary RSA key.
      const node = tree.add(parent, textItem, tvb, at, end - at, undefined, 'RSA-EXPORT Server Params');
      let p = opaque(tvb, tree, node, at, 2, 'handshake.modulus_len', 'handshake.modulus');
      p = opaque(tvb, tree, node, p, 2, 'handshake.exponent_len', 'handshake.exponent');
      signature(tvb, tree, node, p, s.version);
      return;
    }
    case 'psk':
    case 'rsaPsk': {
      // The identity hint alone; a body of another size is not one (TShark then shows nothing).
      if (2 + tvb.u16(at) !== end - at) return;
      const node = tree.add(parent, textItem, tvb, at, end - at, undefined, 'PSK Server Params');
      opaque(tvb, tree, node, at, 2, 'handshake.hint_len', 'handshake.hint');
      return;
    }
    default:
  }
}

/** Client Key Exchange's body in [at, end). */
export function clientKeyExchange(tvb: Tvb, tree: ProtoTree, parent: number, at: number, end: number, s: KexSession): void {
  const kex = KEX_OF.get(s.cipher);
  const params = (title: string): number => tree.add(parent, textItem, tvb, at, end - at, undefined, title);
  switch (kex) {
    case 'dhAnon':
    case 'dhFixed':
    case 'dhe':
      opaque(tvb, tree, params('Diffie-Hellman Client Params'), at, 2, 'handshake.yc_len', 'handshake.yc');
      return;
    case 'ecdhAnon':
    case 'ecdh':
      opaque(tvb, tree, params('EC Diffie-Hellman Client Params'), at, 1, 'handshake.client_point_len', 'handshake.client_point');
      return;
    case 'psk':
      opaque(tvb, tree, params('PSK Client Params'), at, 2, 'handshake.identity_len', 'handshake.identity');
      return;
    case 'rsaPsk': {
      const node = params('RSA PSK Client Params');
      const p = opaque(tvb, tree, node, at, 2, 'handshake.identity_len', 'handshake.identity');
      opaque(tvb, tree, node, p, 2, 'handshake.epms_len', 'handshake.epms');
      return;
    }
    case 'rsa': {
      const node = params('RSA Encrypted PreMaster Secret');
      if (s.version !== undefined && BARE_PREMASTER.has(s.version))
        tree.add(node, f['handshake.epms'], tvb, at, end - at, tvb.view(at, end - at));
      else opaque(tvb, tree, node, at, 2, 'handshake.epms_len', 'handshake.epms');
      return;
    }
    default:
  }
}
