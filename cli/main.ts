import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { WirepoolError } from '../native-bridge/common/errors.js';
import { read } from './commands/read.js';
import { replay } from './commands/replay.js';
import { USAGE, UsageError } from './usage.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function oneFile(command: string, positionals: string[]): string {
  if (positionals.length !== 1) throw new UsageError(`${command} takes one capture file, got ${positionals.length}`);
  return positionals[0]!;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE + '\n');
      return command === undefined ? 2 : 0;
    case '--version':
    case '-v':
      process.stdout.write(version() + '\n');
      return 0;
    case 'read': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { fields: { type: 'string', short: 'e', multiple: true }, write: { type: 'string', short: 'w' } },
      });
      return read(oneFile('read', positionals), values);
    }
    case 'replay': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          speed: { type: 'string' },
          json: { type: 'boolean' },
          tiers: { type: 'string' },
          capacity: { type: 'string' },
        },
      });
      return replay(oneFile('replay', positionals), values);
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  if (e instanceof WirepoolError) {
    process.stderr.write(`wirepool: ${e.message}\n`);
    process.exitCode = e instanceof UsageError ? 2 : 1;
  } else if (e instanceof TypeError && (e as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`wirepool: ${e.message} (run \`wirepool help\` for usage)\n`);
    process.exitCode = 2;
  } else {
    throw e;
  }
}
