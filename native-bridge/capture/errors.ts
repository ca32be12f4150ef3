import { WirepoolError } from '../common/errors.js';
import { HELPER_BUILD, helperPath, helperRightsFix } from './helper-path.js';

/** Stable codes of live-capture errors (a capture file's are formats' CaptureFormatErrorCode). */
export type CaptureErrorCode =
  | 'CAPTURE_NO_BINDING'
  | 'CAPTURE_PERMISSION'
  | 'CAPTURE_BAD_FILTER'
  | 'CAPTURE_NO_INTERFACE'
  | 'CAPTURE_OPEN_FAILED'
  /** Options refused before anything is opened (checkCaptureOptions). */
  | 'CAPTURE_BAD_SNAPLEN'
  | 'CAPTURE_BAD_INTERFACES'
  /** A time stamp type (-j) the interface does not offer, or that libpcap does not know. */
  | 'CAPTURE_BAD_TSTAMP_TYPE'
  | 'CAPTURE_BAD_BUFFER'
  | 'CAPTURE_SPOOL_NAME'
  /** The capture helper (wirepool-capture-helper) is not built, not found or cannot run. */
  | 'CAPTURE_HELPER_MISSING'
  /** The capture helper runs but may not capture: it lacks CAP_NET_RAW (setcap) and is not root. */
  | 'CAPTURE_HELPER_NO_RIGHTS'
  /** The capture helper died, ended on its own, reported a failure mid-capture or wrote garbage. */
  | 'CAPTURE_HELPER_FAILED';

/**
 * How to get the right to capture, for this runtime. The capture helper is the one program
 * given the capability (Wireshark's dumpcap way): not Node (every script it runs would get it),
 * and never Electron (a setcap'd Electron cannot load its libraries, electron#4583; as root it
 * needs --no-sandbox). A Node process may also run as root.
 */
export function permissionFix(): string {
  const helper = helperPath();
  if (helper !== undefined) return helperRightsFix(helper);
  const build = `build the capture helper: ${HELPER_BUILD}`;
  return process.versions.electron === undefined ? `run as root, or ${build}` : build;
}

export class CaptureError extends WirepoolError {
  declare readonly code: CaptureErrorCode;
  constructor(code: CaptureErrorCode, message: string, hint: string, cause?: unknown) {
    super(code, message, { hint, cause });
    this.name = 'CaptureError';
  }
}

/**
 * Turns what libpcap said when opening failed into an error with a stable code and a fix.
 * The message keeps libpcap's own words (a filter's syntax error says where it is).
 */
export function openError(e: unknown, iface: string, filter: string): CaptureError {
  const said = e instanceof Error ? e.message : String(e);
  if (/permission|not permitted|EPERM|EACCES/i.test(said)) {
    return new CaptureError('CAPTURE_PERMISSION', `no permission to capture on ${iface}: ${said}`, permissionFix(), e);
  }
  if (/no such device|doesn't exist|does not exist|No such file/i.test(said)) {
    return new CaptureError(
      'CAPTURE_NO_INTERFACE',
      `interface ${iface} does not exist: ${said}`,
      'list the interfaces with `wirepool interfaces`',
      e,
    );
  }
  if (/time stamp type|\(tstampType\)|-j /.test(said)) {
    return new CaptureError(
      'CAPTURE_BAD_TSTAMP_TYPE',
      `cannot capture on ${iface}: ${said}`,
      `choose one the interface offers (\`wirepool capture -i ${iface} --list-time-stamp-types\`), or leave -j out for its default`,
      e,
    );
  }
  if (filter !== '' && /syntax|parse error|illegal|unknown|can't|invalid|expression|filter/i.test(said)) {
    return new CaptureError(
      'CAPTURE_BAD_FILTER',
      `capture filter "${filter}" is invalid: ${said}`,
      'use pcap-filter syntax, e.g. "tcp port 80 and host 127.0.0.1" (man 7 pcap-filter)',
      e,
    );
  }
  return new CaptureError(
    'CAPTURE_OPEN_FAILED',
    `cannot capture on ${iface}: ${said}`,
    'check the interface is up (`ip link`) and that the buffer size is reasonable',
    e,
  );
}
