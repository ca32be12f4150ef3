import path from 'node:path';
import { PcapWriter, PcapngWriter, writeOutput } from '../formats/index.js';
import { GenerateError } from './errors.js';
import { TrafficGenerator, type GenerateOptions } from './generator.js';
import { PROFILES } from './profiles.js';
import type { Recipe } from './recipe.js';

export interface GenerateSummary {
  file: string;
  format: 'pcap' | 'pcapng';
  profile: string;
  seed: number;
  packets: number;
  bytes: number;
}

/**
 * Where a generated file goes: relative to the working directory, an existing file replaced (as
 * the CLI's -w does) through a temporary file renamed into place, never through a symlink.
 */
const generated = <T>(file: string, write: (target: { fd: number; name: string }) => T): T =>
  writeOutput(path.resolve(file), { overwrite: true }, write);

/** Writes a generated capture; the format follows the extension (.pcap or .pcapng). */
export function writeCapture(file: string, opts: GenerateOptions): GenerateSummary {
  const format = /\.pcapng$/i.test(file) ? 'pcapng' : /\.pcap$/i.test(file) ? 'pcap' : undefined;
  if (format === undefined) throw new GenerateError(`cannot tell the format of "${file}"`, 'name the output FILE.pcap or FILE.pcapng');
  return generated(file, (target) => writeGenerated(target, file, format, opts));
}

function writeGenerated(
  target: { fd: number; name: string },
  file: string,
  format: 'pcap' | 'pcapng',
  opts: GenerateOptions,
): GenerateSummary {
  const gen = new TrafficGenerator(opts);
  const out =
    format === 'pcap'
      ? new PcapWriter(target, { linkType: gen.linkType, nanosecond: true, bufferSize: 1 << 20 })
      : new PcapngWriter(target, {
          interfaces: [{ linkType: gen.linkType, name: 'gen0', snaplen: 262144 }],
          application: `wirepool generate --profile ${opts.profile} --seed ${opts.seed}`,
          bufferSize: 1 << 20,
        });
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

export interface RecipeSummary {
  file: string;
  recipe: string;
  packets: number;
  bytes: number;
}

/** Writes a recipe's frames (recipes.ts) as the file the recipe names (pcap or pcapng). */
export function writeRecipe(file: string, recipe: Recipe): RecipeSummary {
  return generated(file, (target) => writeRecipeTo(target, file, recipe));
}

function writeRecipeTo(target: { fd: number; name: string }, file: string, recipe: Recipe): RecipeSummary {
  const f = recipe.file;
  const out =
    f.format === 'pcap'
      ? new PcapWriter(target, { linkType: f.linkType, nanosecond: f.nanosecond, bufferSize: 1 << 20 })
      : new PcapngWriter(target, { interfaces: f.interfaces, application: f.application, bufferSize: 1 << 20 });
  const until = recipe.untilBytes ?? Infinity;
  let packets = 0;
  try {
    for (const frame of recipe.frames()) {
      if (out.bytesWritten >= until) break;
      if (out instanceof PcapWriter) out.write(frame, frame.bytes);
      else out.write(frame, frame.bytes, frame.iface);
      packets++;
    }
  } finally {
    out.close();
  }
  return { file, recipe: recipe.name, packets, bytes: out.bytesWritten };
}
