import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { hex } from '../core/format.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';
import { RADIO, type RadioInfo } from './wlan-radio.js';

/**
 * 802.11 radiotap (LINKTYPE_IEEE802_11_RADIOTAP, 127): a little-endian header of present-bit
 * words and naturally aligned fields. We decode the fields of the first presence word up to
 * the first one we do not know (its size tells where the next starts, so we cannot go past it),
 * then hand the frame to `wlan_radio` (the radio summary TShark shows) and on to `wlan`,
 * without the FCS when the flags say it is there.
 */
const P = fieldTable.register('radiotap', 'Radiotap Header', [
  { abbrev: 'radiotap.version', name: 'Header revision', type: 'uint', bits: 8 },
  { abbrev: 'radiotap.pad', name: 'Header pad', type: 'uint', bits: 8 },
  { abbrev: 'radiotap.length', name: 'Header length', type: 'uint', bits: 16 },
  { abbrev: 'radiotap.present.word', name: 'Present flags word', type: 'uint', base: 'hex', bits: 32 },
  { abbrev: 'radiotap.present.ext', name: 'Ext', type: 'bool' },
  { abbrev: 'radiotap.mactime', name: 'MAC timestamp', type: 'uint', bits: 64 },
  { abbrev: 'radiotap.flags', name: 'Flags', type: 'uint', base: 'hex', bits: 8 },
  { abbrev: 'radiotap.flags.fcs', name: 'FCS at end', type: 'bool' },
  { abbrev: 'radiotap.flags.datapad', name: 'Data Pad', type: 'bool' },
  { abbrev: 'radiotap.flags.badfcs', name: 'Bad FCS', type: 'bool' },
  { abbrev: 'radiotap.datarate', name: 'Data rate (Mb/s)', type: 'double' },
  { abbrev: 'radiotap.channel.freq', name: 'Channel frequency', type: 'uint', bits: 32 },
  { abbrev: 'radiotap.channel.flags', name: 'Channel flags', type: 'uint', base: 'hex', bits: 16 },
  { abbrev: 'radiotap.dbm_antsignal', name: 'Antenna signal', type: 'int', bits: 8 },
  { abbrev: 'radiotap.dbm_antnoise', name: 'Antenna noise', type: 'int', bits: 8 },
  { abbrev: 'radiotap.antenna', name: 'Antenna', type: 'uint', bits: 32 },
]);

/** Alignment and size of the fields of presence bits 0..23 (0 size: not decoded here). */
const ALIGN = [8, 1, 1, 2, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 2, 2, 1, 1, 4, 1, 4, 2, 8, 2];
const SIZE = [8, 1, 1, 4, 2, 1, 1, 2, 2, 2, 1, 1, 1, 1, 2, 2, 1, 1, 8, 3, 8, 12, 12, 12];

/** Reused per packet (decoding is synchronous): what wlan_radio and wlan need from the header. */
const radio: RadioInfo = { rate: -1, freq: -1, signal: NaN, noise: NaN, fcs: false, datapad: false };

function fields(tvb: Tvb, end: number, tree: ProtoTree, node: number): void {
  const f = P.f;
  // Presence words: the first at 4, more while bit 31 is set; fields start after the last.
  let words = 1;
  while (words < 16 && 4 + 4 * words <= end && tvb.u32(4 + 4 * (words - 1), true) & 0x80000000) words++;
  const present = tvb.u32(4, true);
  tree.add(node, f['present.word'], tvb, 4, 4, present);
  tree.add(node, f['present.ext'], tvb, 4, 4, (present & 0x80000000) !== 0);
  let o = 4 + 4 * words;
  for (let bit = 0; bit < 24; bit++) {
    if (!(present & (1 << bit))) continue;
    const a = ALIGN[bit]!;
    o = (o + a - 1) & ~(a - 1);
    const size = SIZE[bit]!;
    if (o + size > end) return;
    switch (bit) {
      case 0:
        tree.add(node, f.mactime, tvb, o, 8, tvb.u64(o, true));
        break;
      case 1: {
        const fl = tvb.u8(o);
        radio.fcs = (fl & 0x10) !== 0;
        radio.datapad = (fl & 0x20) !== 0;
        const n = tree.add(node, f.flags, tvb, o, 1, fl, `Flags: ${hex(fl, 2)}`);
        tree.add(n, f['flags.fcs'], tvb, o, 1, radio.fcs);
        tree.add(n, f['flags.datapad'], tvb, o, 1, radio.datapad);
        tree.add(n, f['flags.badfcs'], tvb, o, 1, (fl & 0x40) !== 0);
        break;
      }
      case 2:
        radio.rate = tvb.u8(o) / 2;
        tree.add(node, f.datarate, tvb, o, 1, radio.rate, `Data Rate: ${radio.rate} Mb/s`);
        break;
      case 3:
        radio.freq = tvb.u16(o, true);
        tree.add(node, f['channel.freq'], tvb, o, 2, radio.freq, `Channel frequency: ${radio.freq}`);
        tree.add(node, f['channel.flags'], tvb, o + 2, 2, tvb.u16(o + 2, true));
        break;
      case 5:
        radio.signal = (tvb.u8(o) << 24) >> 24;
        tree.add(node, f.dbm_antsignal, tvb, o, 1, radio.signal, `Antenna signal: ${radio.signal} dBm`);
        break;
      case 6:
        radio.noise = (tvb.u8(o) << 24) >> 24;
        tree.add(node, f.dbm_antnoise, tvb, o, 1, radio.noise, `Antenna noise: ${radio.noise} dBm`);
        break;
      case 11:
        tree.add(node, f.antenna, tvb, o, 1, tvb.u8(o));
        break;
    }
    o += size;
  }
}

const radiotap: Dissector = {
  name: 'radiotap',
  dissect(tvb, pinfo, tree, parent) {
    const node = beginProtocol(P, tvb, pinfo, tree, parent, 8);
    const f = P.f;
    radio.rate = -1;
    radio.freq = -1;
    radio.signal = NaN;
    radio.noise = NaN;
    radio.fcs = false;
    radio.datapad = false;
    tree.add(node, f.version, tvb, 0, 1, tvb.u8(0));
    tree.add(node, f.pad, tvb, 1, 1, tvb.u8(1));
    const len = tvb.u16(2, true);
    tree.add(node, f.length, tvb, 2, 2, len);
    // A length shorter than the fixed part or past the capture is bogus: show what fits.
    const end = Math.max(8, Math.min(len, tvb.length));
    tree.setLength(node, end);
    if (tvb.has(4, 4)) fields(tvb, end, tree, node);
    pinfo.data.set(RADIO, radio);
    pinfo.protocol = '802.11';
    // Called even with nothing left: TShark always shows the radio and 802.11 layers.
    dissectorTable('wlan_radio')
      .get(0)
      ?.dissect(tvb.sub(Math.min(end, tvb.length)), pinfo, tree, parent);
  },
};

dissectorTable('link_type').add(127, radiotap);
