/** libpcap (through `cap`) captures at most this many bytes of a frame. */
export const MAX_SNAPLEN = 65535;

const LINKTYPE_ETHERNET = 1;
const LINKTYPE_RAW = 101;
const LINKTYPE_LINUX_SLL = 113;

/**
 * The frame's length on the wire. `cap` reports only the bytes captured; a frame cut at the
 * snap length (loopback frames reach 65549 bytes: 14 + a 65535-byte IP packet) gets its true
 * length from its IPv4 total length or IPv6 payload length, so length and truncation show
 * truthfully. Anything else (or a header that says less than we have) keeps the captured length.
 */
export function wireLength(linkType: number, bytes: Uint8Array, captured: number, cut: boolean): number {
  if (!cut) return captured;
  let l3: number;
  let type: number;
  if (linkType === LINKTYPE_ETHERNET) {
    if (bytes.length < 14) return captured;
    l3 = 14;
    type = (bytes[12]! << 8) | bytes[13]!;
    while ((type === 0x8100 || type === 0x88a8) && bytes.length >= l3 + 4) {
      type = (bytes[l3 + 2]! << 8) | bytes[l3 + 3]!;
      l3 += 4;
    }
  } else if (linkType === LINKTYPE_LINUX_SLL) {
    if (bytes.length < 16) return captured;
    l3 = 16;
    type = (bytes[14]! << 8) | bytes[15]!;
  } else if (linkType === LINKTYPE_RAW) {
    l3 = 0;
    type = bytes.length > 0 && bytes[0]! >> 4 === 6 ? 0x86dd : 0x0800;
  } else {
    return captured;
  }
  let ipLen = 0;
  if (type === 0x0800 && bytes.length >= l3 + 4 && bytes[l3]! >> 4 === 4) ipLen = (bytes[l3 + 2]! << 8) | bytes[l3 + 3]!;
  else if (type === 0x86dd && bytes.length >= l3 + 6 && bytes[l3]! >> 4 === 6) ipLen = 40 + ((bytes[l3 + 4]! << 8) | bytes[l3 + 5]!);
  return Math.max(captured, l3 + ipLen);
}

/** cap's link-type names to LINKTYPE_ values; "Unknown linktype N" carries the DLT number. */
export function linkTypeOf(name: string): number {
  switch (name) {
    case 'NULL':
      return 0;
    case 'ETHERNET':
      return LINKTYPE_ETHERNET;
    case 'IEEE802_11_RADIO':
      return 127;
    case 'LINKTYPE_LINUX_SLL':
      return LINKTYPE_LINUX_SLL;
    case 'RAW':
      return LINKTYPE_RAW;
    default: {
      const m = /(\d+)/.exec(name);
      return m ? Number(m[1]) : 1;
    }
  }
}
