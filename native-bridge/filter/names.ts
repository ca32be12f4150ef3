import { fieldTable, type FieldInfo } from '../dissect/index.js';

/** Looks a filter name up in the field table (the one source of filter names). */
export function lookupField(name: string): FieldInfo | undefined {
  return fieldTable.get(name);
}

/** Could `word` be meant as a field name (rather than a number or an address)? */
export function looksLikeName(word: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/.test(word) && !/^[0-9A-Fa-f]{1,2}$/.test(word);
}

/**
 * The registered name closest to `name` (edit distance, transpositions counting one), if it
 * is close enough to be a typo: at most 1 edit for short names, 2 from 6 characters, 3 from 12.
 */
export function suggestField(name: string): string | undefined {
  // A word of one or two letters is one edit from dozens of names (`X` from `rx`): only a case slip is suggested.
  const budget = name.length < 3 ? 0 : name.length < 6 ? 1 : name.length < 12 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = budget + 1;
  for (const f of fieldTable.all()) {
    if (Math.abs(f.abbrev.length - name.length) >= bestDistance) continue;
    const d = distance(name.toLowerCase(), f.abbrev.toLowerCase(), bestDistance);
    // Ties go to the longer common start (eth.typ: eth.type, not eth.len), then the shorter name.
    if (d < bestDistance || (d === bestDistance && best !== undefined && better(name, f.abbrev, best))) {
      best = f.abbrev;
      bestDistance = d;
    }
  }
  return bestDistance <= budget ? best : undefined;
}

function better(name: string, a: string, b: string): boolean {
  const pa = commonPrefix(name, a);
  const pb = commonPrefix(name, b);
  return pa !== pb ? pa > pb : a.length < b.length;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Optimal string alignment distance, giving up (returning limit + 1) once it must exceed `limit`. */
function distance(a: string, b: string, limit: number): number {
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > limit) return limit + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/** A field name the filter box offers as you type. */
export interface FieldCompletion {
  /** The filter name (`tcp.flags.syn`). */
  abbrev: string;
  /** Its display name (`Syn`). */
  name: string;
  /** A protocol, not a field of one. */
  protocol: boolean;
}

/**
 * The filter names that start with `prefix` (case-insensitively), at most `limit`, in name
 * order: protocols and fields of the field table, the names the filters know (Wireshark's
 * filter-box completion). Fields of no protocol (text labels) are not names.
 */
export function completeField(prefix: string, limit = 50): FieldCompletion[] {
  const want = prefix.toLowerCase();
  if (want === '') return [];
  const out: FieldCompletion[] = [];
  for (const f of fieldTable.all()) {
    if (f.protocol === '' && f.type !== 'protocol') continue;
    if (f.abbrev.toLowerCase().startsWith(want)) out.push({ abbrev: f.abbrev, name: f.name, protocol: f.type === 'protocol' });
  }
  out.sort((a, b) => (a.abbrev < b.abbrev ? -1 : a.abbrev > b.abbrev ? 1 : 0));
  return out.slice(0, limit);
}
