import { type PacketMeta, WirepoolError } from '../common/index.js';
import { type OutputOptions, PcapWriter, PcapngWriter, writeOutput } from '../formats/index.js';

/** What a saved packet needs besides its bytes (formats' Frame and a batch's packet both have it). */
export interface SaveMeta extends Readonly<Pick<PacketMeta, 'number' | 'sec' | 'nsec' | 'wireLen' | 'capLen' | 'linkType'>> {
  /** Which of `interfaces` it was captured on. */
  readonly interfaceIndex: number;
}

export interface SaveInterface {
  linkType: number;
  name?: string | undefined;
  snaplen?: number;
}

/**
 * Writes packets to `path` as pcap or pcapng, through a temporary file renamed into place (see
 * OutputFile): an existing file is replaced only with `out.overwrite`, never when it is one of
 * `out.protect` (the file the packets are read back from), and stays whole if the save fails. pcapng keeps every interface (packets name theirs
 * by `interfaceIndex`); pcap has one link type, so packets of another link type are an error
 * that says to save as pcapng. pcap is written with nanosecond timestamps (nothing is rounded).
 */
export function saveFrames(
  path: string,
  format: 'pcap' | 'pcapng',
  interfaces: readonly SaveInterface[],
  produce: (write: (meta: SaveMeta, bytes: Uint8Array) => void) => void,
  out: OutputOptions,
): void {
  writeOutput(path, out, (target) => writeFrames(target, path, format, interfaces, produce));
}

function writeFrames(
  target: { fd: number; name: string },
  path: string,
  format: 'pcap' | 'pcapng',
  interfaces: readonly SaveInterface[],
  produce: (write: (meta: SaveMeta, bytes: Uint8Array) => void) => void,
): void {
  if (format === 'pcapng') {
    const w = new PcapngWriter(target, {
      interfaces: interfaces.map((i) => ({ linkType: i.linkType, name: i.name, snaplen: i.snaplen ?? 0 })),
    });
    try {
      produce((m, bytes) => w.write(m, bytes, m.interfaceIndex));
    } finally {
      w.close();
    }
    return;
  }
  const linkType = interfaces[0]?.linkType ?? 1;
  const w = new PcapWriter(target, { linkType, nanosecond: true });
  try {
    produce((m, bytes) => {
      if (m.linkType !== linkType) {
        throw new WirepoolError(
          'ENGINE_SAVE_LINKTYPES',
          `cannot save ${path} as pcap: packet ${m.number} has link type ${m.linkType}, the file ${linkType}`,
          {
            hint: 'pcap holds one link type; save as pcapng',
          },
        );
      }
      w.write(m, bytes);
    });
  } finally {
    w.close();
  }
}
