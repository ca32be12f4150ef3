import { textItem } from '../core/fields.js';
import { formatText, hex } from '../core/format.js';
import type { PacketInfo } from '../core/packet-info.js';
import type { ProtoTree } from '../core/tree.js';
import { dissectCertificate } from './x509.js';
import type { Tvb } from '../core/tvb.js';
import { CIPHER_SUITES, EXTENSION_TYPES, GROUPS, HANDSHAKE_TYPES, TLS, VERSIONS, nameOf } from './tls-fields.js';
import { type KexSession, clientKeyExchange, serverKeyExchange, signatureAlgorithm } from './tls-keyex.js';

/**
 * TLS handshake messages (RFC 8446 section 4, RFC 5246 section 7.4): Client/Server Hello with
 * their extensions (SNI, ALPN, supported versions, groups, signature algorithms, key share),
 * Certificate, New Session Ticket, Server and Client Key Exchange (tls-keyex.ts); other messages
 * are shown by type and length. Reads stop at
 * the end of what the segment holds (`end`): a message cut short shows its first fields.
 */
const f = TLS.f;

const HELLO_RETRY_RANDOM = 'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c';

/** What a handshake message told the session: the negotiated version and cipher suite, if any. */
export interface HelloResult {
  version?: number;
  cipher?: number;
}

type Add = (field: keyof typeof f, at: number, len: number, value?: unknown, text?: string) => number;

function adder(tvb: Tvb, tree: ProtoTree, parent: number): Add {
  return (field, at, len, value, text) => tree.add(parent, f[field], tvb, at, len, value, text);
}

/** A handshake field by its key after `handshake.` (`ciphersuite` for `tls.handshake.ciphersuite`). */
type HandshakeField = { [K in keyof typeof f]: K extends `handshake.${infer R}` ? R : never }[keyof typeof f];

/**
 * A vector of 8- or 16-bit values behind its length (Wireshark's ssl_add_vector): [length size,
 * value size, length field, list field, value field, list title, value noun].
 */
type Vector = readonly [1 | 2, 1 | 2, HandshakeField, HandshakeField, HandshakeField, string, string];

const SUITE_LIST: Vector = [2, 2, 'cipher_suites_length', 'ciphersuites', 'ciphersuite', 'Cipher Suites', 'suite'];
const METHOD_LIST: Vector = [1, 1, 'comp_methods_length', 'comp_methods', 'comp_method', 'Compression Methods', 'method'];
const GROUP_LIST: Vector = [
  2,
  2,
  'extensions_supported_groups_length',
  'extensions_supported_groups',
  'extensions_supported_group',
  'Supported Groups',
  'group',
];
const ALGORITHM_LIST: Vector = [2, 2, 'sig_hash_alg_len', 'sig_hash_algs', 'sig_hash_alg', 'Signature Hash Algorithms', 'algorithm'];

/**
 * Shows the vector at `at`: its length, then its values under a counted subtree. 16-bit values
 * are code points that may be GREASE, shown named and in hex. Returns the size with the length.
 */
function vector(tvb: Tvb, tree: ProtoTree, parent: number, at: number, v: Vector): number {
  const [lengthSize, size, lengthField, listField, valueField, title, noun] = v;
  const len = lengthSize === 1 ? tvb.u8(at) : tvb.u16(at);
  tree.add(parent, f[`handshake.${lengthField}`], tvb, at, lengthSize, len);
  const start = at + lengthSize;
  const n = Math.floor(len / size);
  const node = tree.add(parent, f[`handshake.${listField}`], tvb, start, len, undefined, `${title} (${n} ${noun}${n === 1 ? '' : 's'})`);
  const item = f[`handshake.${valueField}`];
  for (let i = 0; i + size <= len; i += size) {
    if (valueField === 'sig_hash_alg') {
      signatureAlgorithm(tvb, tree, node, start + i);
      continue;
    }
    const value = size === 1 ? tvb.u8(start + i) : tvb.u16(start + i);
    const text = size === 2 ? `${item.name}: ${nameOf(item.strings ?? {}, value)} (${hex(value, 4)})` : undefined;
    tree.add(node, item, tvb, start + i, size, value, text);
  }
  return lengthSize + len;
}

/** One hello extension at `at` (type, length, data); returns its total length. */
function extension(tvb: Tvb, tree: ProtoTree, parent: number, at: number, hello: number, out: HelloResult): number {
  const type = tvb.u16(at);
  const len = tvb.u16(at + 2);
  const node = tree.add(parent, textItem, tvb, at, 4 + len, undefined, `Extension: ${nameOf(EXTENSION_TYPES, type)} (len=${len})`);
  const add = adder(tvb, tree, node);
  add('handshake.extension.type', at, 2, type);
  add('handshake.extension.len', at + 2, 2, len);
  const d = at + 4;
  tvb.check(d, len);
  switch (type) {
    case 0: {
      if (len === 0) break;
      const sni = tree.add(node, textItem, tvb, d, len, undefined, 'Server Name Indication extension');
      const s = adder(tvb, tree, sni);
      const listLen = tvb.u16(d);
      s('handshake.extensions_server_name_list_len', d, 2, listLen);
      for (let p = d + 2; p < d + 2 + listLen && p < d + len; ) {
        const nameLen = tvb.u16(p + 1);
        s('handshake.extensions_server_name_type', p, 1, tvb.u8(p));
        s('handshake.extensions_server_name_len', p + 1, 2, nameLen);
        s('handshake.extensions_server_name', p + 3, nameLen, formatText(tvb.view(p + 3, nameLen)));
        p += 3 + nameLen;
      }
      break;
    }
    case 10:
      vector(tvb, tree, node, d, GROUP_LIST);
      break;
    case 11: {
      const n = tvb.u8(d);
      add('handshake.extensions_ec_point_formats_length', d, 1, n);
      const fm = tree.add(node, textItem, tvb, d + 1, n, undefined, `Elliptic curves point formats (${n})`);
      for (let i = 0; i < n; i++) tree.add(fm, f['handshake.extensions_ec_point_format'], tvb, d + 1 + i, 1, tvb.u8(d + 1 + i));
      break;
    }
    case 13:
      vector(tvb, tree, node, d, ALGORITHM_LIST);
      break;
    case 16: {
      const n = tvb.u16(d);
      add('handshake.extensions_alpn_len', d, 2, n);
      const alpn = tree.add(node, textItem, tvb, d + 2, n, undefined, 'ALPN Protocol');
      for (let p = d + 2; p < d + 2 + n; ) {
        const sl = tvb.u8(p);
        tree.add(alpn, f['handshake.extensions_alpn_str_len'], tvb, p, 1, sl);
        tree.add(alpn, f['handshake.extensions_alpn_str'], tvb, p + 1, sl, formatText(tvb.view(p + 1, sl)));
        p += 1 + sl;
      }
      break;
    }
    case 43: {
      if (hello === 2) {
        // Server Hello: the one version the server chose.
        const v = tvb.u16(d);
        add('handshake.extensions.supported_version', d, 2, v);
        out.version = v;
        break;
      }
      const n = tvb.u8(d);
      add('handshake.extensions.supported_versions_len', d, 1, n);
      for (let i = 0; i + 1 < n; i += 2) {
        const v = tvb.u16(d + 1 + i);
        add('handshake.extensions.supported_version', d + 1 + i, 2, v, `Supported Version: ${VERSIONS[v] ?? nameOf({}, v)} (${hex(v, 4)})`);
      }
      break;
    }
    case 51: {
      const ks = tree.add(node, textItem, tvb, d, len, undefined, 'Key Share extension');
      let p = d;
      let end = d + len;
      if (hello === 1) {
        const n = tvb.u16(d);
        tree.add(ks, f['handshake.extensions_key_share_client_length'], tvb, d, 2, n);
        p = d + 2;
        end = p + n;
      } else if (len === 2) {
        tree.add(
          ks,
          f['handshake.extensions_key_share_group'],
          tvb,
          d,
          2,
          tvb.u16(d),
          `Selected Group: ${nameOf(GROUPS, tvb.u16(d))} (${tvb.u16(d)})`,
        );
        break;
      }
      while (p + 4 <= end) {
        const group = tvb.u16(p);
        const kl = tvb.u16(p + 2);
        const entry = tree.add(
          ks,
          textItem,
          tvb,
          p,
          4 + kl,
          undefined,
          `Key Share Entry: Group: ${nameOf(GROUPS, group)}, Key Exchange length: ${kl}`,
        );
        tree.add(entry, f['handshake.extensions_key_share_group'], tvb, p, 2, group);
        tree.add(entry, f['handshake.extensions_key_share_key_exchange_length'], tvb, p + 2, 2, kl);
        tree.add(entry, f['handshake.extensions_key_share_key_exchange'], tvb, p + 4, kl, tvb.view(p + 4, kl));
        p += 4 + kl;
      }
      break;
    }
    case 21:
      add('handshake.extensions_padding_data', d, len, tvb.view(d, len));
      break;
    case 41:
      preSharedKey(tvb, tree, node, d, len, hello);
      break;
    case 45: {
      const n = tvb.u8(d);
      tree.add(node, f['extension.psk_ke_modes_length'], tvb, d, 1, n);
      for (let i = 0; i < n; i++) tree.add(node, f['extension.psk_ke_mode'], tvb, d + 1 + i, 1, tvb.u8(d + 1 + i));
      break;
    }
    case 65281: {
      const reneg = tree.add(node, textItem, tvb, d, len, undefined, 'Renegotiation Info extension');
      const n = tvb.u8(d);
      tree.add(reneg, f['handshake.extensions_reneg_info_len'], tvb, d, 1, n);
      if (n > 0) tree.add(reneg, f['handshake.extensions_reneg_info'], tvb, d + 1, n, tvb.view(d + 1, n));
      break;
    }
    case 22: // encrypt_then_mac, extended_master_secret, post_handshake_auth: flags without data
    case 23:
    case 49:
      break;
    default:
      // TShark shows undecoded data even when empty ("Data (0 bytes)").
      add('handshake.extension.data', d, len, tvb.view(d, len), len === 0 ? 'Data (0 bytes)' : undefined);
  }
  return 4 + len;
}

/**
 * pre_shared_key (RFC 8446 4.2.11): the client's identities and binders, or the identity the
 * server selected.
 */
function preSharedKey(tvb: Tvb, tree: ProtoTree, parent: number, d: number, len: number, hello: number): void {
  const node = tree.add(parent, textItem, tvb, d, len, undefined, 'Pre-Shared Key extension');
  if (hello !== 1) {
    if (hello === 2) tree.add(node, f['handshake.extensions.psk.identity.selected'], tvb, d, 2, tvb.u16(d));
    return;
  }
  const idsLen = tvb.u16(d);
  tree.add(node, f['handshake.extensions.psk.identities.length'], tvb, d, 2, idsLen);
  const idsEnd = d + 2 + idsLen;
  for (let p = d + 2; p < idsEnd; ) {
    const n = tvb.u16(p);
    const id = tree.add(node, textItem, tvb, p, 2 + n + 4, undefined, `PSK Identity (length: ${n})`);
    tree.add(id, f['handshake.extensions.psk.identity.identity_length'], tvb, p, 2, n);
    tree.add(id, f['handshake.extensions.psk.identity.identity'], tvb, p + 2, n, tvb.view(p + 2, n));
    tree.add(id, f['handshake.extensions.psk.identity.obfuscated_ticket_age'], tvb, p + 2 + n, 4, tvb.u32(p + 2 + n));
    p += 2 + n + 4;
  }
  const bindersLen = tvb.u16(idsEnd);
  tree.add(node, f['handshake.extensions.psk.binders_len'], tvb, idsEnd, 2, bindersLen);
  tree.add(node, f['handshake.extensions.psk.binders'], tvb, idsEnd + 2, bindersLen);
}

function extensions(tvb: Tvb, tree: ProtoTree, parent: number, at: number, end: number, hello: number, out: HelloResult): void {
  if (at + 2 > end) return;
  const total = tvb.u16(at);
  tree.add(parent, f['handshake.extensions_length'], tvb, at, 2, total);
  const stop = Math.min(end, at + 2 + total);
  for (let p = at + 2; p + 4 <= stop; ) p += extension(tvb, tree, parent, p, hello, out);
}

/** Client Hello (type 1) and Server Hello (type 2, or a Hello Retry Request). */
function hello(tvb: Tvb, tree: ProtoTree, node: number, at: number, end: number, type: number): HelloResult {
  const out: HelloResult = {};
  const add = adder(tvb, tree, node);
  const version = tvb.u16(at);
  add('handshake.version', at, 2, version);
  out.version = version;
  add('handshake.random', at + 2, 32, tvb.view(at + 2, 32));
  const sidLen = tvb.u8(at + 34);
  add('handshake.session_id_length', at + 34, 1, sidLen);
  if (sidLen > 0) add('handshake.session_id', at + 35, sidLen, tvb.view(at + 35, sidLen));
  let p = at + 35 + sidLen;
  if (type === 1) {
    p += vector(tvb, tree, node, p, SUITE_LIST);
    p += vector(tvb, tree, node, p, METHOD_LIST);
  } else {
    const suite = tvb.u16(p);
    add('handshake.ciphersuite', p, 2, suite, `Cipher Suite: ${nameOf(CIPHER_SUITES, suite)} (${hex(suite, 4)})`);
    out.cipher = suite;
    add('handshake.comp_method', p + 2, 1, tvb.u8(p + 2));
    p += 3;
  }
  extensions(tvb, tree, node, p, end, type, out);
  return out;
}

/** The name Info shows for a handshake message (a Server Hello may be a Hello Retry Request). */
export function handshakeName(tvb: Tvb, at: number, type: number): string {
  if (
    type === 2 &&
    tvb.has(at + 6, 32) &&
    Array.from(tvb.view(at + 6, 32), (b) => b.toString(16).padStart(2, '0')).join('') === HELLO_RETRY_RANDOM
  )
    return 'Hello Retry Request';
  return HANDSHAKE_TYPES[type] ?? `Encrypted Handshake Message`;
}

/** A session that has seen no Server Hello: key exchange messages show type and length. */
const NO_KEX: KexSession = { version: undefined, cipher: 0 };

/**
 * Decodes the body of one handshake message (after its 4-byte header) in [at, end); `end`
 * may stop short of the message's length when the segment does. `kex`: what the session knew
 * before this message (key exchange messages need the chosen suite). Returns what the session
 * learns from it.
 */
export function dissectHandshakeBody(
  tvb: Tvb,
  tree: ProtoTree,
  node: number,
  type: number,
  at: number,
  end: number,
  pinfo?: PacketInfo,
  kex: KexSession = NO_KEX,
): HelloResult {
  const add = adder(tvb, tree, node);
  switch (type) {
    case 1:
    case 2:
      return hello(tvb, tree, node, at, end, type);
    case 4: {
      const t = tree.add(node, textItem, tvb, at, end - at, undefined, 'TLS Session Ticket');
      const hint = tvb.u32(at);
      tree.add(t, f['handshake.session_ticket_lifetime_hint'], tvb, at, 4, hint, `Session Ticket Lifetime Hint: ${hint} seconds`);
      const n = tvb.u16(at + 4);
      tree.add(t, f['handshake.session_ticket_length'], tvb, at + 4, 2, n);
      tree.add(t, f['handshake.session_ticket'], tvb, at + 6, Math.min(n, end - at - 6), tvb.view(at + 6, Math.min(n, end - at - 6)));
      return {};
    }
    case 11: {
      const total = tvb.u24(at);
      add('handshake.certificates_length', at, 3, total);
      const stop = Math.min(end, at + 3 + total);
      const certs = tree.add(node, f['handshake.certificates'], tvb, at + 3, stop - at - 3, undefined, `Certificates (${total} bytes)`);
      for (let p = at + 3; p + 3 <= stop; ) {
        const n = tvb.u24(p);
        tree.add(certs, f['handshake.certificate_length'], tvb, p, 3, n);
        const have = Math.min(n, stop - p - 3);
        const item = tree.add(certs, f['handshake.certificate'], tvb, p + 3, have, tvb.view(p + 3, have));
        if (have === n) dissectCertificate(tvb, p + 3, p + 3 + n, pinfo, tree, item);
        p += 3 + n;
      }
      return {};
    }
    case 12:
      serverKeyExchange(tvb, tree, node, at, end, kex);
      return {};
    case 16:
      clientKeyExchange(tvb, tree, node, at, end, kex);
      return {};
    default:
      return {};
  }
}
