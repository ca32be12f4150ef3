import { formatEpoch, formatLocalTime, formatSpan, formatUtcTime } from '../../common/index.js';
import { expertByField } from './expert-info.js';
import type { FieldInfo } from './fields.js';
import { etherString, ipv4String, ipv6String } from './format.js';
import type { ProtoTree } from './tree.js';

function hexBytes(b: Uint8Array, sep: string): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += (i && sep ? sep : '') + b[i]!.toString(16).padStart(2, '0');
  return s;
}

/**
 * A field value as `tshark -T fields -e` prints it: integers in decimal (hex fields as
 * 0x%0Nx with the field's width), booleans 1/0, addresses in their usual text, bytes as
 * plain hex, times as `sec.nsec`.
 */
export function fieldValueText(field: FieldInfo, value: unknown): string {
  switch (field.type) {
    case 'uint':
    case 'int':
    case 'framenum':
      if (typeof value !== 'number' && typeof value !== 'bigint') return '';
      if (field.base === 'hex' || field.base === 'hex-dec')
        return `0x${value.toString(16).padStart(Math.ceil((field.bits ?? 8) / 4), '0')}`;
      return String(value);
    case 'bool':
      return value ? '1' : '0';
    case 'double':
      return typeof value === 'number' && field.decimals !== undefined ? value.toFixed(field.decimals) : String(value);
    case 'string':
      return String(value ?? '');
    case 'ipv4':
      return typeof value === 'number' ? ipv4String(value) : '';
    case 'ipv6':
      return value instanceof Uint8Array ? ipv6String(value) : '';
    case 'ether':
      return value instanceof Uint8Array ? etherString(value) : '';
    case 'bytes':
      return value instanceof Uint8Array ? hexBytes(value, '') : '';
    case 'time': {
      if (!Array.isArray(value)) return '';
      const [sec, nsec] = value as [number, number];
      if (field.timeFormat === 'utc' || field.timeFormat === 'ntp') return formatUtcTime(sec, nsec, field.timeFormat === 'ntp');
      return field.timeFormat === 'local'
        ? formatLocalTime(sec, nsec)
        : field.timeFormat === 'relative'
          ? formatSpan(sec, nsec)
          : formatEpoch(sec, nsec);
    }
    case 'protocol':
    case 'none':
      return '';
  }
}

/**
 * A valueless field as TShark's `-e` prints it: the bytes it spans in hex, or `1` (present)
 * when it spans none or is an expert item.
 */
function noneText(tree: ProtoTree, i: number): string {
  const length = tree.lengths[i]!;
  // An expert item spans its field's bytes here, none in TShark.
  if (length === 0 || expertByField(tree.fields[i]!.id) !== undefined) return '1';
  const source = tree.sources[i]!;
  const bytes = source === 0 ? tree.bytes : tree.extraSources[source - 1]?.bytes;
  return bytes === undefined ? '1' : hexBytes(bytes.subarray(tree.starts[i]!, tree.starts[i]! + length), '');
}

/** Every occurrence of `field` in the tree, comma-separated (TShark's `-E occurrence=a`). */
export function fieldText(tree: ProtoTree, field: FieldInfo): string {
  let out = '';
  let first = true;
  for (let i = 0; i < tree.size; i++) {
    if (tree.fields[i] !== field) continue;
    const text =
      field.type === 'protocol' ? field.abbrev : field.type === 'none' ? noneText(tree, i) : fieldValueText(field, tree.values[i]);
    out += first ? text : `,${text}`;
    first = false;
  }
  return out;
}

/**
 * A field's bits within its word as Wireshark draws them: one character per bit of a
 * `width`-bit word, most significant first, the field's bits as 0/1 and the others as dots, in
 * groups of four (`.... ..1.`, `0100 ....`).
 */
export function bitPattern(mask: number, width: number, raw: number): string {
  let s = '';
  for (let b = width - 1; b >= 0; b--) {
    const bit = 2 ** b;
    s += Math.floor(mask / bit) % 2 === 1 ? (Math.floor(raw / bit) % 2 === 1 ? '1' : '0') : '.';
    if (b > 0 && b % 4 === 0) s += ' ';
  }
  return s;
}

/** The bits of node i's word its field covers, placed under the field's mask (booleans: all of the mask when set). */
function maskedBits(field: FieldInfo, value: unknown): number | undefined {
  const mask = field.mask;
  if (mask === undefined) return undefined;
  if (field.type === 'bool') return value ? mask : 0;
  if (typeof value !== 'number') return undefined;
  let shift = 0;
  while (shift < 32 && Math.floor(mask / 2 ** shift) % 2 === 0) shift++;
  return Math.floor(value / (field.scale ?? 1)) * 2 ** shift;
}

/**
 * The line a detail-tree node shows: its own text, or `Name: value`; a field inside a wider
 * word (a flag, a header length) starts with its bit pattern, as `tshark -V` prints it
 * (`.... ..1. = Syn: Set`).
 */
export function nodeLabel(tree: ProtoTree, i: number): string {
  const field = tree.fields[i]!;
  const label = plainLabel(tree, i, field);
  const raw = maskedBits(field, tree.values[i]);
  return raw === undefined ? label : `${bitPattern(field.mask!, field.maskBits ?? 8, raw)} = ${label}`;
}

function plainLabel(tree: ProtoTree, i: number, field: FieldInfo): string {
  const text = tree.texts[i];
  if (text !== undefined) return text;
  if (field.type === 'bool' && field.mask !== undefined) return `${field.name}: ${tree.values[i] ? 'Set' : 'Not set'}`;
  if (field.type === 'protocol' || field.type === 'none') return field.name;
  const value = tree.values[i];
  let shown =
    field.type === 'bytes' && value instanceof Uint8Array
      ? hexBytes(value.subarray(0, 32), ':') + (value.length > 32 ? '…' : '')
      : fieldValueText(field, value);
  const name = typeof value === 'number' ? field.strings?.[value] : undefined;
  if (name !== undefined) shown = `${name} (${shown})`;
  else if (field.timeFormat === 'relative' || field.timeFormat === 'epoch')
    shown += ' seconds'; // Wireshark's label of a span or epoch time
  else if (field.base === 'hex-dec' && typeof value === 'number') shown += ` (${value})`;
  return field.labelSuffix === undefined ? `${field.name}: ${shown}` : `${field.name}: ${shown}${field.labelSuffix}`;
}
