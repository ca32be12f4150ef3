import type { FieldInfo } from './fields.js';
import type { Tvb } from './tvb.js';

/**
 * A packet's detail tree, flat: node i has a field, a byte range in the frame, a parent (-1
 * for the root) and a value. Flat arrays keep a dissection cheap to build and to scan (the
 * filter engine looks fields up by id), and the byte ranges link tree and hex view.
 */
export class ProtoTree {
  readonly fields: FieldInfo[] = [];
  readonly starts: number[] = [];
  readonly lengths: number[] = [];
  readonly parents: number[] = [];
  readonly values: unknown[] = [];
  /** Display text overriding the default `Name: value` rendering (Wireshark's proto_item_set_text). */
  readonly texts: (string | undefined)[] = [];

  get size(): number {
    return this.fields.length;
  }

  /** Adds a node for `field` at `offset`/`length` of `tvb` (frame-relative range), under `parent`. */
  add(parent: number, field: FieldInfo, tvb: Tvb, offset: number, length: number, value?: unknown, text?: string): number {
    const i = this.fields.length;
    this.fields.push(field);
    this.starts.push(tvb.base + offset);
    this.lengths.push(Math.max(0, length));
    this.parents.push(parent);
    this.values.push(value);
    this.texts.push(text);
    return i;
  }

  /** Sets a node's length once it is known (a protocol whose header length is read later). */
  setLength(node: number, length: number): void {
    this.lengths[node] = Math.max(0, length);
  }

  setText(node: number, text: string): void {
    this.texts[node] = text;
  }

  /** Indices of the nodes carrying `field`, in tree order. */
  find(field: FieldInfo): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.fields.length; i++) if (this.fields[i] === field) out.push(i);
    return out;
  }

  /** The first value of a field, or undefined. */
  first(field: FieldInfo): unknown {
    const i = this.fields.indexOf(field);
    return i < 0 ? undefined : this.values[i];
  }

  children(node: number): number[] {
    const out: number[] = [];
    for (let i = node + 1; i < this.fields.length; i++) if (this.parents[i] === node) out.push(i);
    return out;
  }
}
