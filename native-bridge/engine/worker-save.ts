import { WirepoolError } from '../common/errors.js';
import { PcapWriter, PcapngWriter, type Frame } from '../formats/index.js';

export interface SaveInterface {
  linkType: number;
  name?: string | undefined;
  snaplen?: number;
}

/**
 * Writes frames to `path` as pcap or pcapng. pcapng keeps every interface (frames name theirs
 * by `interfaceIndex`); pcap has one link type, so frames of another link type are an error
 * that says to save as pcapng. pcap is written with nanosecond timestamps (nothing is rounded).
 */
export function saveFrames(
  path: string,
  format: 'pcap' | 'pcapng',
  interfaces: readonly SaveInterface[],
  produce: (write: (frame: Frame) => void) => void,
): void {
  if (format === 'pcapng') {
    const w = new PcapngWriter(path, { interfaces: interfaces.map((i) => ({ linkType: i.linkType, name: i.name, snaplen: i.snaplen ?? 0 })) });
    try {
      produce((f) => w.write(f, f.data.bytes, f.interfaceIndex));
    } finally {
      w.close();
    }
    return;
  }
  const linkType = interfaces[0]?.linkType ?? 1;
  const w = new PcapWriter(path, { linkType, nanosecond: true });
  try {
    produce((f) => {
      if (f.linkType !== linkType) {
        throw new WirepoolError('ENGINE_SAVE_LINKTYPES', `cannot save ${path} as pcap: packet ${f.number} has link type ${f.linkType}, the file ${linkType}`, {
          hint: 'pcap holds one link type; save as pcapng',
        });
      }
      w.write(f, f.data.bytes);
    });
  } finally {
    w.close();
  }
}
