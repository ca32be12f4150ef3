import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { dissectorTable } from '../core/tables.js';

/**
 * `wlan_radio`: the radio summary TShark puts between a capture pseudo-header (radiotap) and
 * the 802.11 frame: channel, frequency, rate, signal. It spans no bytes of its own; the values
 * come from the pseudo-header through pinfo.data, the frame goes on to `wlan`.
 */
export const RADIO = 'wlan_radio.info';

export interface RadioInfo {
  /** Mb/s, -1 unknown. */
  rate: number;
  /** MHz, -1 unknown. */
  freq: number;
  /** dBm, NaN unknown. */
  signal: number;
  noise: number;
  /** The frame ends with its 4-byte FCS. */
  fcs: boolean;
  /** The 802.11 header is padded to a multiple of 4 bytes. */
  datapad: boolean;
}

const P = fieldTable.register('wlan_radio', '802.11 radio information', [
  { abbrev: 'wlan_radio.phy', name: 'PHY type', type: 'uint', bits: 32 },
  { abbrev: 'wlan_radio.data_rate', name: 'Data rate', type: 'double' },
  { abbrev: 'wlan_radio.channel', name: 'Channel', type: 'uint', bits: 32 },
  { abbrev: 'wlan_radio.frequency', name: 'Frequency', type: 'uint', bits: 16 },
  { abbrev: 'wlan_radio.signal_dbm', name: 'Signal strength (dBm)', type: 'int', bits: 8 },
  { abbrev: 'wlan_radio.noise_dbm', name: 'Noise level (dBm)', type: 'int', bits: 8 },
]);

/** IEEE channel number of a frequency (2.4 and 5 GHz bands), 0 when it is neither. */
function channelOf(mhz: number): number {
  if (mhz === 2484) return 14;
  if (mhz >= 2412 && mhz < 2484) return (mhz - 2407) / 5;
  if (mhz >= 5000 && mhz < 5900) return (mhz - 5000) / 5;
  return 0;
}

const wlanRadio: Dissector = {
  name: 'wlan_radio',
  dissect(tvb, pinfo, tree, parent) {
    const node = beginProtocol(P, tvb, pinfo, tree, parent, 0);
    const r = pinfo.data.get(RADIO) as RadioInfo | undefined;
    const f = P.f;
    if (r !== undefined) {
      if (r.rate >= 0) tree.add(node, f.data_rate, tvb, 0, 0, r.rate, `Data rate: ${r.rate} Mb/s`);
      if (r.freq >= 0) {
        const ch = channelOf(r.freq);
        if (ch > 0) tree.add(node, f.channel, tvb, 0, 0, ch);
        tree.add(node, f.frequency, tvb, 0, 0, r.freq, `Frequency: ${r.freq}MHz`);
      }
      if (!Number.isNaN(r.signal)) tree.add(node, f.signal_dbm, tvb, 0, 0, r.signal, `Signal strength (dBm): ${r.signal} dBm`);
      if (!Number.isNaN(r.noise)) tree.add(node, f.noise_dbm, tvb, 0, 0, r.noise, `Noise level (dBm): ${r.noise} dBm`);
    }
    dissectorTable('wlan').get(0)?.dissect(tvb, pinfo, tree, parent);
  },
};

dissectorTable('wlan_radio').add(0, wlanRadio);
