/**
 * Capture files: streaming pcap/pcapng readers whose frames are zero-copy views into pooled
 * file chunks, and buffered pcap/pcapng writers.
 */
export { FileSource } from './file-source.js';
export {
  openCapture,
  openCaptureBytes,
  createCaptureParser,
  createSeekableParser,
  type CaptureReader,
  type CaptureOptions,
} from './reader.js';
export type { CaptureParser, ParserOptions, SeekableParser } from './record-parser.js';
export type { CaptureFormat, Frame, InterfaceInfo } from './frame.js';
export {
  CaptureFormatError,
  CaptureIoError,
  CaptureWriteError,
  type CaptureFormatErrorCode,
  type CaptureWriteErrorCode,
} from './errors.js';
export { formatEpoch } from '../common/index.js';
export { PcapWriter, type PcapWriterOptions, type RecordMeta } from './pcap-writer.js';
export {
  PcapngWriter,
  interfaceBlock,
  nanosecondWords,
  sectionHeaderBlock,
  type PcapngWriterOptions,
  type PcapngInterface,
} from './pcapng-writer.js';
export { openRegular, notRegular, fileId, sameFile, type FileId } from './regular-file.js';
export { OutputFile, checkOutput, resolveOutput, writeOutput, type OutputOptions } from './output-file.js';
export type { SinkTarget } from './file-sink.js';
