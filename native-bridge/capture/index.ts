/**
 * Live capture through libpcap (the optional `cap` binding), in a capture process the engine
 * worker supervises; packets arrive as a pcapng stream with nanosecond timestamps.
 */
export { captureAvailability, hasCaptureRights, loadCap, type CapModule, type CapHandle } from './binding.js';
export { CaptureError, PERMISSION_FIX, messageOnly, openError, type CaptureErrorCode } from './errors.js';
export { CaptureProcess, listInterfaces, type CaptureEvents } from './process.js';
export type { ChildRequest } from './child-protocol.js';
export { CaptureClock } from './clock.js';
export { MAX_SNAPLEN, wireLength, linkTypeOf } from './wire-length.js';
