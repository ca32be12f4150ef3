/**
 * The traffic generator: deterministic captures of realistic flows (TCP handshakes and
 * transfers, HTTP, DNS, UDP of many sizes, pings, ARP, IPv4 and IPv6, fragments), built with
 * native-bridge/build into one reused buffer. `TrafficGenerator` is runtime-free; `writeCapture`
 * writes pcap or pcapng.
 */
export { prng, Random } from './random.js';
export { TrafficGenerator, type GenerateOptions, type GeneratedFrame } from './generator.js';
export { PROFILES, PROFILE_NAMES, type Profile, type ProfileName } from './profiles.js';
export { writeCapture, type GenerateSummary } from './write.js';
export { GenerateError } from './errors.js';
