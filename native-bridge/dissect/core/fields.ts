/**
 * The field table: every protocol registers its fields once (name, filter name, type, a
 * description). The detail tree, the display filters and `-e` output all read this one table,
 * so a field's filter name is its public name everywhere (Wireshark's hf_register_info).
 */
export type FieldType =
  | 'protocol' // presence of a protocol; the node spans its bytes
  | 'none' // a label or subtree without a value
  | 'uint'
  | 'int'
  | 'bool'
  | 'double'
  | 'string'
  | 'bytes'
  | 'ipv4' // value: the address as an unsigned 32-bit number
  | 'ipv6' // value: a 16-byte Uint8Array view
  | 'ether' // value: a 6-byte Uint8Array view
  | 'time' // value: [seconds, nanoseconds]
  | 'framenum';

export interface FieldSpec {
  /** Filter name, e.g. `udp.srcport`. */
  readonly abbrev: string;
  /** Display name, e.g. `Source Port`. */
  readonly name: string;
  readonly type: FieldType;
  /** How an integer is shown: `hex-dec` is hex with the decimal after it in the tree (`0x0001 (1)`, Wireshark's BASE_HEX_DEC). */
  readonly base?: 'dec' | 'hex' | 'hex-dec';
  /** Text the tree shows after the value (` [validation disabled]`): a fixed label part, so no node needs its own text for it. */
  readonly labelSuffix?: string;
  /** Width of the integer in bits (8, 16, 24, 32, 64): hex values print with that many digits, as TShark does. */
  readonly bits?: number;
  /**
   * How a time shows: seconds since the epoch (the default; `epoch` also labels it in seconds:
   * frame.time_epoch), the local date and time (`local`: frame.time), the date and time in UTC
   * (`utc`; `ntp` also shows the NTP epoch, a zero timestamp, as NULL: ntp.xmt), or a signed span
   * of seconds (`relative`: frame.time_delta).
   */
  readonly timeFormat?: 'local' | 'relative' | 'epoch' | 'utc' | 'ntp';
  /** Digits after the point a 'double' prints with (TShark's relative times: 9); shortest form if unset. */
  readonly decimals?: number;
  /** Names for integer values (shown as `name (value)`). */
  readonly strings?: Readonly<Record<number, string>>;
  readonly description?: string;
  /**
   * A value the dissector computes rather than reads off the wire (Wireshark's
   * PROTO_ITEM_SET_GENERATED: `tcp.stream`, relative numbers, analysis, expert items): the
   * tree shows it in brackets (`[Stream index: 0]`) and its bytes highlight nothing.
   */
  readonly generated?: boolean;
  /** A field for filters only (Wireshark's PROTO_ITEM_SET_HIDDEN): the tree does not show it. */
  readonly hidden?: boolean;
  /** For a boolean or an integer inside a wider word: the bits it takes (`0x02` for tcp.flags.syn in the 12-bit flags), shown as `.... ..1.`. */
  readonly mask?: number;
  /** The width in bits of the word `mask` applies to (12 for tcp.flags). */
  readonly maskBits?: number;
  /** With `mask`: the value is the field's bits times this (a header length counted in 32-bit words, shown in bytes: 4). */
  readonly scale?: number;
}

export interface FieldInfo extends FieldSpec {
  readonly id: number;
  /** The protocol that registered it (`udp`). */
  readonly protocol: string;
}

/** A field spec of protocol `P`: its filter name starts with the protocol's and a dot (`udp.`). */
export interface ProtocolFieldSpec<P extends string> extends FieldSpec {
  readonly abbrev: `${P}.${string}`;
}

/**
 * The key of field `A` of protocol `P` in `ProtocolFields.f`: the filter name without the
 * protocol's prefix and its dot, whatever dots follow (`srcport` for `udp.srcport`,
 * `'analysis.acks_frame'` for `tcp.analysis.acks_frame`).
 */
export type FieldKey<P extends string, A extends string> = string extends P ? string : A extends `${P}.${infer K}` ? K : never;

/** A protocol's field handles by key: exactly the fields it registered. */
export type FieldHandles<K extends string> = { readonly [Key in K]: FieldInfo };

/**
 * A registered protocol. `K` is the union of its field keys, so `f.srcport` is a FieldInfo and
 * `f.srcprot` does not compile. Code that only needs the protocol node takes `ProtocolFields`
 * (no keys); code that reads some fields names them: `ProtocolFields<'nxt' | 'len'>`.
 */
export interface ProtocolFields<K extends string = never> {
  /** The protocol's own field (type 'protocol', abbrev = the protocol's filter name). */
  readonly proto: FieldInfo;
  /** Its fields by the part after the protocol prefix: `f.srcport` for `udp.srcport`, `f['checksum.status']` for `udp.checksum.status`. */
  readonly f: FieldHandles<K>;
}

export class FieldRegistry {
  readonly #byAbbrev = new Map<string, FieldInfo>();
  readonly #byId: FieldInfo[] = [];
  /** The protocol whose fields a prefix names, where that differs from the protocol (`geonw` → `gnw`). */
  readonly #prefixes = new Map<string, string>();
  /** Protocols added to the tree only when it is read (see `addedOnlyWhenReferenced`). */
  readonly #whenReferenced = new Set<FieldInfo>();

  /**
   * Registers a protocol and its fields. Field abbrevs must start with the protocol's name
   * and a dot (Wireshark's rule), so `udp.port` can only come from UDP: checked here at run
   * time, and by the compiler for spec lists it can see. The result's `f` has one handle per
   * spec, keyed as FieldKey says.
   */
  register<const P extends string, const S extends readonly ProtocolFieldSpec<P>[]>(
    abbrev: P,
    title: string,
    specs: S,
  ): ProtocolFields<FieldKey<P, S[number]['abbrev']>>;
  /**
   * A protocol whose fields TShark names under another prefix (GeoNetworking is `gnw`, its
   * fields `geonw.*`): they must start with `prefix` and a dot, and belong to `abbrev`.
   */
  register<const P extends string, const S extends readonly ProtocolFieldSpec<P>[]>(
    abbrev: string,
    title: string,
    specs: S,
    prefix: P,
  ): ProtocolFields<FieldKey<P, S[number]['abbrev']>>;
  // The object is built key by key, which the compiler cannot follow: this signature is the
  // implementation's only, callers see the ones above.
  register(abbrev: string, title: string, specs: readonly FieldSpec[], prefix: string = abbrev): ProtocolFields<string> {
    if (prefix !== abbrev) {
      if (this.#byAbbrev.has(prefix) || this.#prefixes.has(prefix)) throw new Error(`field prefix ${prefix} is taken`);
      this.#prefixes.set(prefix, abbrev);
    }
    const proto = this.#add({ abbrev, name: title, type: 'protocol' }, abbrev);
    const f: Record<string, FieldInfo> = {};
    for (const spec of specs) {
      if (!spec.abbrev.startsWith(`${prefix}.`)) throw new Error(`field ${spec.abbrev} of protocol ${abbrev} must start with "${prefix}."`);
      f[spec.abbrev.slice(prefix.length + 1)] = this.#add(spec, abbrev);
    }
    return { proto, f };
  }

  /**
   * Adds fields to a protocol registered before (its expert items, registered by
   * `expertTable` next to the fields it already has), named by its field prefix (the protocol's
   * name, or the `prefix` it was registered with). The same prefix rule as `register`.
   */
  extend(prefix: string, specs: readonly FieldSpec[]): FieldInfo[] {
    const protocol = this.#prefixes.get(prefix) ?? prefix;
    if (!this.#byAbbrev.has(protocol)) throw new Error(`protocol ${protocol} is not registered`);
    return specs.map((spec) => {
      if (!spec.abbrev.startsWith(`${prefix}.`))
        throw new Error(`field ${spec.abbrev} of protocol ${protocol} must start with "${prefix}."`);
      return this.#add(spec, protocol);
    });
  }

  /**
   * Registers a field that belongs to no protocol: Wireshark's text-only item (`text`), the
   * label of a subtree such as DNS "Queries" that has no value and no filter name of its own.
   */
  registerStandalone(spec: FieldSpec): FieldInfo {
    return this.#add(spec, '');
  }

  /**
   * Marks a protocol whose Wireshark decoder adds its item only to a tree someone reads: a
   * tree shown (-V, the GUI) or a filter naming it (`if (proto_field_is_referenced(tree,
   * proto_nflog))`). TShark's statistics over a tree nobody reads (`-q -z io,phs`) never see
   * it, though the layers below and above it are there and frame.protocols names it.
   */
  addedOnlyWhenReferenced(p: ProtocolFields): void {
    this.#whenReferenced.add(p.proto);
  }

  /** Whether `field` is a protocol marked by `addedOnlyWhenReferenced`. */
  isAddedOnlyWhenReferenced(field: FieldInfo): boolean {
    return this.#whenReferenced.has(field);
  }

  get(abbrev: string): FieldInfo | undefined {
    return this.#byAbbrev.get(abbrev);
  }

  byId(id: number): FieldInfo {
    return this.#byId[id]!;
  }

  all(): readonly FieldInfo[] {
    return this.#byId;
  }

  #add(spec: FieldSpec, protocol: string): FieldInfo {
    if (this.#byAbbrev.has(spec.abbrev)) throw new Error(`field ${spec.abbrev} is registered twice`);
    const info: FieldInfo = { ...spec, id: this.#byId.length, protocol };
    this.#byAbbrev.set(spec.abbrev, info);
    this.#byId.push(info);
    return info;
  }
}

/** The one field table of the process. */
export const fieldTable = new FieldRegistry();

/** A label-only node (Wireshark's `text` item): give its text with `tree.add(..., undefined, text)`. */
export const textItem: FieldInfo = fieldTable.registerStandalone({ abbrev: 'text', name: 'Text item', type: 'none' });
