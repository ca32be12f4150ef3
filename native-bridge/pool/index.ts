export { BufferPool, type GiveBackResult } from './buffer-pool.js';
export { Lease } from './lease.js';
export { SharedPacket } from './shared-packet.js';
export { PoolError } from './errors.js';
export { DEFAULT_TIERS, DEFAULT_CAPACITY, defaultCapacity, type PoolOptions, type LeakReport } from './options.js';
export { combineStats, sumStats, type PoolStats, type TierStats, type OversizeStats } from './stats.js';
