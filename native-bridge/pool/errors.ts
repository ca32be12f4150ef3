import { WirepoolError } from '../common/errors.js';

/** Codes: POOL_BAD_OPTIONS, POOL_BAD_SIZE, POOL_OVERSIZE, POOL_DOUBLE_RELEASE, POOL_USE_AFTER_RELEASE, POOL_SLICE_RANGE, POOL_STILL_SHARED. */
export class PoolError extends WirepoolError {
  constructor(code: string, message: string, options?: { hint?: string }) {
    super(code, message, options);
    this.name = 'PoolError';
  }
}

export function formatSize(bytes: number): string {
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} B`;
}
