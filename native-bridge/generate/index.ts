/**
 * The traffic generator: deterministic captures of realistic flows built with native-bridge/build.
 */
export { prng, Random } from './random.js';
