export { WirepoolError } from './errors.js';
