import { WirepoolError } from '../common/errors.js';

/**
 * Stable codes for a capture file that cannot be read past some point. Every frame before
 * `offset` was delivered; the code says which rule the bytes at `offset` broke.
 */
export type CaptureFormatErrorCode =
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

const HINTS: Record<CaptureFormatErrorCode, string> = {
  CAPTURE_BAD_MAGIC:
    'this is not a capture file Wirepool reads: give a pcap or pcapng file (`editcap -F pcapng IN OUT` converts other formats)',
  CAPTURE_TRUNCATED: 'the file is truncated (an interrupted copy, a full disk, a killed capture); every frame before this offset was read',
  CAPTURE_BAD_LENGTH: 'the file is corrupt here; every frame before this offset was read (`editcap -r FILE OUT 1-N` copies them out)',
  CAPTURE_TOO_LARGE: 'the length field is corrupt; every frame before this offset was read',
  CAPTURE_LENGTH_MISMATCH: 'the block framing is corrupt here; every frame before this offset was read',
  CAPTURE_BAD_INTERFACE: 'the file lacks the interface description block this packet needs; every frame before this offset was read',
  CAPTURE_UNSUPPORTED:
    'Wirepool cannot go on past this point; every frame before this offset was read (`editcap -F pcapng IN OUT` may convert the file)',
};

/**
 * A capture file is malformed (or unsupported) at `offset`. Parsers build these without
 * throwing (they report, the reader throws), so a fault never costs the frames before it.
 */
export class CaptureFormatError extends WirepoolError {
  override readonly code: CaptureFormatErrorCode;
  /** Name of the capture (a path, or a label for in-memory bytes). */
  readonly file: string;
  /** Byte offset in the file of the faulty header, record or block. */
  readonly offset: number;
  /** What is wrong, without the file and offset. */
  readonly reason: string;

  constructor(code: CaptureFormatErrorCode, file: string, offset: number, reason: string) {
    super(code, `${file}: byte ${offset}: ${reason}`, { hint: HINTS[code] });
    this.name = 'CaptureFormatError';
    this.code = code;
    this.file = file;
    this.offset = offset;
    this.reason = reason;
  }
}

/** How a capture file was being used when the operating system refused: each has its own fix. */
export type CaptureIoAccess = 'read' | 'write';

const IO_HINTS: Record<CaptureIoAccess, string> = {
  read: 'check that the path exists, is a regular file and that you may read it',
  write: 'check that the folder exists, that you may write to it and that the disk has room',
};

/** Opening, reading or writing a capture file failed at the operating-system level. */
export class CaptureIoError extends WirepoolError {
  readonly file: string;
  readonly access: CaptureIoAccess;

  constructor(file: string, action: string, cause: unknown, access: CaptureIoAccess) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super('CAPTURE_IO', `${file}: cannot ${action}: ${why}`, { hint: IO_HINTS[access], cause });
    this.access = access;
    this.name = 'CaptureIoError';
    this.file = file;
  }
}

export type CaptureWriteErrorCode =
  | 'CAPTURE_WRITE_TIMESTAMP'
  | 'CAPTURE_WRITE_TOO_LARGE'
  | 'CAPTURE_WRITE_INTERFACE'
  | 'CAPTURE_WRITE_CLOSED';

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
