/** Human-readable numbers for the CLI. */

export function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return i === 0 ? `${n} B` : `${Number.isInteger(n) || n >= 100 ? n.toFixed(0) : n.toFixed(1)} ${units[i]}`;
}

export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(fraction === 1 || fraction === 0 ? 0 : 2)}%`;
}

/** Left-aligns the first column and right-aligns the rest. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}
