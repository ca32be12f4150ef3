/**
 * Live capture through libpcap (the optional `cap` binding, Wirepool's build in vendor/cap),
 * opened in the engine's worker thread; each packet is framed as a pcapng block in its batch,
 * and the batches are spooled to a pcapng file as they are. Without rights in this process, the
 * capture helper (HelperCapture, a separate process that alone holds CAP_NET_RAW) captures and
 * sends sealed batches over a pipe.
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
export { CaptureError, openError, permissionFix, type CaptureErrorCode } from './errors.js';
export { deviceInterfaces, timestampTypes } from './interfaces.js';
export { InProcessCapture, type SourceOptions } from './in-process.js';
export { type CaptureVia, openSource } from './open-source.js';
export type { CaptureSource, CapturedBatch, OnBatch } from './source.js';
export { HelperCapture, helperArgs, type HelperOptions, type OnHelperError } from './helper-capture.js';
export { HELPER_BUILD, HELPER_NAME, helperAvailability, helperPath, helperRightsFix, type HelperAvailability } from './helper-path.js';
export {
  SNAPLEN,
  KERNEL_BUFFER,
  INTERFACES,
  CAPTURE_LARGE_TIER,
  CAPTURE_BULK_TIER,
  CAPTURE_TIERS,
  checkCaptureOptions,
  checkInterfaces,
} from './limits.js';
export { EPB_HEAD, Spool, epbTail, pcapngHead } from './pcapng-spool.js';
export { removeStaleSpools, temporarySpoolPath } from './stale-spools.js';
export { LINKTYPE_LINUX_SLL2, linkTypeOf } from './link-types.js';
