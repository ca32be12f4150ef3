/**
 * A whole-number setting's range, defined once where the setting lives; every check of it (an
 * API, the CLI) tests `inRange` and words its error with `rangeText`, so the bounds and the
 * message cannot drift apart.
 */
export interface Range {
  readonly min: number;
  readonly max: number;
  /** What the number counts ('bytes', 'MiB'); none for a plain count. */
  readonly unit?: string;
  /** The value used when none is given, if it is fixed. */
  readonly default?: number;
}

export function inRange(r: Range, v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= r.min && v <= r.max;
}

const BINARY = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];

/** A byte count as people say it when it is a whole number of KiB, MiB, ... (64 MiB), else as is. */
function sizeText(n: number, unit: string): string {
  if (unit !== 'bytes') return `${n} ${unit}`;
  let i = 0;
  while (n >= 1024 && n % 1024 === 0 && i < BINARY.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n} ${BINARY[i]}`;
}

/** "a whole number from 1 to 65535 bytes", with ", the default is 64 MiB" when there is one. */
export function rangeText(r: Range): string {
  const bounds = `a whole number from ${r.min} to ${r.max}${r.unit === undefined ? '' : ` ${r.unit}`}`;
  if (r.default === undefined) return bounds;
  return `${bounds}, the default is ${r.unit === undefined ? r.default : sizeText(r.default, r.unit)}`;
}
