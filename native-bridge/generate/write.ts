import { PcapWriter, PcapngWriter } from '../formats/index.js';
import { GenerateError } from './errors.js';
import { TrafficGenerator, type GenerateOptions } from './generator.js';
import { PROFILES } from './profiles.js';

export interface GenerateSummary {
  file: string;
  format: 'pcap' | 'pcapng';
  profile: string;
  seed: number;
  packets: number;
  bytes: number;
}

/** Writes a generated capture; the format follows the extension (.pcap or .pcapng). */
export function writeCapture(file: string, opts: GenerateOptions): GenerateSummary {
  const format = /\.pcapng$/i.test(file) ? 'pcapng' : /\.pcap$/i.test(file) ? 'pcap' : undefined;
  if (format === undefined) throw new GenerateError(`cannot tell the format of "${file}"`, 'name the output FILE.pcap or FILE.pcapng');
  const gen = new TrafficGenerator(opts);
  const out =
    format === 'pcap'
      ? new PcapWriter(file, { linkType: gen.linkType, nanosecond: true, bufferSize: 1 << 20 })
      : new PcapngWriter(file, { interfaces: [{ linkType: gen.linkType, name: 'gen0', snaplen: 262144 }], application: `wirepool generate --profile ${opts.profile} --seed ${opts.seed}`, bufferSize: 1 << 20 });
  let packets = 0;
  try {
    for (let f = gen.next(); f !== undefined; f = gen.next()) {
      if (out instanceof PcapWriter) out.write(f, f.bytes);
      else out.write(f, f.bytes, 0);
      packets++;
    }
  } finally {
    out.close();
  }
  return { file, format, profile: PROFILES[opts.profile].name, seed: opts.seed, packets, bytes: out.bytesWritten };
}
