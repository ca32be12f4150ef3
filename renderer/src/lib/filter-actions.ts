/**
 * Wireshark's "Apply as Filter" / "Prepare as Filter" variants: the field's filter alone, its
 * negation, or joined to the filter in the box with and/or. The texts are Wireshark's
 * (`!(F)`, `(current) && (F)`, `(current) || !(F)`); with an empty box the joined variants are
 * the field's filter (or its negation) alone.
 */
export const FILTER_HOWS = [
  { how: 'selected', label: 'Selected' },
  { how: 'notSelected', label: 'Not Selected' },
  { how: 'and', label: '…and Selected' },
  { how: 'or', label: '…or Selected' },
  { how: 'andNot', label: '…and not Selected' },
  { how: 'orNot', label: '…or not Selected' },
] as const;

export type FilterHow = (typeof FILTER_HOWS)[number]['how'];

export function combineFilter(current: string, field: string, how: FilterHow): string {
  const cur = current.trim();
  const not = `!(${field})`;
  switch (how) {
    case 'selected':
      return field;
    case 'notSelected':
      return not;
    case 'and':
      return cur === '' ? field : `(${cur}) && (${field})`;
    case 'or':
      return cur === '' ? field : `(${cur}) || (${field})`;
    case 'andNot':
      return cur === '' ? not : `(${cur}) && ${not}`;
    case 'orNot':
      return cur === '' ? not : `(${cur}) || ${not}`;
  }
}

/** Bytes as Wireshark's "Copy ▸ …as Hex Stream": two lower-case hex digits a byte, nothing between (`45000054`). */
export function hexStream(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** A row as Wireshark's "Copy ▸ Summary as Text": the list's columns, tab-separated. */
export function summaryText(columns: readonly (string | number)[]): string {
  return columns.join('\t');
}
