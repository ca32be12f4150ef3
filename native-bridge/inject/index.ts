/**
 * Replay onto an interface (what tcpreplay does): frames from a capture file sent through the
 * optional `cap` binding with the recorded timing, a multiple of it or a fixed rate, rewritten
 * in place with incremental checksums (native-bridge/craft), MTU and link type checked.
 */
export { inject, LOOPS, type InjectOptions, type InjectStats, type FrameSender } from './inject.js';
export { Sender, interfaceMtu } from './sender.js';
export { InjectError, type InjectErrorCode } from './errors.js';
