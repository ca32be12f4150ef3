/** What the dissectors learn about one packet besides the tree (Wireshark's packet_info). */
import type { PacketMeta } from '../../common/index.js';

export interface Malformed {
  /** Frame offset where decoding stopped. */
  offset: number;
  /** The protocol that was being decoded. */
  protocol: string;
  reason: string;
}

import type { FieldInfo } from './fields.js';
import { ipv4String, macText } from './format.js';
import type { Scratch } from './scratch.js';
import { type DissectSession, type FrameSlot, SESSION_KEY_COUNT } from './session.js';
import type { ProtoTree } from './tree.js';

export type AddressType = 'ether' | 'ipv4' | 'ipv6' | 'none';

/**
 * What an upper layer asks of TCP when a PDU goes on past the bytes it was given
 * (`PacketInfo.desegment`): a number of bytes, or one of these (Wireshark's DESEGMENT_*).
 */
export const DESEGMENT_ONE_MORE_SEGMENT = 0x0fffffff;
/** The PDU ends where the sender closes the connection (an HTTP/1.0 body without a length). */
export const DESEGMENT_UNTIL_FIN = 0x0ffffffe;

/** What `PacketInfo.saveAddresses` keeps. */
export interface SavedAddresses {
  readonly src: string;
  readonly dst: string;
  readonly netType: AddressType;
  readonly netSrc: string | undefined;
  readonly netDst: string | undefined;
  readonly netWordCount: number;
  readonly netWords: Int32Array;
  readonly ptype: 'tcp' | 'udp' | undefined;
  readonly srcPort: number;
  readonly dstPort: number;
}

/** What `PacketInfo` holds as numbers until read (see `#pending`): nothing, MAC addresses, IPv4 addresses. */
const Pending = { NONE: 0, MACS: 1, IPV4: 2 } as const;
type Pending = (typeof Pending)[keyof typeof Pending];

/** Makes an Info text from up to three numbers (see `PacketInfo.setInfoLater`). */
export type InfoFormat = (a: number, b: number, c: number) => string;

export class PacketInfo {
  readonly frame: PacketMeta;
  #src = '';
  #dst = '';
  /**
   * Addresses whose texts are made only when read (most frames' MAC addresses are replaced by
   * IP's, and a one-pass reader may print no address at all): MACS, the link layer's as 48-bit
   * values (`#w0`/`#w1` the source's first two and last four bytes, `#w2`/`#w3` the
   * destination's); IPV4, the network addresses (`#w0`, `#w1`), which the network columns and
   * Source/Destination then show.
   */
  #pending: Pending = Pending.NONE;
  #w0 = 0;
  #w1 = 0;
  #w2 = 0;
  #w3 = 0;
  #protocol = '';
  #info = '';
  /** A text Info ends with unless a layer above replaces it, made only when read (see `setInfoLater`). */
  #later: InfoFormat | undefined;
  #a = 0;
  #b = 0;
  #c = 0;
  /** The protocol stack, link to top, as TShark's frame.protocols names it (`eth:ethertype:ip:tcp`). */
  readonly protocols: string[] = [];
  /** `protocols` joined as frame.protocols prints it (`eth:ethertype:ip:tcp`), once decoding ends. */
  stack = '';
  malformed: Malformed | undefined;
  /** Network address type; the addresses printed are `netSrc` and `netDst` (`192.0.2.1`, `2001:db8::1`). */
  netType: AddressType = 'none';
  #netSrc: string | undefined;
  #netDst: string | undefined;
  /**
   * The network addresses as 32-bit words, what conversation keys are made of: the source's at
   * 0, the destination's at 4, `netWordCount` words each (IPv4 1, IPv6 4; 0: not IP). The
   * session's array, rewritten by each frame's IP layer.
   */
  readonly netWords: Int32Array;
  netWordCount = 0;
  /** Transport ports. */
  ptype: 'tcp' | 'udp' | undefined;
  srcPort = 0;
  dstPort = 0;
  /**
   * Whether the layer being handed a TCP payload may ask for more bytes (TCP sets it around each
   * call; Wireshark's can_desegment). See `desegment`.
   */
  canDesegment = false;
  /** Set by `desegment`: where in its bytes the unfinished PDU starts, and how many more bytes it needs (0: none asked). */
  desegmentOffset = 0;
  desegmentLen = 0;
  /** Set by TCP while it hands up bytes its sender closed the direction after (a FIN): nothing more will come. */
  closing = false;
  /** Set by `desegment`: whether the layer stays on the stack when it consumed nothing (see `desegment`). */
  desegmentKeeps = false;
  /**
   * Scratch space between layers (IP hands TCP/UDP its pseudo-header, TCP hands HTTP its stream),
   * for the time the frame is being dissected: the session's one scratch, emptied on first use.
   */
  get data(): Scratch {
    this.#data ??= this.session.freshScratch();
    return this.#data;
  }

  #data: Scratch | undefined;

  /** `data.get(key)` without taking the scratch when no layer has put anything in it (the common case). */
  peek(key: string): unknown {
    return this.#data?.get(key);
  }

  /**
   * Set while decoding a packet quoted by an error report (an ICMP error's datagram): Wireshark's
   * pinfo->flags.in_error_pkt. The decoder that sets it restores it when it returns, not when a
   * read past the capture ends the frame inside it: then it is still set when the frame ends,
   * and TShark's frame-level statistics skip the frame (see `PacketFacts.errorPacket`).
   */
  inErrorPacket = false;
  /** IP layers and IPv6 extension headers entered so far (bounded: ip-common's enterIpLayer). */
  ipDepth = 0;
  /** The TTL of the outermost IPv4 header outside an ICMP error (ICMP's check of a time-exceeded reply); -1 none. */
  ipTtl = -1;

  /** Cross-packet state of the capture this frame belongs to. */
  readonly session: DissectSession;
  /**
   * Whether the session dissected this frame before (Wireshark's PINFO_FD_VISITED): then
   * protocols read their decisions back (`frameData`) and leave the session's state alone.
   */
  readonly visited: boolean;
  /** On a revisit: how many entries of each key this dissection has read so far. */
  #reads: Uint16Array | undefined;

  constructor(frame: PacketMeta, session: DissectSession) {
    this.frame = frame;
    this.session = session;
    this.netWords = session.netWords;
    this.visited = session.enter(frame.number);
  }

  /** The Source column, as Wireshark's packet list shows it. */
  get src(): string {
    if (this.#pending !== Pending.NONE) this.#addressTexts();
    return this.#src;
  }

  set src(text: string) {
    if (this.#pending !== Pending.NONE) this.#addressTexts();
    this.#src = text;
  }

  /** The Destination column. */
  get dst(): string {
    if (this.#pending !== Pending.NONE) this.#addressTexts();
    return this.#dst;
  }

  set dst(text: string) {
    if (this.#pending !== Pending.NONE) this.#addressTexts();
    this.#dst = text;
  }

  /** The network layer's source address, printed (undefined: no network layer). */
  get netSrc(): string | undefined {
    if (this.#pending === Pending.IPV4) this.#addressTexts();
    return this.#netSrc;
  }

  /** The network layer's destination address, printed. */
  get netDst(): string | undefined {
    if (this.#pending === Pending.IPV4) this.#addressTexts();
    return this.#netDst;
  }

  /**
   * Sets Source and Destination to MAC addresses given as 48-bit values (`hi`: the first two
   * bytes, `lo`: the last four), printed only if something reads them.
   */
  setMacs(srcHi: number, srcLo: number, dstHi: number, dstLo: number): void {
    if (this.#pending === Pending.IPV4) this.#addressTexts(); // the network columns keep their addresses
    this.#pending = Pending.MACS;
    this.#w0 = srcHi;
    this.#w1 = srcLo;
    this.#w2 = dstHi;
    this.#w3 = dstLo;
  }

  /**
   * Sets the network addresses and the Source/Destination columns to IPv4 addresses (32-bit
   * values), printed only if something reads them; the caller wrote them into `netWords`.
   */
  setNetIpv4(src: number, dst: number): void {
    this.netType = 'ipv4';
    this.netWordCount = 1;
    this.#pending = Pending.IPV4;
    this.#w0 = src;
    this.#w1 = dst;
  }

  #addressTexts(): void {
    if (this.#pending === Pending.MACS) {
      this.#src = macText(this.#w0, this.#w1);
      this.#dst = macText(this.#w2, this.#w3);
    } else if (this.#pending === Pending.IPV4) {
      this.#src = this.#netSrc = ipv4String(this.#w0);
      this.#dst = this.#netDst = ipv4String(this.#w1);
    }
    this.#pending = Pending.NONE;
  }

  /** The Info column. */
  get info(): string {
    if (this.#later !== undefined) {
      this.#info += this.#later(this.#a, this.#b, this.#c);
      this.#later = undefined;
    }
    return this.#info;
  }

  set info(text: string) {
    this.#later = undefined;
    this.#info = text;
  }

  /**
   * What a protocol decided for this frame from the session's state (Wireshark's per-frame
   * proto data). The first time the frame is dissected, runs `compute` (which may update the
   * state) and records its result; on a revisit, returns the recorded result without running
   * it. A frame may ask several times under one slot: the n-th call gets the n-th result.
   * `compute` must not read the packet (a read past the end would throw before the result is
   * recorded): read first, decide in `compute`.
   */
  frameData<T>(slot: FrameSlot<T>, compute: () => T): T {
    if (!this.visited) {
      const value = compute();
      this.session.record(slot, this.frame.number, value);
      return value;
    }
    this.#reads ??= new Uint16Array(SESSION_KEY_COUNT);
    const ordinal = this.#reads[slot.id]!++;
    const value = this.session.recorded(slot, this.frame.number, ordinal);
    if (value === undefined)
      throw new Error(
        this.session.revisits
          ? `frame ${this.frame.number} has no ${slot.key} decision #${ordinal + 1} from its first dissection on this session`
          : `frame ${this.frame.number} comes again on a session made for one pass (revisits: false)`,
      );
    return value;
  }

  /**
   * Whether this frame updates state that only `fields` show, never a column (UDP's stream
   * numbers, DNS's request-response links): always on a session that revisits (any frame's
   * detail may be asked for later); on a one-pass session only when its tree keeps one of them.
   * A pass for the summary columns then skips tables that grow with every conversation
   * (`DissectSession.checkTree` holds such a session's frames to one tree's fields).
   */
  tracks(tree: ProtoTree, fields: readonly FieldInfo[]): boolean {
    if (this.session.revisits) return true;
    for (let i = 0; i < fields.length; i++) if (tree.wants(fields[i]!)) return true;
    return false;
  }

  /**
   * Asks TCP for more bytes (Wireshark's pinfo->desegment_offset/len): the PDU that starts at
   * `offset` of the bytes this layer was given needs `more` bytes beyond them (a count, or
   * DESEGMENT_ONE_MORE_SEGMENT / DESEGMENT_UNTIL_FIN). TCP then collects the following segments
   * and calls the layer again, on the frame that completes the PDU, with the reassembled bytes.
   * Returns false (nothing asked) where reassembly is not possible (not over TCP, a quoted
   * segment, a segment TCP does not reassemble): the layer then shows what it has.
   *
   * A layer that asks at offset 0 has consumed nothing: TCP takes it off the stack and the tree
   * (Wireshark removes a dissector that returns 0, as HTTP's does), unless `keepLayer` (TLS's
   * returns the bytes it was given, so TShark keeps `tls` on such a frame).
   */
  desegment(offset: number, more: number, keepLayer = false): boolean {
    if (!this.canDesegment || more <= 0) return false;
    this.desegmentOffset = offset;
    this.desegmentLen = more;
    this.desegmentKeeps = keepLayer;
    return true;
  }

  /**
   * `frameData` for a decision that is usually `none` (the same object every time): the first
   * pass records only the others, so the common case costs the log nothing; a revisit that
   * finds no record for this call takes it as `none`. Only a frame's last call under `slot` may
   * be `none` (a later call would read the record of the one after it).
   */
  frameDataOr<T>(slot: FrameSlot<T>, compute: () => T, none: T): T {
    if (!this.visited) {
      const value = compute();
      if (value !== none) this.session.record(slot, this.frame.number, value);
      return value;
    }
    this.#reads ??= new Uint16Array(SESSION_KEY_COUNT);
    const ordinal = this.#reads[slot.id]!++;
    if (!this.session.revisits) return this.frameData(slot, compute);
    return this.session.recorded(slot, this.frame.number, ordinal) ?? none;
  }

  /** Length of the Info column's fenced start (TCP's analysis notes), which setInfo keeps. */
  #fence = 0;
  /** Length of the Info column setInfo keeps besides the fence: what layers wrote before `fenceInfo`. */
  #kept = 0;

  /**
   * False while a decoder has the columns read-only (Wireshark's col_set_writable(-1, FALSE)):
   * writes to the Protocol and Info columns are dropped, the "[Packet size limited…]" or
   * "[Malformed Packet]" of an exception shown meanwhile included. What they said stays; nothing
   * is put back later. A decoder that locks them for the layers it calls and returns sets the
   * value it found back; one that breaks off leaves them locked for the rest of the frame, as
   * Wireshark's do (OpenFlow's PACKET_IN). The Source and Destination columns come from the
   * addresses when decoding ends (`saveAddresses` keeps those).
   */
  columnsWritable = true;

  /** The Protocol column (`TCP`, `OpenFlow`): writes are dropped while the columns are read-only. */
  get protocol(): string {
    return this.#protocol;
  }

  set protocol(name: string) {
    if (this.columnsWritable) this.#protocol = name;
  }

  /**
   * True while the layer above dissects the first fragment of a datagram not reassembled
   * (Wireshark's pinfo->fragmented): a read past the fragment's reported end is then the
   * datagram's missing rest, "[BoundError Unreassembled Packet]", not a malformed packet.
   */
  fragmented = false;

  /** Replaces the Info column (after its fenced start, if any). */
  setInfo(text: string): void {
    if (!this.columnsWritable) return;
    const keep = Math.max(this.#fence, this.#kept);
    this.info = keep === 0 ? text : this.info.slice(0, keep) + text;
  }

  /**
   * `setInfo(format(a, b, c))`, with the text made only if it is read: for a layer whose Info
   * the layers above replace on most frames (UDP's ports under DNS). Appending to the column,
   * or reading it, makes the text first.
   */
  setInfoLater(format: InfoFormat, a: number, b: number, c: number): void {
    if (!this.columnsWritable) return;
    if (Math.max(this.#fence, this.#kept) !== 0) {
      this.setInfo(format(a, b, c));
      return;
    }
    this.#info = '';
    this.#later = format;
    this.#a = a;
    this.#b = b;
    this.#c = c;
  }

  /**
   * Keeps the Info column as it is from later `setInfo` calls, which then only add to it
   * (Wireshark's col_set_fence: TCP sets it after a reassembled PDU that more data follows, so
   * the next PDU's text comes after the first's: `Type: OFPT_FLOW_MODType: OFPT_STATS_REQUEST`).
   * Unlike `prependInfoFenced` it does not change where `appendInfo` puts its separator.
   */
  fenceInfo(): void {
    this.#kept = this.info.length;
  }

  /**
   * Puts `text` before the Info column and behind a fence: protocols above replacing the column
   * keep it (Wireshark's col_prepend_fence_fstr: `[TCP Window Full] HTTP/1.1 200 OK`).
   */
  prependInfoFenced(text: string): void {
    if (!this.columnsWritable) return;
    this.info = text + this.info;
    this.#fence += text.length;
  }

  /** Appends to the Info column, separated by a space (or `sep`). */
  appendInfo(text: string, sep = ' '): void {
    if (!this.columnsWritable) return;
    this.info = this.info.length <= this.#fence ? this.info + text : `${this.info}${sep}${text}`;
  }

  /**
   * The addresses and ports, to put back with `restoreAddresses` after decoding a packet that
   * travels inside this one (an ICMP error's quote, an OpenFlow PACKET_IN): its layers set
   * their own for the layers above them.
   */
  saveAddresses(): SavedAddresses {
    const { src, dst, netType, netSrc, netDst, netWordCount, ptype, srcPort, dstPort } = this;
    // (Such packets are rare: a copy of the words is fine.)
    return { src, dst, netType, netSrc, netDst, netWordCount, netWords: this.netWords.slice(), ptype, srcPort, dstPort };
  }

  restoreAddresses(s: SavedAddresses): void {
    this.#pending = Pending.NONE;
    this.#src = s.src;
    this.#dst = s.dst;
    this.netType = s.netType;
    this.#netSrc = s.netSrc;
    this.#netDst = s.netDst;
    this.netWordCount = s.netWordCount;
    this.netWords.set(s.netWords);
    this.ptype = s.ptype;
    this.srcPort = s.srcPort;
    this.dstPort = s.dstPort;
  }

  /**
   * Sets the network addresses and the Source/Destination columns; `words`: how many words of
   * each address the caller wrote into `netWords` (IP's; 0 for others).
   */
  setNet(type: AddressType, src: string, dst: string, words = 0): void {
    this.netType = type;
    this.#netSrc = src;
    this.#netDst = dst;
    this.netWordCount = words;
    this.#pending = Pending.NONE;
    this.#src = src;
    this.#dst = dst;
  }
}
