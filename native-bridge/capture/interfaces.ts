import { readFileSync } from 'node:fs';
import type { InterfaceInfo } from '../protocol/index.js';
import { type CapModule, type TimestampType, loadCap } from './binding.js';
import { CaptureError, openError } from './errors.js';

const IFF_UP = 1;

/** Linux: the interface's IFF_UP flag from sysfs; elsewhere (or unknown) true. */
function isUp(name: string): boolean {
  if (process.platform !== 'linux') return true;
  try {
    return (Number.parseInt(readFileSync(`/sys/class/net/${name}/flags`, 'utf8').trim(), 16) & IFF_UP) !== 0;
  } catch {
    return true; // pseudo-devices (any, nflog, dbus-…) have no sysfs entry
  }
}

/** libpcap's device list as Wirepool describes interfaces. */
export function deviceInterfaces(cap: CapModule): InterfaceInfo[] {
  return cap.Cap.deviceList().map((d) => ({
    name: d.name,
    description: d.description ?? '',
    addresses: d.addresses.map((a) => a.addr).filter((a): a is string => typeof a === 'string'),
    up: isUp(d.name),
    loopback: d.flags === 'PCAP_IF_LOOPBACK',
  }));
}

/**
 * The time stamp types `iface` offers for a capture's tstampType (tcpdump's -j): libpcap's list
 * on a handle that is created, not activated. Throws CaptureError (CAPTURE_NO_INTERFACE…) as
 * opening would.
 */
export function timestampTypes(iface: string): TimestampType[] {
  const cap = loadCap();
  if (cap.Cap.timestampTypes === undefined)
    throw new CaptureError(
      'CAPTURE_NO_BINDING',
      "the `cap` binding cannot list time stamp types (it is not Wirepool's build)",
      'reinstall with `npm ci` so npm builds cap from vendor/cap (see vendor/cap/WIREPOOL.md)',
    );
  try {
    return cap.Cap.timestampTypes(iface);
  } catch (e) {
    throw openError(e, iface, '');
  }
}
