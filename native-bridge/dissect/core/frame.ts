import { type PacketMeta, formatEpoch } from '../../common/index.js';
import { callData } from './dispatch.js';
import { addExpert, expertTable, protocolShortName } from './expert-info.js';
import { fieldTable } from './fields.js';
import { PacketInfo } from './packet-info.js';
import { DissectSession } from './session.js';
import { dissectorTable } from './tables.js';
import { ProtoTree } from './tree.js';
import { BoundsError, NestingError, Tvb } from './tvb.js';

/** The `frame` pseudo-protocol: what the capture file says about the packet. */
export const frameFields = fieldTable.register('frame', 'Frame', [
  { abbrev: 'frame.number', name: 'Frame Number', type: 'framenum' },
  { abbrev: 'frame.time_epoch', name: 'Epoch Time', type: 'time' },
  { abbrev: 'frame.len', name: 'Frame Length', type: 'uint', bits: 32 },
  { abbrev: 'frame.cap_len', name: 'Capture Length', type: 'uint', bits: 32 },
  { abbrev: 'frame.interface_id', name: 'Interface id', type: 'uint', bits: 32 },
  { abbrev: 'frame.protocols', name: 'Protocols in frame', type: 'string' },
]);

/** Marks where decoding stopped on bytes that break their protocol's rules. */
export const malformedFields = fieldTable.register('_ws.malformed', 'Malformed Packet', []);
/**
 * Marks where decoding stopped because capture did (a snap length shorter than the packet):
 * TShark's `_ws.short`, "[Packet size limited during capture]", not an error of the packet.
 */
export const shortFields = fieldTable.register('_ws.short', 'Packet size limited during capture', []);
/** The expert item under every malformed mark (TShark's `_ws.malformed.expert`). */
export const malformedExpert = expertTable('_ws.malformed', 'Malformed', [
  { name: '_ws.malformed.expert', severity: 'error', group: 'malformed', summary: 'Malformed Packet (Exception occurred)' },
]).expert;

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
 * on it later (a revisit) gives the same tree and columns (see DissectSession).
 */
export function dissectFrame(
  meta: PacketMeta,
  bytes: Uint8Array,
  session: DissectSession = new DissectSession(undefined, { revisits: false }),
): Dissection {
  const tree = new ProtoTree();
  tree.bytes = bytes;
  const pinfo = new PacketInfo(meta, session);
  const tvb = new Tvb(bytes);
  const f = frameFields.f;
  const root = tree.add(
    -1,
    frameFields.proto,
    tvb,
    0,
    bytes.length,
    undefined,
    `Frame ${meta.number}: ${meta.wireLen} bytes on wire, ${meta.capLen} bytes captured`,
  );
  tree.add(root, f.number, tvb, 0, 0, meta.number);
  tree.add(root, f.time_epoch, tvb, 0, 0, [meta.sec, meta.nsec], `Epoch Time: ${formatEpoch(meta.sec, meta.nsec)} seconds`);
  tree.add(root, f.len, tvb, 0, 0, meta.wireLen);
  tree.add(root, f.cap_len, tvb, 0, 0, meta.capLen);
  if (meta.interfaceId >= 0) tree.add(root, f.interface_id, tvb, 0, 0, meta.interfaceId);
  const protocols = tree.add(root, f.protocols, tvb, 0, 0, '');
  try {
    // The link layer is called even for an empty frame (TShark shows `eth` for a 0-byte capture).
    const link = dissectorTable('link_type').get(meta.linkType);
    if (link !== undefined) link.dissect(tvb, pinfo, tree, root);
    else callData(tvb, pinfo, tree, root);
  } catch (e) {
    const known = e instanceof BoundsError || e instanceof NestingError;
    const offset = known ? e.offset : -1;
    const protocol = pinfo.protocols.at(-1) ?? 'frame';
    if (e instanceof BoundsError && meta.capLen < meta.wireLen && e.offset + e.available === bytes.length) {
      // The read ran past what was captured of a longer packet (Wireshark's BoundsError, as
      // against ReportedBoundsError): the capture is short, the packet may be fine.
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
      return finish(tree, pinfo, protocols);
    }
    const reason = known ? e.message : `internal error in the ${protocol} decoder: ${e instanceof Error ? e.message : String(e)}`;
    pinfo.malformed = { offset, protocol, reason };
    const at = Math.max(0, Math.min(offset, bytes.length));
    const mark = tree.add(root, malformedFields.proto, tvb, at, 0, undefined, `[Malformed Packet: ${protocol.toUpperCase()}]`);
    addExpert(tree, mark, tvb, malformedExpert, malformedExpert.summary, protocolShortName(protocol));
    // TShark appends it with no space (`UPDATE Message[Malformed Packet]`).
    pinfo.appendInfo('[Malformed Packet]', '');
  }
  return finish(tree, pinfo, protocols);
}

/** Fills in the protocol stack (node `protocols`) and the Protocol column once decoding ends. */
function finish(tree: ProtoTree, pinfo: PacketInfo, protocols: number): Dissection {
  const stack = pinfo.protocols.join(':');
  tree.values[protocols] = stack;
  tree.setText(protocols, `[Protocols in frame: ${stack}]`);
  if (pinfo.protocol === '') pinfo.protocol = pinfo.protocols.at(-1)?.toUpperCase() ?? '';
  return { tree, pinfo };
}
