/**
 * The rows of `-z expert` text that come from expert items Wirepool's decoders add: what
 * scripts/expert-oracle.ts compares with TShark and test/stats/expert.test.ts checks.
 */

/** A row of `-z expert` Wirepool can produce: its protocol and the start of its message. */
export const COVERED: readonly [protocol: string, message: RegExp][] = [
  [
    'TCP',
    /^(Connection |This frame (is a|initiates|undergoes)|Previous segment|ACKed segment|Duplicate ACK|TCP (window update|keep-alive|Zero Window)|The (acknowledgment|urgent)|Bogus TCP)/,
  ],
  ['HTTP', /./],
  ['IPv4', /^("Time To Live"|Bogus IPv4 version)/],
  ['UDP', /^(Bad length value|Illegal checksum)/],
  ['ICMP', /^Bad checksum/],
];

const covered = (line: string): boolean => {
  const m = /^\s+\d+\s+\S.{0,10}\s+(.{18}) {2}(.*)$/.exec(line);
  if (m === null) return false;
  const protocol = m[1]!.trim();
  return COVERED.some(([p, re]) => p === protocol && re.test(m[2]!));
};

/** The `-z expert` text reduced to the covered rows, each with its section ("Notes: … row"). */
export function coveredRows(text: Iterable<string>): string[] {
  const out: string[] = [];
  let section = '';
  for (const line of text) {
    const head = /^(Errors|Warns|Notes|Chats|Comments) \(/.exec(line);
    if (head) section = head[1]!;
    else if (covered(line)) out.push(`${section}: ${line.trim().replace(/\s+/, ' ')}`);
  }
  return out;
}
