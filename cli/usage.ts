import { type Range, SPEED_RULE, type Speed, WirepoolError, inRange, parseSpeed, rangeText } from '../native-bridge/common/index.js';

export const USAGE = `wirepool — packet inspector built around a zero-copy tiered buffer pool

Usage:
  wirepool read FILE [-Y FILTER] [-e FIELD]... [-w OUT.pcap|OUT.pcapng]
                                           one line per frame, tab-separated: number, epoch time,
                                           wire length, captured length, interface id, protocol
                                           stack, source, destination, protocol, info; with -e,
                                           the named fields (as tshark -T fields); with -w, the
                                           frames written to a capture file; -Y keeps the frames
                                           a display filter passes (Wireshark's syntax)
  wirepool replay FILE [-Y FILTER] [--speed N|max] [--json] [--tiers 4096,16384,65536] [--capacity N]
                                           replay through the pool, print per-tier pool stats
  wirepool interfaces [--json]            the interfaces libpcap can capture on
  wirepool capture -i IFACE [-i IFACE…] [-f BPF] [-c COUNT] [-a duration:SECONDS] [-w FILE] [-s SNAPLEN (262144)] [-B BYTES] [-p] [--immediate-mode] [-j TYPE] [--list-time-stamp-types] [--helper] [--memory MIB] [--json]
                                           live capture through the pool on one interface or
                                           several (-i again: one pcapng, an IDB each), in this
                                           process when it may capture (root, CAP_NET_RAW), else
                                           through the capture helper (--helper: always); -f is a
                                           capture filter (pcap-filter syntax), -w writes the
                                           capture (.pcapng spooled as it arrives, .pcap at the
                                           end); packets stay in memory up to --memory MiB
                                           (default 64), the oldest evicted past it; -p not in
                                           promiscuous mode; packets come in blocks within
                                           100 ms (--immediate-mode: one by one, at more CPU);
                                           timestamps, lengths and drops are the kernel's, as
                                           tcpdump shows them; prints per-tier pool stats
  wirepool stats FILE [--hierarchy] [--conversations TYPE]... [--endpoints TYPE]... [--io SECS]... [--expert] [--json]
                                           statistics as tshark -q -z prints them: protocol
                                           hierarchy (io,phs), conversations (conv,TYPE),
                                           endpoints (endpoints,TYPE), packets and bytes per
                                           interval (io,stat,SECS; 0 = whole capture),
                                           expert information (expert);
                                           TYPE: eth, ip, ipv6, tcp, udp
  wirepool follow FILE --tcp N|--udp N [--format ascii|hex|raw]
                                           one stream's payload (tcp.stream / udp.stream N),
                                           both directions in order, as tshark -z follow
  wirepool serve [FILE] [--port N] [--host ADDR] [--root DIR]... [--max-clients N]
                                           the desktop UI in a browser: serves it on 127.0.0.1
                                           (another address only with --host, with a warning)
                                           and prints its URL with a secret token; FILE is
                                           opened for each page that connects; pages open and
                                           save files only inside --root folders (default: your
                                           home, the temp folder, the samples, FILE's folder;
                                           never /etc, /usr, /proc…), save only .pcap/.pcapng
                                           and replace a file only when the user confirms; at
                                           most N pages at once (default 8)
  wirepool generate [--profile small|large|mixed|fragments] [--packets N] [--seed S] -w FILE [--json]
                                           a deterministic capture (same seed, same bytes) of
                                           realistic flows: TCP handshakes and HTTP, 16–64 KiB
                                           loopback bulk segments, DNS, UDP of many sizes,
                                           pings, ARP, IPv4 and IPv6, IP fragments; .pcap or
                                           .pcapng by FILE's extension
  wirepool inject -i IFACE FILE [--speed N|max] [--pps N] [--loop N] [--rewrite FIELD=VALUE,...] [--json]
                                           send the capture's frames on an interface (needs
                                           root or CAP_NET_RAW and the optional cap binding)
                                           with the recorded timing (--speed 1, the default),
                                           N times faster, as fast as possible (max) or at a
                                           fixed rate (--pps); --rewrite changes eth.src/dst,
                                           ip.src/dst/ttl/dsfield, ipv6.src/dst/hlim and
                                           tcp/udp.srcport/dstport in place, checksums updated;
                                           frames over the MTU are skipped and counted; a file
                                           of another link type is refused before sending
  wirepool help                            this text
  wirepool --version

FILE is a pcap or pcapng capture (either byte order, micro- or nanosecond pcap); named pipes and
devices are refused. -w replaces an existing OUT (as tcpdump and tshark do), through a temporary
file renamed into place, but never the file being read and never through a symbolic link.
Exit status: 0 on success, 1 when the file is malformed or unreadable (the frames before the
fault are still printed), 2 on a usage error.`;

export class UsageError extends WirepoolError {
  constructor(message: string) {
    super('CLI_USAGE', message, { hint: 'run `wirepool help` for usage' });
    this.name = 'UsageError';
  }
}

/** `--speed N|Nx|max`, or `dflt` when not given. */
export function speedOption(value: string | undefined, dflt: Speed): Speed {
  if (value === undefined) return dflt;
  const speed = parseSpeed(value);
  if (speed === undefined) throw new UsageError(`--speed takes ${SPEED_RULE}, got "${value}"`);
  return speed;
}

/** A whole-number option within `range`, or undefined when not given. */
export function wholeOption(flag: string, value: string | undefined, range: Range): number | undefined {
  if (value === undefined) return undefined;
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (!inRange(range, n)) throw new UsageError(`${flag} takes ${rangeText(range)}, got "${value}"`);
  return n;
}

/**
 * The part of USAGE about `command` (its synopsis and description), for `wirepool COMMAND
 * --help`; undefined for a command USAGE does not list.
 */
export function commandUsage(command: string): string | undefined {
  const lines = USAGE.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`  wirepool ${command} `) || l === `  wirepool ${command}`);
  if (start < 0) return undefined;
  let end = start + 1;
  while (end < lines.length && lines[end]!.startsWith('   ') && !lines[end]!.startsWith('  wirepool ')) end++;
  return `Usage:\n${lines.slice(start, end).join('\n')}`;
}
