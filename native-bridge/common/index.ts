export { WirepoolError } from './errors.js';
export { formatEpoch } from './epoch.js';
