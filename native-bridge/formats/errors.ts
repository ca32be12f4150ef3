import { WirepoolError } from '../common/errors.js';

/**
 * Stable codes for a capture file that cannot be read past some point. Every frame before
 * `offset` was delivered; the code says which rule the bytes at `offset` broke.
 */
export type CaptureErrorCode =
  /** Not a pcap or pcapng file (or an SHB with an unknown byte-order magic). */
  | 'CAPTURE_BAD_MAGIC'
  /** The file ends inside a header or a record. */
  | 'CAPTURE_TRUNCATED'
  /** A length field is impossible: smaller than the structure it frames, or past a block's end. */
  | 'CAPTURE_BAD_LENGTH'
  /** A record claims more bytes than any reader accepts (a corrupt or hostile length field). */
  | 'CAPTURE_TOO_LARGE'
  /** A pcapng block's trailing length differs from its leading length. */
  | 'CAPTURE_LENGTH_MISMATCH'
  /** A packet names an interface its section never described. */
  | 'CAPTURE_BAD_INTERFACE'
  /** A valid file that uses something this reader does not implement (old version, odd resolution). */
  | 'CAPTURE_UNSUPPORTED';

const SALVAGE = 'the frames before this offset can be saved with `editcap FILE OUT`';
const HINTS: Record<CaptureErrorCode, string> = {
  CAPTURE_BAD_MAGIC: 'give a pcap or pcapng file; convert other formats with `editcap -F pcapng IN OUT`',
  CAPTURE_TRUNCATED: 'the capture was cut short (interrupted copy or capture, full disk); copy it again to get the rest',
  CAPTURE_BAD_LENGTH: `the file is damaged here; ${SALVAGE}`,
  CAPTURE_TOO_LARGE: `a length field is damaged; ${SALVAGE}`,
  CAPTURE_LENGTH_MISMATCH: `the block framing is damaged here; ${SALVAGE}`,
  CAPTURE_BAD_INTERFACE: `the interface description block this packet needs is missing (was the file cut and joined?); ${SALVAGE}`,
  CAPTURE_UNSUPPORTED: 'convert the file with `editcap -F pcapng IN OUT` and read the copy',
};

/**
 * A capture file is malformed (or unsupported) at `offset`. Parsers build these without
 * throwing (they report, the reader throws), so a fault never costs the frames before it.
 */
export class CaptureFormatError extends WirepoolError {
  override readonly code: CaptureErrorCode;
  /** Name of the capture (a path, or a label for in-memory bytes). */
  readonly file: string;
  /** Byte offset in the file of the faulty header, record or block. */
  readonly offset: number;
  /** What is wrong, without the file and offset. */
  readonly reason: string;

  constructor(code: CaptureErrorCode, file: string, offset: number, reason: string) {
    super(code, `${file}: byte ${offset}: ${reason} — ${consequence(code)}`, { hint: HINTS[code] });
    this.name = 'CaptureFormatError';
    this.code = code;
    this.file = file;
    this.offset = offset;
    this.reason = reason;
  }
}

function consequence(code: CaptureErrorCode): string {
  switch (code) {
    case 'CAPTURE_BAD_MAGIC':
      return 'this is not a capture file this reader understands';
    case 'CAPTURE_UNSUPPORTED':
      return 'this reader cannot go on; frames before this offset were read';
    case 'CAPTURE_TRUNCATED':
      return 'the file is truncated; frames before this offset were read';
    default:
      return 'the file is corrupt or truncated; frames before this offset were read';
  }
}

/** Opening or reading a capture file failed at the operating-system level. */
export class CaptureIoError extends WirepoolError {
  readonly file: string;

  constructor(file: string, action: string, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super('CAPTURE_IO', `${file}: cannot ${action}: ${why}`, {
      hint: 'check that the path exists, is a regular file and is readable (or writable, for output)',
      cause,
    });
    this.name = 'CaptureIoError';
    this.file = file;
  }
}

export type CaptureWriteErrorCode = 'CAPTURE_WRITE_TIMESTAMP' | 'CAPTURE_WRITE_TOO_LARGE' | 'CAPTURE_WRITE_INTERFACE' | 'CAPTURE_WRITE_CLOSED';

/** A frame cannot be represented in the output format (or the writer is closed). */
export class CaptureWriteError extends WirepoolError {
  override readonly code: CaptureWriteErrorCode;
  readonly file: string;

  constructor(code: CaptureWriteErrorCode, file: string, message: string, hint: string) {
    super(code, `${file}: ${message}`, { hint });
    this.name = 'CaptureWriteError';
    this.code = code;
    this.file = file;
  }
}
