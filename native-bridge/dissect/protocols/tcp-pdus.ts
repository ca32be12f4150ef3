import { isShort, showException } from '../core/frame.js';
import { DESEGMENT_ONE_MORE_SEGMENT, type PacketInfo } from '../core/packet-info.js';
import type { ProtoTree } from '../core/tree.js';
import { BoundsError, type Tvb } from '../core/tvb.js';

/** A protocol's PDUs in a TCP payload, for `dissectTcpPdus`. */
export interface TcpPdus {
  /** Bytes of a PDU's start that give its length (Wireshark's fixed_len). */
  fixed: number;
  /** The length of the PDU at `offset`, read from its first `fixed` bytes. */
  length(tvb: Tvb, offset: number): number;
  /** Decodes one PDU (`pdu` holds it alone) under `parent`. */
  dissect(pdu: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number): void;
}

/**
 * Splits a TCP payload into PDUs as Wireshark's tcp_dissect_pdus does: while bytes are reported
 * (bytes must have been captured) read each PDU's length from its fixed part; one that goes on
 * past the segment is left to TCP to reassemble when it can (`PacketInfo.desegment`); else it
 * gets the bytes held of it, reporting its whole length, as a fragment (a read past them is
 * "unreassembled", not malformed). A length shorter than the fixed part is malformed there and
 * ends the walk. A PDU whose decoding fails on its own bytes is marked and the next one is read
 * (a read past the capture ends the frame). Every PDU is at least `fixed` bytes (at least 1),
 * so the walk ends within the payload's reported length.
 */
export function dissectTcpPdus(spec: TcpPdus, tvb: Tvb, pinfo: PacketInfo, tree: ProtoTree, parent: number): void {
  const reassemble = pinfo.canDesegment;
  let offset = 0;
  // Reported bytes left, as tvb_reported_length_remaining counts them: none once the walk is past
  // what was captured (a PDU cut by the capture's end was the last), so it ends there quietly.
  while (tvb.reportedRemaining(offset) > 0) {
    // Some bytes must have been captured (tvb_ensure_captured_length_remaining): a walk that
    // stops exactly where the capture does is cut short there.
    tvb.check(offset, 1);
    const held = tvb.length - offset;
    if (reassemble && held < spec.fixed && pinfo.desegment(offset, DESEGMENT_ONE_MORE_SEGMENT)) return;
    const plen = spec.length(tvb, offset);
    if (plen < Math.max(spec.fixed, 1)) {
      // Wireshark's show_reported_bounds_error: malformed here, and nothing more is read.
      showException(new BoundsError(tvb.base + offset, plen, held), pinfo, tree, tree.root(parent), tvb.source);
      return;
    }
    if (reassemble && held < plen && pinfo.desegment(offset, plen - held)) return;
    const pdu = tvb.pdu(offset, plen, !reassemble);
    try {
      spec.dissect(pdu, pinfo, tree, parent);
    } catch (e) {
      if (isShort(e, pinfo)) throw e;
      showException(e, pinfo, tree, tree.root(parent), tvb.source);
    }
    offset += plen;
  }
}
