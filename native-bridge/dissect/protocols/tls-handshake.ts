import { textItem } from '../core/fields.js';
import { formatText, hex } from '../core/format.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { CIPHER_SUITES, EXTENSION_TYPES, GROUPS, HANDSHAKE_TYPES, SIGNATURE_ALGORITHMS, TLS, VERSIONS, nameOf } from './tls-fields.js';

/**
 * TLS handshake messages (RFC 8446 section 4, RFC 5246 section 7.4): Client/Server Hello with
 * their extensions (SNI, ALPN, supported versions, groups, signature algorithms, key share),
 * Certificate, New Session Ticket; other messages are shown by type and length. Reads stop at
 * the end of what the segment holds (`end`): a message cut short shows its first fields.
 */
const f = TLS.f;

const HELLO_RETRY_RANDOM = 'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c';

/** What a handshake message told the session: the negotiated version, if any. */
export interface HelloResult {
  version?: number;
}

type Add = (field: keyof typeof f, at: number, len: number, value?: unknown, text?: string) => number;

function adder(tvb: Tvb, tree: ProtoTree, parent: number): Add {
  return (field, at, len, value, text) => tree.add(parent, f[field], tvb, at, len, value, text);
}

/** A list of 16-bit values (cipher suites, groups, ...) under a counted subtree. */
function list16(
  tvb: Tvb,
  tree: ProtoTree,
  parent: number,
  at: number,
  len: number,
  holder: keyof typeof f,
  item: keyof typeof f,
  title: string,
  noun: string,
  names: Readonly<Record<number, string>>,
): void {
  const n = Math.floor(len / 2);
  const node = tree.add(parent, f[holder], tvb, at, len, undefined, `${title} (${n} ${noun}${n === 1 ? '' : 's'})`);
  for (let i = 0; i + 1 < len; i += 2) {
    const v = tvb.u16(at + i);
    tree.add(node, f[item], tvb, at + i, 2, v, `${f[item].name}: ${nameOf(names, v)} (${hex(v, 4)})`);
  }
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
    case 10: {
      const n = tvb.u16(d);
      add('handshake.extensions_supported_groups_length', d, 2, n);
      list16(
        tvb,
        tree,
        node,
        d + 2,
        n,
        'handshake.extensions_supported_groups',
        'handshake.extensions_supported_group',
        'Supported Groups',
        'group',
        GROUPS,
      );
      break;
    }
    case 11: {
      const n = tvb.u8(d);
      add('handshake.extensions_ec_point_formats_length', d, 1, n);
      const fm = tree.add(node, textItem, tvb, d + 1, n, undefined, `Elliptic curves point formats (${n})`);
      for (let i = 0; i < n; i++) tree.add(fm, f['handshake.extensions_ec_point_format'], tvb, d + 1 + i, 1, tvb.u8(d + 1 + i));
      break;
    }
    case 13: {
      const n = tvb.u16(d);
      add('handshake.sig_hash_alg_len', d, 2, n);
      const algs = tree.add(
        node,
        f['handshake.sig_hash_algs'],
        tvb,
        d + 2,
        n,
        undefined,
        `Signature Hash Algorithms (${Math.floor(n / 2)} algorithms)`,
      );
      for (let i = 0; i + 1 < n; i += 2) {
        const v = tvb.u16(d + 2 + i);
        tree.add(
          algs,
          f['handshake.sig_hash_alg'],
          tvb,
          d + 2 + i,
          2,
          v,
          `Signature Algorithm: ${nameOf(SIGNATURE_ALGORITHMS, v)} (${hex(v, 4)})`,
        );
      }
      break;
    }
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
    const csLen = tvb.u16(p);
    add('handshake.cipher_suites_length', p, 2, csLen);
    list16(tvb, tree, node, p + 2, csLen, 'handshake.ciphersuites', 'handshake.ciphersuite', 'Cipher Suites', 'suite', CIPHER_SUITES);
    p += 2 + csLen;
    const cmLen = tvb.u8(p);
    add('handshake.comp_methods_length', p, 1, cmLen);
    const cms = tree.add(
      node,
      f['handshake.comp_methods'],
      tvb,
      p + 1,
      cmLen,
      undefined,
      `Compression Methods (${cmLen} method${cmLen === 1 ? '' : 's'})`,
    );
    for (let i = 0; i < cmLen; i++) tree.add(cms, f['handshake.comp_method'], tvb, p + 1 + i, 1, tvb.u8(p + 1 + i));
    p += 1 + cmLen;
  } else {
    const suite = tvb.u16(p);
    add('handshake.ciphersuite', p, 2, suite, `Cipher Suite: ${nameOf(CIPHER_SUITES, suite)} (${hex(suite, 4)})`);
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

/**
 * Decodes the body of one handshake message (after its 4-byte header) in [at, end); `end`
 * may stop short of the message's length when the segment does. Returns what the session
 * learns from it.
 */
export function dissectHandshakeBody(tvb: Tvb, tree: ProtoTree, node: number, type: number, at: number, end: number): HelloResult {
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
        tree.add(certs, f['handshake.certificate'], tvb, p + 3, have, tvb.view(p + 3, have));
        p += 3 + n;
      }
      return {};
    }
    default:
      return {};
  }
}
