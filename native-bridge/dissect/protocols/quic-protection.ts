import { ecb, gcm } from '@noble/ciphers/aes.js';
import { expand, extract } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';

/**
 * QUIC Initial packet protection (RFC 9001 section 5): the keys derive from the client's first
 * Destination Connection ID and the version's public salt (HKDF-SHA256), the payload is
 * AES-128-GCM, the header protection AES-128-ECB over a 16-byte sample. Pure JS (@noble), so it
 * runs in the renderer as well, synchronously. Nothing here throws on bad bytes: a failed
 * deprotection or tag check returns undefined.
 */

/** Initial salts by version family (RFC 9001 5.2, and the drafts TShark 4.0 still decodes). */
const SALT_V1 = hexBytes('38762cf7f55934b34d179ae6a4c80cadccbb7f0a');
const SALT_DRAFT29 = hexBytes('afbfec289993d24c9e9786f19c6111e04390a899');
const SALT_DRAFT23 = hexBytes('c3eef712c72ebb5a11a7d2432bb46365bef9f502');
const SALT_DRAFT22 = hexBytes('7fbcdb0e7c66bbe9193a96cd21519ebd7a02644a');

/** The bytes a hex string stands for (the salts; connection IDs kept as hex). */
export function hexBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * The draft a version follows (Wireshark's quic_draft_version): IETF drafts, Facebook's mvfst,
 * Google's Q050/T05x, v1 (34), and the 0x?a?a?a?a versions that force version negotiation
 * (read as draft-29, as TShark 4.0 does: their Initial keys use that salt); 0 for versions it
 * does not know.
 */
export function draftVersion(version: number): number {
  const v = version >>> 0;
  if (v >>> 8 === 0xff0000) return v & 0xff;
  if (v === 0xfaceb001) return 22;
  if (v === 0xfaceb002 || v === 0xfaceb00e) return 27;
  if (v === 0x51303530 || v === 0x54303530 || v === 0x54303531) return 27;
  if ((v & 0x0f0f0f0f) === 0x0a0a0a0a) return 29;
  if (v === 1) return 34;
  return 0;
}

function saltOf(version: number): Uint8Array {
  const d = draftVersion(version);
  if (d !== 0 && d <= 22) return SALT_DRAFT22;
  if (d !== 0 && d <= 28) return SALT_DRAFT23;
  if (d !== 0 && d <= 32) return SALT_DRAFT29;
  return SALT_V1;
}

const encoder = new TextEncoder();

/** TLS 1.3's HKDF-Expand-Label with an empty context (RFC 8446 7.1). */
export function expandLabel(secret: Uint8Array, label: string, length: number): Uint8Array {
  const name = encoder.encode(`tls13 ${label}`);
  const info = new Uint8Array(4 + name.length);
  info[0] = length >> 8;
  info[1] = length & 0xff;
  info[2] = name.length;
  info.set(name, 3);
  info[3 + name.length] = 0;
  return expand(sha256, secret, info, length);
}

/** One direction's Initial keys: AEAD key and IV, header protection key. */
export interface InitialKeys {
  readonly key: Uint8Array;
  readonly iv: Uint8Array;
  readonly hp: Uint8Array;
}

/** The client's and the server's Initial keys for a connection whose client chose `dcid`. */
export function initialKeys(dcid: Uint8Array, version: number): { client: InitialKeys; server: InitialKeys } {
  const initial = extract(sha256, dcid, saltOf(version));
  const side = (label: string): InitialKeys => {
    const secret = expandLabel(initial, label, 32);
    return { key: expandLabel(secret, 'quic key', 16), iv: expandLabel(secret, 'quic iv', 12), hp: expandLabel(secret, 'quic hp', 16) };
  };
  return { client: side('client in'), server: side('server in') };
}

/** The 5-byte header protection mask for the 16-byte sample (RFC 9001 5.4.3). */
export function headerMask(hp: Uint8Array, sample: Uint8Array): Uint8Array {
  return ecb(hp, { disablePadding: true }).encrypt(sample).subarray(0, 5);
}

/** What header protection hid: the first byte and the truncated packet number. */
export interface Unprotected {
  firstByte: number;
  pnLength: number;
  /** The packet number as sent (its low `pnLength` bytes). */
  truncatedPn: number;
}

/**
 * Removes header protection from the long-header packet in `packet` whose packet number starts
 * at `pnOffset`; undefined when the packet is too short for the sample.
 */
export function removeHeaderProtection(packet: Uint8Array, pnOffset: number, hp: Uint8Array): Unprotected | undefined {
  if (pnOffset + 4 + 16 > packet.length) return undefined;
  const mask = headerMask(hp, packet.subarray(pnOffset + 4, pnOffset + 20));
  const b0 = packet[0]!;
  const firstByte = b0 & 0x80 ? b0 ^ (mask[0]! & 0x0f) : b0 ^ (mask[0]! & 0x1f);
  const pnLength = (firstByte & 3) + 1;
  let pn = 0;
  for (let i = 0; i < pnLength; i++) pn = pn * 256 + (packet[pnOffset + i]! ^ mask[1 + i]!);
  return { firstByte, pnLength, truncatedPn: pn };
}

/**
 * The full packet number closest to the next one expected after `largest` (RFC 9000 A.3, as
 * Wireshark's quic_pkt_adjust_pkt_num does it).
 */
export function decodePacketNumber(largest: number, truncated: number, bits: number): number {
  const expected = largest + 1;
  const win = 2 ** bits;
  const base = Math.floor(expected / win) * win;
  const a = base + truncated;
  const b = base + win + truncated;
  return Math.abs(a - expected) < Math.abs(b - expected) ? a : b;
}

/**
 * Decrypts the payload of a packet: `header` is the unprotected header through the packet
 * number (the AAD), `ciphertext` the rest of the packet with its 16-byte tag. Undefined when the
 * tag does not verify.
 */
export function openPayload(keys: InitialKeys, pn: number, header: Uint8Array, ciphertext: Uint8Array): Uint8Array | undefined {
  if (ciphertext.length < 16) return undefined;
  const nonce = keys.iv.slice();
  let n = pn;
  for (let i = 11; i >= 4 && n > 0; i--) {
    nonce[i]! ^= n % 256;
    n = Math.floor(n / 256);
  }
  try {
    return gcm(keys.key, nonce, header).decrypt(ciphertext);
  } catch {
    return undefined;
  }
}

/** Retry Integrity keys and nonces (RFC 9001 5.8; drafts 29-32 and 25-28 had their own). */
const RETRY_V1 = [hexBytes('be0c690b9f66575a1d766b54e368c84e'), hexBytes('461599d35d632bf2239825bb')] as const;
const RETRY_DRAFT29 = [hexBytes('ccce187ed09a09d05728155a6cb96be1'), hexBytes('e54930f97f2136f0530a8c1c')] as const;
const RETRY_DRAFT25 = [hexBytes('4d32ecdb2a2133c841e4043df27d4430'), hexBytes('4d1611d05513a552c587d575')] as const;

/**
 * Whether the Retry packet's last 16 bytes are the integrity tag for the client's original DCID
 * `odcid` (RFC 9001 5.8: AES-128-GCM over the pseudo-packet, no plaintext); undefined for a
 * version without a Retry tag.
 */
export function retryTagValid(packet: Uint8Array, odcid: Uint8Array, version: number): boolean | undefined {
  const d = draftVersion(version);
  const keys = d >= 33 ? RETRY_V1 : d >= 29 ? RETRY_DRAFT29 : d >= 25 ? RETRY_DRAFT25 : undefined;
  if (keys === undefined || packet.length < 16) return undefined;
  const body = packet.length - 16;
  const pseudo = new Uint8Array(1 + odcid.length + body);
  pseudo[0] = odcid.length;
  pseudo.set(odcid, 1);
  pseudo.set(packet.subarray(0, body), 1 + odcid.length);
  const tag = gcm(keys[0], keys[1], pseudo).encrypt(new Uint8Array(0));
  for (let i = 0; i < 16; i++) if (tag[i] !== packet[body + i]) return false;
  return true;
}
