/** The version field's names, RTP's and RTCP's alike (packet-rtp.c's rtp_version_vals). */
export const VERSION_NAMES: Readonly<Record<number, string>> = { 0: 'Old VAT Version', 1: 'First Draft Version', 2: 'RFC 1889 Version' };

/** The static payload types of RFC 3551, named as TShark names them (`rtp.p_type`). */
export const PAYLOAD_TYPES: Readonly<Record<number, string>> = {
  0: 'ITU-T G.711 PCMU',
  1: 'USA Federal Standard FS-1016',
  2: 'ITU-T G.721',
  3: 'GSM 06.10',
  4: 'ITU-T G.723',
  5: 'DVI4 8000 samples/s',
  6: 'DVI4 16000 samples/s',
  7: 'Experimental linear predictive encoding from Xerox PARC',
  8: 'ITU-T G.711 PCMA',
  9: 'ITU-T G.722',
  10: '16-bit uncompressed audio, stereo',
  11: '16-bit uncompressed audio, monaural',
  12: 'Qualcomm Code Excited Linear Predictive coding',
  13: 'Comfort noise',
  14: 'MPEG-I/II Audio',
  15: 'ITU-T G.728',
  16: 'DVI4 11025 samples/s',
  17: 'DVI4 22050 samples/s',
  18: 'ITU-T G.729',
  19: 'Comfort noise (old)',
  25: 'Sun CellB video encoding',
  26: 'JPEG-compressed video',
  28: "'nv' program",
  31: 'ITU-T H.261',
  32: 'MPEG-I/II Video',
  33: 'MPEG-II transport streams',
  34: 'ITU-T H.263',
};

/** A payload type's name as TShark prints it when no SDP mapped it. */
export function payloadTypeName(pt: number): string {
  const known = PAYLOAD_TYPES[pt];
  if (known !== undefined) return known;
  if (pt >= 96) return `DynamicRTP-Type-${pt}`;
  if (pt >= 72 && pt <= 76) return 'Reserved for RTCP conflict avoidance';
  return 'Unassigned';
}
