import type { PacketMeta } from '../../common/index.js';
import { callData } from './dispatch.js';
import { addExpert, expertTable, protocolShortName } from './expert-info.js';
import { fieldTable } from './fields.js';
import { frameSpans, isMarked, passFrame } from './frame-times.js';
import { PacketInfo } from './packet-info.js';
import { DissectSession } from './session.js';
import { dissectorTable } from './tables.js';
import { ProtoTree } from './tree.js';
import { BoundsError, FragmentError, NestingError, ReportedBoundsError, Tvb } from './tvb.js';

/** The `frame` pseudo-protocol: what the capture file says about the packet. */
export const frameFields = fieldTable.register('frame', 'Frame', [
  { abbrev: 'frame.number', name: 'Frame Number', type: 'framenum' },
  { abbrev: 'frame.time', name: 'Arrival Time', type: 'time', timeFormat: 'local' },
  { abbrev: 'frame.offset_shift', name: 'Time shift for this packet', type: 'time', timeFormat: 'relative', generated: true },
  { abbrev: 'frame.time_epoch', name: 'Epoch Time', type: 'time', timeFormat: 'epoch' },
  {
    abbrev: 'frame.time_delta',
    name: 'Time delta from previous captured frame',
    type: 'time',
    timeFormat: 'relative',
    generated: true,
  },
  {
    abbrev: 'frame.time_delta_displayed',
    name: 'Time delta from previous displayed frame',
    type: 'time',
    timeFormat: 'relative',
    generated: true,
  },
  { abbrev: 'frame.time_relative', name: 'Time since reference or first frame', type: 'time', timeFormat: 'relative', generated: true },
  { abbrev: 'frame.len', name: 'Frame Length', type: 'uint', bits: 32 },
  { abbrev: 'frame.cap_len', name: 'Capture Length', type: 'uint', bits: 32 },
  { abbrev: 'frame.marked', name: 'Frame is marked', type: 'bool', generated: true },
  { abbrev: 'frame.ignored', name: 'Frame is ignored', type: 'bool', generated: true },
  { abbrev: 'frame.interface_id', name: 'Interface id', type: 'uint', bits: 32 },
  { abbrev: 'frame.protocols', name: 'Protocols in frame', type: 'string', generated: true },
]);

/** No time shift (Wireshark's time shift is a GUI edit Wirepool does not offer). */
const NO_SHIFT: readonly [number, number] = [0, 0];

/** Marks where decoding stopped on bytes that break their protocol's rules. */
export const malformedFields = fieldTable.register('_ws.malformed', 'Malformed Packet', []);
/**
 * Marks where decoding stopped because capture did (a snap length shorter than the packet):
 * TShark's `_ws.short`, "[Packet size limited during capture]", not an error of the packet.
 */
export const shortFields = fieldTable.register('_ws.short', 'Packet size limited during capture', []);
/**
 * Marks where decoding stopped inside a PDU whose rest is in segments TCP did not put together
 * (TShark's `_ws.unreassembled`, "[Unreassembled Packet]"): not an error of the packet.
 */
export const unreassembledFields = fieldTable.register('_ws.unreassembled', 'Unreassembled Packet', []);
/** The expert item under every malformed mark (TShark's `_ws.malformed.expert`). */
export const malformedExpert = expertTable('_ws.malformed', 'Malformed', [
  { name: '_ws.malformed.expert', severity: 'error', group: 'malformed', summary: 'Malformed Packet (Exception occurred)' },
]).expert;

/**
 * The frame node's items in TShark 4.0's order (interface, times, number, lengths, flags) and
 * the protocol stack's node, filled in at the end: its index. The times since the previous and
 * the first frame come from the session (a revisit of a frame it never saw throws here).
 */
function addFrameItems(tree: ProtoTree, root: number, tvb: Tvb, pinfo: PacketInfo): number {
  const meta = pinfo.frame;
  const f = frameFields.f;
  // A full tree wants every item; a summary keeps few or none (add drops the rest), so values
  // nobody keeps are not made.
  if (meta.interfaceId >= 0) tree.add(root, f.interface_id, tvb, 0, 0, meta.interfaceId);
  const time: [number, number] | undefined = tree.wants(f.time) || tree.wants(f.time_epoch) ? [meta.sec, meta.nsec] : undefined;
  tree.add(root, f.time, tvb, 0, 0, time);
  tree.add(root, f.offset_shift, tvb, 0, 0, NO_SHIFT);
  tree.add(root, f.time_epoch, tvb, 0, 0, time);
  if (tree.wants(f.time_delta) || tree.wants(f.time_delta_displayed) || tree.wants(f.time_relative)) {
    const spans = frameSpans(pinfo);
    tree.add(root, f.time_delta, tvb, 0, 0, spans.delta);
    tree.add(root, f.time_delta_displayed, tvb, 0, 0, spans.deltaDisplayed);
    tree.add(root, f.time_relative, tvb, 0, 0, spans.relative);
  } else passFrame(pinfo); // the session's clock moves on, shown or not
  tree.add(root, f.number, tvb, 0, 0, meta.number);
  tree.add(root, f.len, tvb, 0, 0, meta.wireLen);
  tree.add(root, f.cap_len, tvb, 0, 0, meta.capLen);
  const marked = tree.wants(f.marked) && isMarked(pinfo.session, meta.number);
  tree.add(root, f.marked, tvb, 0, 0, marked, marked ? 'Frame is marked: True' : 'Frame is marked: False');
  tree.add(root, f.ignored, tvb, 0, 0, false, 'Frame is ignored: False');
  return tree.add(root, f.protocols, tvb, 0, 0, '');
}

export interface Dissection {
  tree: ProtoTree;
  pinfo: PacketInfo;
}

/**
 * Decodes one frame: the `frame` node, then the link layer from the `link_type` table
 * (LINKTYPE_* values), and up from there. Reads the bytes in place (no copy). Never throws:
 * a read past the end of a layer, or a decoder bug, ends decoding with a malformed mark at
 * that offset, keeping everything decoded before it. Pass the capture's `session` for
 * cross-packet state (reassembly, streams), frames in capture order; dissecting a frame again
 * on it later (a revisit) gives the same tree and columns (see DissectSession). With `into`,
 * the frame's tree is built in that tree, emptied first (a reader that is done with each tree
 * before the next frame allocates no tree per frame).
 */
export function dissectFrame(
  meta: PacketMeta,
  bytes: Uint8Array,
  session: DissectSession = new DissectSession(undefined, { revisits: false }),
  into?: ProtoTree,
): Dissection {
  const tree = into ?? new ProtoTree();
  session.checkTree(tree);
  tree.reset(bytes);
  const pinfo = new PacketInfo(meta, session);
  // The frame reports its length on the wire: reads past it are malformed, short of it short.
  const tvb = new Tvb(bytes, 0, 0, 0, bytes.length, meta.wireLen);
  const root = tree.add(
    -1,
    frameFields.proto,
    tvb,
    0,
    bytes.length,
    undefined,
    tree.wants(frameFields.proto) ? `Frame ${meta.number}: ${meta.wireLen} bytes on wire, ${meta.capLen} bytes captured` : undefined,
  );
  let protocols = -1;
  try {
    protocols = addFrameItems(tree, root, tvb, pinfo);
    // The link layer is called even for an empty frame (TShark shows `eth` for a 0-byte capture).
    const link = dissectorTable('link_type').get(meta.linkType);
    if (link !== undefined) link.dissect(tvb, pinfo, tree, root);
    else callData(tvb, pinfo, tree, root);
  } catch (e) {
    showException(e, pinfo, tree, root);
  }
  return finish(tree, pinfo, protocols);
}

/**
 * The last stacks joined, newest first: a capture has few distinct stacks, and frames of one
 * conversation come together, so joining is rarely needed (the names are the decoders' own
 * strings: compared by identity).
 */
const STACKS = 8;
const stackNames: (readonly string[])[] = [];
const stackTexts: string[] = [];

function stackText(names: readonly string[]): string {
  search: for (let i = 0; i < stackNames.length; i++) {
    const known = stackNames[i]!;
    if (known.length !== names.length) continue;
    for (let j = 0; j < names.length; j++) if (known[j] !== names[j]) continue search;
    return stackTexts[i]!;
  }
  const text = names.join(':');
  if (stackNames.length === STACKS) {
    stackNames.pop();
    stackTexts.pop();
  }
  stackNames.unshift(names.slice());
  stackTexts.unshift(text);
  return text;
}

/**
 * Whether `e` is a read past what was captured of a longer packet (Wireshark's BoundsError):
 * the capture is short, not the packet. Wireshark's decoders that catch their payload's errors
 * to go on (CATCH_NONFATAL_ERRORS) let this one through: nothing after it was captured.
 */
export function isShort(e: unknown, pinfo: PacketInfo): boolean {
  const meta = pinfo.frame;
  return (
    e instanceof BoundsError &&
    !(e instanceof FragmentError) &&
    !(e instanceof ReportedBoundsError) &&
    meta.capLen < meta.wireLen &&
    e.offset + e.available === meta.capLen
  );
}

/**
 * Marks where decoding stopped on an exception (Wireshark's show_exception), under `root`: a
 * read past what was captured of a longer packet is `_ws.short` (the capture is short, the
 * packet may be fine: Wireshark's BoundsError, as against ReportedBoundsError), one past what a
 * segment holds of a PDU TCP did not reassemble `_ws.unreassembled`, anything else
 * `_ws.malformed` at its offset, a decoder bug included. The dissection driver calls it for what
 * reaches the top; a decoder that goes on after its payload failed (the EtherType step, to read
 * the Ethernet trailer, as Wireshark's does) calls it for what it caught. `source`: the data
 * source the decoder was reading (a reassembled PDU's), where the mark goes, as Wireshark's goes
 * on the tvb that threw (-z io,phs nests a PDU's segments after it).
 */
export function showException(e: unknown, pinfo: PacketInfo, tree: ProtoTree, root: number, source = 0): void {
  const own = source === 0 ? undefined : tree.extraSources[source - 1];
  const bytes = own?.bytes ?? tree.bytes;
  const tvb = new Tvb(bytes, 0, own === undefined ? 0 : source);
  const known = e instanceof BoundsError || e instanceof NestingError;
  const offset = known ? e.offset : -1;
  const protocol = pinfo.protocols.at(-1) ?? 'frame';
  if (e instanceof FragmentError) {
    tree.add(root, unreassembledFields.proto, tvb, 0, 0, undefined, `[Unreassembled Packet: ${protocolShortName(protocol)}]`);
    pinfo.appendInfo('[Unreassembled Packet]', '');
    return;
  }
  if (isShort(e, pinfo)) {
    tree.add(
      root,
      shortFields.proto,
      tvb,
      0,
      0,
      undefined,
      `[Packet size limited during capture: ${protocolShortName(protocol)} truncated]`,
    );
    pinfo.appendInfo('[Packet size limited during capture]', '');
    return;
  }
  if (e instanceof BoundsError && pinfo.fragmented) {
    // Past the reported end of a first fragment not reassembled: the rest of the datagram is
    // missing, not the packet malformed (Wireshark's show_reported_bounds_error).
    tree.add(root, unreassembledFields.proto, tvb, 0, 0, undefined, `[BoundError Unreassembled Packet: ${protocolShortName(protocol)}]`);
    pinfo.appendInfo('[BoundErrorUnreassembled Packet]', '');
    return;
  }
  const reason = known ? e.message : `internal error in the ${protocol} decoder: ${e instanceof Error ? e.message : String(e)}`;
  pinfo.malformed = { offset, protocol, reason };
  const at = Math.max(0, Math.min(offset, bytes.length));
  const mark = tree.add(root, malformedFields.proto, tvb, at, 0, undefined, `[Malformed Packet: ${protocol.toUpperCase()}]`);
  addExpert(tree, mark, tvb, malformedExpert, malformedExpert.summary, protocolShortName(protocol));
  // TShark appends it with no space (`UPDATE Message[Malformed Packet]`).
  pinfo.appendInfo('[Malformed Packet]', '');
}

/** Wireshark's COL_MAX_INFO_LEN: Info holds at most this many bytes, the terminating NUL included. */
const COL_MAX_INFO_LEN = 4096;
const utf8 = new TextEncoder();
const utf8Text = new TextDecoder();

/** `text` cut to at most `max` bytes of UTF-8, at a character's boundary (as Wireshark's column buffer keeps it). */
function clipUtf8(text: string, max: number): string {
  if (text.length * 3 <= max) return text;
  const bytes = utf8.encode(text);
  if (bytes.length <= max) return text;
  let end = max;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--; // back to the start of the cut character
  return utf8Text.decode(bytes.subarray(0, end));
}

/** Fills in the protocol stack (node `protocols`) and the Protocol column once decoding ends, and cuts Info to TShark's length. */
function finish(tree: ProtoTree, pinfo: PacketInfo, protocols: number): Dissection {
  // Info longer than TShark's column holds is cut where TShark's is (a segment of many RESP fragments).
  if (pinfo.info.length >= COL_MAX_INFO_LEN / 3) pinfo.info = clipUtf8(pinfo.info, COL_MAX_INFO_LEN - 1);
  const stack = stackText(pinfo.protocols);
  pinfo.stack = stack;
  if (protocols >= 0) tree.values[protocols] = stack;
  // No layer named the column: TShark shows the last protocol's short name (`Ethernet` for a cut Ethernet header).
  if (pinfo.protocol === '') pinfo.protocol = protocolShortName(pinfo.protocols.at(-1) ?? '');
  return { tree, pinfo };
}
