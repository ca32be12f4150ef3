export { WirepoolError, withHint, errorParts } from './errors.js';
export { formatEpoch, formatLocalTime, formatSpan } from './epoch.js';
export { type Speed, MAX_SPEED, SPEED_RULE, isSpeed, parseSpeed, checkSpeed } from './speed.js';
export { Pacer } from './pacer.js';
export { type Range, inRange, rangeText } from './range.js';
export { type PacketMeta, packetMeta } from './packet-meta.js';
export { internetChecksum, sum16, sumView, finish, updateChecksum, updateChecksum32 } from './checksum.js';
export { FileError, FILE_EXISTS, type FileErrorCode } from './file-errors.js';
export { concatBytes } from './bytes.js';
