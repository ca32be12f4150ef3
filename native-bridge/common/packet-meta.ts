/**
 * What every stage knows of a packet besides its bytes: a capture file's frame (formats'
 * `Frame` has these and more), a batch index entry (batch), the frame the dissectors decode
 * (dissect's `PacketInfo.frame`), a statistics sample.
 */
export interface PacketMeta {
  /** 1-based position among the capture's packets. */
  number: number;
  /** Whole seconds since the epoch, exact (may be negative with a pcapng if_tsoffset). */
  sec: number;
  /**
   * Fraction in nanoseconds as the source encodes it. Normally < 1e9, but kept as is when the
   * raw field is invalid: a pcap microsecond field of 1000000 gives 1000000000.
   */
  nsec: number;
  /** Length on the wire. */
  wireLen: number;
  /** Bytes captured. */
  capLen: number;
  /** pcapng interface id within its section (as TShark prints it); -1 when the source has none (pcap). */
  interfaceId: number;
  /** LINKTYPE_ value of the packet's interface. */
  linkType: number;
}

/** A new object with just the PacketMeta fields of `m` (a frame carries more), numbered `number`. */
export function packetMeta(m: PacketMeta, number = m.number): PacketMeta {
  return {
    number,
    sec: m.sec,
    nsec: m.nsec,
    wireLen: m.wireLen,
    capLen: m.capLen,
    interfaceId: m.interfaceId,
    linkType: m.linkType,
  };
}
