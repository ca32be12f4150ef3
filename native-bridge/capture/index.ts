/**
 * Live capture through libpcap (the optional `cap` binding, Wirepool's build in vendor/cap),
 * opened in the engine's worker thread; each packet is framed as a pcapng block in its batch,
 * and the batches are spooled to a pcapng file as they are.
 */
export {
  type BatchListener,
  captureAvailability,
  hasCaptureRights,
  loadCap,
  type CapModule,
  type CapHandle,
  type KernelCounts,
  type OpenOptions,
  type TimestampType,
} from './binding.js';
export { CaptureError, PERMISSION_FIX, openError, type CaptureErrorCode } from './errors.js';
export { deviceInterfaces } from './interfaces.js';
export { LiveCapture, type LiveOptions, type PacketHeader } from './live.js';
export { SNAPLEN, KERNEL_BUFFER, checkCaptureOptions } from './limits.js';
export { EPB_HEAD, EpbFraming, Spool, pcapngHead } from './pcapng-spool.js';
export { CaptureClock } from './clock.js';
export { removeStaleSpools, temporarySpoolPath } from './stale-spools.js';
export { MAX_SNAPLEN, wireLength, linkTypeOf } from './wire-length.js';
