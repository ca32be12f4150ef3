/**
 * Size limits. A length field is checked against these before anything is allocated for it,
 * so a corrupt or hostile file costs at most one bounded buffer, never "whatever it claims".
 */

/** wiretap's WTAP_MAX_PACKET_SIZE_STANDARD: the largest packet for ordinary link types. */
export const MAX_CAPLEN_STANDARD = 262_144;

/**
 * Largest pcapng block we accept. wiretap allows ~128 MiB (a maximal D-Bus message plus
 * options); we stop at 16 MiB (its earlier limit) to keep a bogus length from pinning a
 * huge buffer. No real link type needs more in one block.
 */
export const MAX_BLOCK_SIZE = 16 * 1024 * 1024;

/** Link types whose packets wiretap lets exceed 256 KiB (D-Bus, USB, EBHSCR); capped at our block limit. */
const LARGE_LINKTYPES = new Map<number, number>([
  [231, MAX_BLOCK_SIZE - 64], // LINKTYPE_DBUS (wiretap: 128 MiB)
  [189, MAX_BLOCK_SIZE - 64], // LINKTYPE_USB_LINUX
  [220, MAX_BLOCK_SIZE - 64], // LINKTYPE_USB_LINUX_MMAPPED
  [249, MAX_BLOCK_SIZE - 64], // LINKTYPE_USBPCAP
  [266, MAX_BLOCK_SIZE - 64], // LINKTYPE_USB_DARWIN
  [279, 8 * 1024 * 1024], //     LINKTYPE_EBHSCR (wiretap: 8 MiB)
]);

/** The largest captured length a record of this link type may claim (wiretap_max_snaplen_for_encap). */
export function maxCaplenFor(linkType: number): number {
  return LARGE_LINKTYPES.get(linkType) ?? MAX_CAPLEN_STANDARD;
}
