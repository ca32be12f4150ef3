import { fieldTable } from '../core/fields.js';

/**
 * The TLS field table and value names, shared by tls.ts (records) and tls-handshake.ts.
 * Abbrevs, types and widths are TShark 4.0's (the display-filter language); names of cipher
 * suites, groups and so on are the IANA registry names Wireshark prints, for the common
 * values (others show as "Unknown").
 */

export const VERSIONS: Readonly<Record<number, string>> = {
  0x0002: 'SSL 2.0', 0x0300: 'SSL 3.0', 0x0301: 'TLS 1.0', 0x0302: 'TLS 1.1', 0x0303: 'TLS 1.2', 0x0304: 'TLS 1.3',
  0x0101: 'GMTLS', 0x0100: 'DTLS 1.0 (OpenSSL pre 0.9.8f)', 0xfeff: 'DTLS 1.0', 0xfefd: 'DTLS 1.2',
};

/** Protocol column names (Wireshark's ssl_version_short_names). */
export const SHORT_VERSIONS: Readonly<Record<number, string>> = {
  0x0002: 'SSLv2', 0x0300: 'SSLv3', 0x0301: 'TLSv1', 0x0302: 'TLSv1.1', 0x0303: 'TLSv1.2', 0x0304: 'TLSv1.3', 0x0101: 'GMTLS',
};

export const CONTENT_TYPES: Readonly<Record<number, string>> = {
  20: 'Change Cipher Spec', 21: 'Alert', 22: 'Handshake', 23: 'Application Data', 24: 'Heartbeat', 25: 'Connection ID',
};

export const HANDSHAKE_TYPES: Readonly<Record<number, string>> = {
  0: 'Hello Request', 1: 'Client Hello', 2: 'Server Hello', 3: 'Hello Verify Request', 4: 'New Session Ticket',
  5: 'End of Early Data', 6: 'Hello Retry Request', 8: 'Encrypted Extensions', 11: 'Certificate', 12: 'Server Key Exchange',
  13: 'Certificate Request', 14: 'Server Hello Done', 15: 'Certificate Verify', 16: 'Client Key Exchange', 20: 'Finished',
  21: 'Client Certificate URL', 22: 'Certificate Status', 23: 'Supplemental Data', 24: 'Key Update', 25: 'Compressed Certificate',
  67: 'Encrypted Extensions',
};

export const ALERT_LEVELS: Readonly<Record<number, string>> = { 1: 'Warning', 2: 'Fatal' };

export const ALERT_DESCRIPTIONS: Readonly<Record<number, string>> = {
  0: 'Close Notify', 1: 'End of Early Data', 10: 'Unexpected Message', 20: 'Bad Record MAC', 21: 'Decryption Failed',
  22: 'Record Overflow', 30: 'Decompression Failure', 40: 'Handshake Failure', 41: 'No Certificate', 42: 'Bad Certificate',
  43: 'Unsupported Certificate', 44: 'Certificate Revoked', 45: 'Certificate Expired', 46: 'Certificate Unknown',
  47: 'Illegal Parameter', 48: 'Unknown CA', 49: 'Access Denied', 50: 'Decode Error', 51: 'Decrypt Error',
  60: 'Export Restriction', 70: 'Protocol Version', 71: 'Insufficient Security', 80: 'Internal Error',
  86: 'Inappropriate Fallback', 90: 'User Canceled', 100: 'No Renegotiation', 109: 'Missing Extension',
  110: 'Unsupported Extension', 111: 'Certificate Unobtainable', 112: 'Unrecognized Name',
  113: 'Bad Certificate Status Response', 114: 'Bad Certificate Hash Value', 115: 'Unknown PSK Identity',
  116: 'Certificate Required', 120: 'No application Protocol', 121: 'ECH Required',
};

export const CIPHER_SUITES: Readonly<Record<number, string>> = {
  0x0004: 'TLS_RSA_WITH_RC4_128_MD5', 0x0005: 'TLS_RSA_WITH_RC4_128_SHA', 0x000a: 'TLS_RSA_WITH_3DES_EDE_CBC_SHA',
  0x002f: 'TLS_RSA_WITH_AES_128_CBC_SHA', 0x0033: 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA',
  0x0035: 'TLS_RSA_WITH_AES_256_CBC_SHA', 0x0039: 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA',
  0x003c: 'TLS_RSA_WITH_AES_128_CBC_SHA256', 0x003d: 'TLS_RSA_WITH_AES_256_CBC_SHA256',
  0x0067: 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA256', 0x006b: 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA256',
  0x009c: 'TLS_RSA_WITH_AES_128_GCM_SHA256', 0x009d: 'TLS_RSA_WITH_AES_256_GCM_SHA384',
  0x009e: 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256', 0x009f: 'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384',
  0x00ff: 'TLS_EMPTY_RENEGOTIATION_INFO_SCSV', 0x1301: 'TLS_AES_128_GCM_SHA256', 0x1302: 'TLS_AES_256_GCM_SHA384',
  0x1303: 'TLS_CHACHA20_POLY1305_SHA256', 0x5600: 'TLS_FALLBACK_SCSV',
  0xc008: 'TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA', 0xc009: 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA',
  0xc00a: 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA', 0xc012: 'TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA',
  0xc013: 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 0xc014: 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
  0xc023: 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256', 0xc024: 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384',
  0xc027: 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256', 0xc028: 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384',
  0xc02b: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 0xc02c: 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  0xc02f: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 0xc030: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  0xcc13: 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', 0xcc14: 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  0xcc15: 'TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256', 0xcca8: 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
  0xcca9: 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', 0xccaa: 'TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
};

export const EXTENSION_TYPES: Readonly<Record<number, string>> = {
  0: 'server_name', 1: 'max_fragment_length', 2: 'client_certificate_url', 3: 'trusted_ca_keys', 4: 'truncated_hmac',
  5: 'status_request', 6: 'user_mapping', 7: 'client_authz', 8: 'server_authz', 9: 'cert_type', 10: 'supported_groups',
  11: 'ec_point_formats', 12: 'srp', 13: 'signature_algorithms', 14: 'use_srtp', 15: 'heartbeat',
  16: 'application_layer_protocol_negotiation', 17: 'status_request_v2', 18: 'signed_certificate_timestamp',
  19: 'client_certificate_type', 20: 'server_certificate_type', 21: 'padding', 22: 'encrypt_then_mac',
  23: 'extended_master_secret', 24: 'token_binding', 25: 'cached_info', 27: 'compress_certificate',
  28: 'record_size_limit', 34: 'delegated_credentials', 35: 'session_ticket', 40: 'Reserved (key_share)',
  41: 'pre_shared_key', 42: 'early_data', 43: 'supported_versions', 44: 'cookie', 45: 'psk_key_exchange_modes',
  46: 'Reserved (ticket_early_data_info)', 47: 'certificate_authorities', 48: 'oid_filters', 49: 'post_handshake_auth',
  50: 'signature_algorithms_cert', 51: 'key_share', 52: 'transparency_info', 53: 'connection_id (deprecated)',
  54: 'connection_id', 55: 'external_id_hash', 56: 'external_session_id', 57: 'quic_transport_parameters',
  58: 'ticket_request', 59: 'dnssec_chain', 13172: 'next_protocol_negotiation', 17513: 'application_settings',
  30031: 'channel_id_old', 30032: 'channel_id', 65281: 'renegotiation_info',
  65445: 'quic_transport_parameters (drafts version)', 65486: 'encrypted_server_name',
};

export const GROUPS: Readonly<Record<number, string>> = {
  0x17: 'secp256r1', 0x18: 'secp384r1', 0x19: 'secp521r1', 0x1d: 'x25519', 0x1e: 'x448', 0x16: 'secp256k1',
  0x1a: 'brainpoolP256r1', 0x1b: 'brainpoolP384r1', 0x1c: 'brainpoolP512r1', 0x100: 'ffdhe2048', 0x101: 'ffdhe3072',
  0x102: 'ffdhe4096', 0x103: 'ffdhe6144', 0x104: 'ffdhe8192',
};

export const SIGNATURE_ALGORITHMS: Readonly<Record<number, string>> = {
  0x201: 'rsa_pkcs1_sha1', 0x203: 'ecdsa_sha1', 0x401: 'rsa_pkcs1_sha256', 0x403: 'ecdsa_secp256r1_sha256',
  0x501: 'rsa_pkcs1_sha384', 0x503: 'ecdsa_secp384r1_sha384', 0x601: 'rsa_pkcs1_sha512', 0x603: 'ecdsa_secp521r1_sha512',
  0x804: 'rsa_pss_rsae_sha256', 0x805: 'rsa_pss_rsae_sha384', 0x806: 'rsa_pss_rsae_sha512', 0x807: 'ed25519',
  0x808: 'ed448', 0x809: 'rsa_pss_pss_sha256', 0x80a: 'rsa_pss_pss_sha384', 0x80b: 'rsa_pss_pss_sha512',
};

/** GREASE values (RFC 8701): 0x?a?a with both bytes equal. */
export function isGrease(v: number): boolean {
  return (v & 0x0f0f) === 0x0a0a && v >> 8 === (v & 0xff);
}

/** `name (0x1301)`-style lookup with GREASE and Unknown, as Wireshark prints list items. */
export function nameOf(table: Readonly<Record<number, string>>, v: number): string {
  return table[v] ?? (isGrease(v) ? 'Reserved (GREASE)' : 'Unknown');
}

const hex16 = { type: 'uint', base: 'hex', bits: 16 } as const;
const dec8 = { type: 'uint', bits: 8 } as const;
const dec16 = { type: 'uint', bits: 16 } as const;
const dec24 = { type: 'uint', bits: 24 } as const;

export const TLS = fieldTable.register('tls', 'Transport Layer Security', [
  { abbrev: 'tls.record', name: 'Record Layer', type: 'none' },
  { abbrev: 'tls.record.content_type', name: 'Content Type', ...dec8, strings: CONTENT_TYPES },
  { abbrev: 'tls.record.opaque_type', name: 'Opaque Type', ...dec8, strings: CONTENT_TYPES },
  { abbrev: 'tls.record.version', name: 'Version', ...hex16, strings: VERSIONS },
  { abbrev: 'tls.record.length', name: 'Length', ...dec16 },
  { abbrev: 'tls.app_data', name: 'Encrypted Application Data', type: 'bytes' },
  { abbrev: 'tls.change_cipher_spec', name: 'Change Cipher Spec Message', type: 'none' },
  { abbrev: 'tls.alert_message', name: 'Alert Message', type: 'none' },
  { abbrev: 'tls.alert_message.level', name: 'Level', ...dec8, strings: ALERT_LEVELS },
  { abbrev: 'tls.alert_message.desc', name: 'Description', ...dec8, strings: ALERT_DESCRIPTIONS },
  { abbrev: 'tls.ignored_unknown_record', name: 'Ignored Unknown Record', type: 'none' },
  { abbrev: 'tls.handshake', name: 'Handshake Protocol', type: 'none' },
  { abbrev: 'tls.handshake.type', name: 'Handshake Type', ...dec8, strings: HANDSHAKE_TYPES },
  { abbrev: 'tls.handshake.length', name: 'Length', ...dec24 },
  { abbrev: 'tls.handshake.version', name: 'Version', ...hex16, strings: VERSIONS },
  { abbrev: 'tls.handshake.random', name: 'Random', type: 'bytes' },
  { abbrev: 'tls.handshake.session_id_length', name: 'Session ID Length', ...dec16 },
  { abbrev: 'tls.handshake.session_id', name: 'Session ID', type: 'bytes' },
  { abbrev: 'tls.handshake.cipher_suites_length', name: 'Cipher Suites Length', ...dec16 },
  { abbrev: 'tls.handshake.ciphersuites', name: 'Cipher Suites', type: 'none' },
  { abbrev: 'tls.handshake.ciphersuite', name: 'Cipher Suite', ...hex16, strings: CIPHER_SUITES },
  { abbrev: 'tls.handshake.comp_methods_length', name: 'Compression Methods Length', ...dec8 },
  { abbrev: 'tls.handshake.comp_methods', name: 'Compression Methods', type: 'none' },
  { abbrev: 'tls.handshake.comp_method', name: 'Compression Method', ...dec8, strings: { 0: 'null', 1: 'DEFLATE', 64: 'LZS' } },
  { abbrev: 'tls.handshake.extensions_length', name: 'Extensions Length', ...dec16 },
  { abbrev: 'tls.handshake.extension.type', name: 'Type', ...dec16, strings: EXTENSION_TYPES },
  { abbrev: 'tls.handshake.extension.len', name: 'Length', ...dec16 },
  { abbrev: 'tls.handshake.extension.data', name: 'Data', type: 'bytes' },
  { abbrev: 'tls.handshake.extensions_server_name_list_len', name: 'Server Name list length', ...dec16 },
  { abbrev: 'tls.handshake.extensions_server_name_type', name: 'Server Name Type', ...dec8, strings: { 0: 'host_name' } },
  { abbrev: 'tls.handshake.extensions_server_name_len', name: 'Server Name length', ...dec16 },
  { abbrev: 'tls.handshake.extensions_server_name', name: 'Server Name', type: 'string' },
  { abbrev: 'tls.handshake.extensions_alpn_len', name: 'ALPN Extension Length', ...dec16 },
  { abbrev: 'tls.handshake.extensions_alpn_str_len', name: 'ALPN string length', ...dec8 },
  { abbrev: 'tls.handshake.extensions_alpn_str', name: 'ALPN Next Protocol', type: 'string' },
  { abbrev: 'tls.handshake.extensions.supported_versions_len', name: 'Supported Versions length', ...dec8 },
  { abbrev: 'tls.handshake.extensions.supported_version', name: 'Supported Version', ...hex16, strings: VERSIONS },
  { abbrev: 'tls.handshake.extensions_supported_groups_length', name: 'Supported Groups List Length', ...dec16 },
  { abbrev: 'tls.handshake.extensions_supported_groups', name: 'Supported Groups List', type: 'none' },
  { abbrev: 'tls.handshake.extensions_supported_group', name: 'Supported Group', ...hex16, strings: GROUPS },
  { abbrev: 'tls.handshake.extensions_ec_point_formats_length', name: 'EC point formats Length', ...dec8 },
  { abbrev: 'tls.handshake.extensions_ec_point_format', name: 'EC point format', ...dec8, strings: { 0: 'uncompressed', 1: 'ansiX962_compressed_prime', 2: 'ansiX962_compressed_char2' } },
  { abbrev: 'tls.handshake.sig_hash_alg_len', name: 'Signature Hash Algorithms Length', ...dec16 },
  { abbrev: 'tls.handshake.sig_hash_algs', name: 'Signature Algorithms', type: 'none' },
  { abbrev: 'tls.handshake.sig_hash_alg', name: 'Signature Algorithm', ...hex16, strings: SIGNATURE_ALGORITHMS },
  { abbrev: 'tls.handshake.extensions_key_share_client_length', name: 'Client Key Share Length', ...dec16 },
  { abbrev: 'tls.handshake.extensions_key_share_group', name: 'Group', ...dec16, strings: GROUPS },
  { abbrev: 'tls.handshake.extensions_key_share_key_exchange_length', name: 'Key Exchange Length', ...dec16 },
  { abbrev: 'tls.handshake.extensions_key_share_key_exchange', name: 'Key Exchange', type: 'bytes' },
  { abbrev: 'tls.handshake.extensions_reneg_info_len', name: 'Renegotiation info extension length', ...dec8 },
  { abbrev: 'tls.handshake.extensions_reneg_info', name: 'Renegotiation info', type: 'bytes' },
  { abbrev: 'tls.handshake.extensions_padding_data', name: 'Padding Data', type: 'bytes' },
  { abbrev: 'tls.extension.psk_ke_modes_length', name: 'PSK Key Exchange Modes Length', ...dec8 },
  { abbrev: 'tls.extension.psk_ke_mode', name: 'PSK Key Exchange Mode', ...dec8, strings: { 0: 'PSK-only key establishment (psk_ke)', 1: 'PSK with (EC)DHE key establishment (psk_dhe_ke)' } },
  { abbrev: 'tls.handshake.certificates_length', name: 'Certificates Length', ...dec24 },
  { abbrev: 'tls.handshake.certificates', name: 'Certificates', type: 'none' },
  { abbrev: 'tls.handshake.certificate_length', name: 'Certificate Length', ...dec24 },
  { abbrev: 'tls.handshake.certificate', name: 'Certificate', type: 'bytes' },
  { abbrev: 'tls.handshake.session_ticket_lifetime_hint', name: 'Session Ticket Lifetime Hint', type: 'uint', bits: 32 },
  { abbrev: 'tls.handshake.session_ticket_length', name: 'Session Ticket Length', ...dec16 },
  { abbrev: 'tls.handshake.session_ticket', name: 'Session Ticket', type: 'bytes' },
]);
