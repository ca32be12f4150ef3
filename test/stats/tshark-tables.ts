import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES } from '../helpers/corpus.js';

/** TShark 4.0.17's `-q -z` outputs stored by test/fixtures/stats/regenerate.sh. */
export const TSHARK = path.join(FIXTURES, 'stats/tshark');

export function tsharkText(capture: string, view: string): string {
  return readFileSync(path.join(TSHARK, path.basename(capture), `${view}.txt`), 'utf8');
}

export interface PhsNode {
  protocol: string;
  frames: number;
  bytes: number;
  children: PhsNode[];
}

/** `-z io,phs`: the indented tree (two spaces per level). */
export function parsePhs(text: string): PhsNode[] {
  const root: PhsNode = { protocol: '', frames: 0, bytes: 0, children: [] };
  const stack: { depth: number; node: PhsNode }[] = [{ depth: -1, node: root }];
  for (const line of text.split('\n')) {
    const m = /^( *)(\S+)\s+frames:(\d+) bytes:(\d+)$/.exec(line);
    if (m === null) continue;
    const depth = m[1]!.length / 2;
    const node: PhsNode = { protocol: m[2]!, frames: Number(m[3]), bytes: Number(m[4]), children: [] };
    while (stack.at(-1)!.depth >= depth) stack.pop();
    stack.at(-1)!.node.children.push(node);
    stack.push({ depth, node });
  }
  return root.children;
}

export interface ConvLine {
  a: string;
  b: string;
  /** "<-": B to A. */
  framesBToA: number;
  bytesBToA: string;
  /** "->": A to B. */
  framesAToB: number;
  bytesAToB: string;
  frames: number;
  bytes: string;
  relStart: string;
  duration: string;
}

const SIZE = String.raw`(\d+ (?:bytes|[kMGTP]B))`;
const CONV = new RegExp(String.raw`^(\S+)\s+<->\s+(\S+)\s+(\d+) ${SIZE}\s+(\d+) ${SIZE}\s+(\d+) ${SIZE}\s+(-?\d+\.\d+)\s+(-?\d+\.\d+)$`);

/** `-z conv,TYPE` rows, in TShark's order. Byte counts stay as printed ("41 kB"). */
export function parseConv(text: string): ConvLine[] {
  return text.split('\n').flatMap((line) => {
    const m = CONV.exec(line);
    if (m === null) return [];
    return [
      {
        a: m[1]!,
        b: m[2]!,
        framesBToA: Number(m[3]),
        bytesBToA: m[4]!,
        framesAToB: Number(m[5]),
        bytesAToB: m[6]!,
        frames: Number(m[7]),
        bytes: m[8]!,
        relStart: m[9]!,
        duration: m[10]!,
      },
    ];
  });
}

export interface EndpointLine {
  address: string;
  port: number | undefined;
  counts: number[];
}

/** `-z endpoints,TYPE` rows: address, port (TCP/UDP), then six exact counts. */
export function parseEndpoints(text: string, ports: boolean): EndpointLine[] {
  return text.split('\n').flatMap((line) => {
    const cells = line.trim().split(/\s+/);
    if (cells.length !== (ports ? 8 : 7) || !/^\d+$/.test(cells.at(-1)!)) return [];
    const [address, ...rest] = cells;
    const port = ports ? Number(rest.shift()) : undefined;
    return [{ address: address!, port, counts: rest.map(Number) }];
  });
}

export interface IoLine {
  label: string;
  frames: number;
  bytes: number;
}

/** `-z io,stat,N` rows: "| 0.0 <> 0.5 |     48 |  41815 |". */
export function parseIoStat(text: string): { duration: string; rows: IoLine[] } {
  const duration = /Duration:\s*(.*?) secs/.exec(text)?.[1] ?? '';
  const rows = text.split('\n').flatMap((line) => {
    const m = /^\|\s*(.+?<>.+?)\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|$/.exec(line);
    return m === null ? [] : [{ label: m[1]!.replace(/\s+/g, ' '), frames: Number(m[2]), bytes: Number(m[3]) }];
  });
  return { duration, rows };
}
