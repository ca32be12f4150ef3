import path from 'node:path';
import { OutputFile, PcapWriter, PcapngWriter, type CaptureReader, type Frame } from '../../native-bridge/formats/index.js';
import { UsageError } from '../usage.js';

export interface Export {
  write(frame: Frame): void;
  /** The frames written are complete: the file is put in place. */
  close(): void;
  /** Something failed: the file is not written (an existing one stays as it was). */
  abort(): void;
}

/**
 * The CLI's `-w OUT` (read, capture, generate): relative to the working directory; an existing
 * OUT is replaced, as tcpdump and tshark do, but through a temporary file renamed into place,
 * never through a symbolic link, and never when it is the input (same device and inode).
 */
export function cliOutput(file: string, input?: CaptureReader): OutputFile {
  const id = input?.fileId;
  return OutputFile.create(path.resolve(file), { overwrite: true, protect: id === undefined ? [] : [id] });
}

/**
 * A capture file for `-w OUT`, in the format its name says (.pcap or .pcapng). pcapng keeps
 * every interface (name, link type, snaplen); pcap holds one link type, so a capture mixing
 * several can only go to pcapng. Frames are written byte for byte, timestamps to the
 * nanosecond.
 */
export function openExport(path: string, reader: CaptureReader): Export {
  const lower = path.toLowerCase();
  if (!lower.endsWith('.pcapng') && !lower.endsWith('.pcap'))
    throw new UsageError(`-w ${path}: name the output .pcap or .pcapng so Wirepool knows which format to write`);
  const out = cliOutput(path, reader);
  const done = (finish: () => void) => ({
    close() {
      finish();
      out.commit();
    },
    abort: () => out.abort(),
  });
  if (lower.endsWith('.pcapng')) {
    const writer = new PcapngWriter(out.target, { application: 'wirepool' });
    const ids = new Map<number, number>(); // reader interface index -> our IDB id
    return {
      write(frame) {
        let id = ids.get(frame.interfaceIndex);
        if (id === undefined) {
          const i = reader.interfaces[frame.interfaceIndex];
          id = writer.addInterface({ linkType: frame.linkType, snaplen: i?.snaplen, name: i?.name });
          ids.set(frame.interfaceIndex, id);
        }
        writer.write(frame, frame.data.bytes, id);
      },
      ...done(() => writer.close()),
    };
  }
  {
    let writer: PcapWriter | undefined;
    let linkType = -1;
    return {
      write(frame) {
        if (writer === undefined) {
          linkType = frame.linkType;
          const nano = reader.interfaces.some((i) => i.tsresol !== 6);
          writer = new PcapWriter(out.target, {
            linkType,
            nanosecond: nano,
            snaplen: reader.interfaces[frame.interfaceIndex]?.snaplen || undefined,
          });
        }
        if (frame.linkType !== linkType) {
          throw new UsageError(
            `${path}: frame ${frame.number} has link type ${frame.linkType} but the file was started with ${linkType}; a pcap file holds one link type: write .pcapng instead`,
          );
        }
        writer.write(frame, frame.data.bytes);
      },
      // No frame at all (an empty capture, or a filter that matched nothing): still a valid file.
      ...done(() => (writer ?? new PcapWriter(out.target, { linkType: reader.interfaces[0]?.linkType ?? 1 })).close()),
    };
  }
}
