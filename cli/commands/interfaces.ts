import { EngineThread } from '../../native-bridge/engine/index.js';

/** `wirepool interfaces`: what libpcap can capture on, with addresses and flags. */
export async function interfaces(args: { json?: boolean }): Promise<number> {
  const engine = await EngineThread.start({ event: () => {} });
  try {
    const list = (await engine.request('interfaces', {})).interfaces;
    if (args.json) {
      process.stdout.write(`${JSON.stringify(list)}\n`);
      return 0;
    }
    const rows = [['name', 'flags', 'addresses', 'description']];
    for (const i of list) {
      const flags = [i.up ? 'up' : 'down', ...(i.loopback ? ['loopback'] : [])].join(',');
      rows.push([i.name, flags, i.addresses.join(' '), i.description]);
    }
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
    process.stdout.write(
      `${rows
        .map((r) =>
          r
            .map((cell, c) => cell.padEnd(widths[c]!))
            .join('  ')
            .trimEnd(),
        )
        .join('\n')}\n`,
    );
    const avail = engine.captureAvailable();
    if (!avail.available) process.stderr.write(`wirepool: note: ${avail.reason}\n`);
    return 0;
  } finally {
    await engine.close();
  }
}
