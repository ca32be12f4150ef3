/**
 * Find Packet (Wireshark's Edit ▸ Find Packet): what the `find` operation looks for, and the
 * hex-value rule both sides read (the find bar checks as you type, the engine searches).
 */

/** By display filter, by hex bytes (`45 00`, `4500`, `45:00`), or by a string. */
export const FIND_KINDS = ['filter', 'hex', 'string'] as const;
export type FindKind = (typeof FIND_KINDS)[number];

/** Where a string is looked for: the packet's bytes, the list's columns, or the detail tree's lines. */
export const FIND_SCOPES = ['bytes', 'list', 'detail'] as const;
export type FindScope = (typeof FIND_SCOPES)[number];

/**
 * A hex value to find as bytes: pairs of hex digits, blanks, colons, dashes or dots between
 * bytes allowed (`45 00`, `4500`, `45:00`); an error message (what is wrong, and how to write it)
 * otherwise.
 */
export function parseFindHex(text: string): Uint8Array | string {
  const groups = text
    .trim()
    .split(/[\s:.-]+/)
    .filter((g) => g !== '');
  if (groups.length === 0) return 'type the bytes to find in hex, such as 45 00 or 4500';
  for (const g of groups) {
    if (!/^[0-9A-Fa-f]+$/.test(g)) return `"${g}" is not hex: use the digits 0-9 and a-f, such as 45 00`;
    if (g.length % 2 === 1) return `"${g}" has an odd number of hex digits: give each byte two (0${g.slice(-1)}, not ${g.slice(-1)})`;
  }
  const hex = groups.join('');
  return Uint8Array.from({ length: hex.length / 2 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
}
