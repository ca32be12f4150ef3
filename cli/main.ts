import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { WirepoolError } from '../native-bridge/common/errors.js';
import { FilterError } from '../native-bridge/filter/index.js';
import { capture } from './commands/capture.js';
import { follow } from './commands/follow.js';
import { generate } from './commands/generate.js';
import { inject } from './commands/inject.js';
import { interfaces } from './commands/interfaces.js';
import { read } from './commands/read.js';
import { replay } from './commands/replay.js';
import { serve } from './commands/serve.js';
import { stats } from './commands/stats.js';
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
        options: {
          fields: { type: 'string', short: 'e', multiple: true },
          write: { type: 'string', short: 'w' },
          filter: { type: 'string', short: 'Y' },
        },
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
          filter: { type: 'string', short: 'Y' },
        },
      });
      return replay(oneFile('replay', positionals), values);
    }
    case 'serve': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { port: { type: 'string' }, host: { type: 'string' } } });
      if (positionals.length > 1) throw new UsageError(`serve takes at most one capture file, got ${positionals.length}`);
      return serve(positionals[0], values);
    }
    case 'interfaces': {
      const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } } });
      return interfaces(values);
    }
    case 'capture': {
      const { values } = parseArgs({
        args: rest,
        options: {
          interface: { type: 'string', short: 'i' },
          filter: { type: 'string', short: 'f' },
          count: { type: 'string', short: 'c' },
          autostop: { type: 'string', short: 'a' },
          write: { type: 'string', short: 'w' },
          snaplen: { type: 'string', short: 's' },
          buffer: { type: 'string', short: 'B' },
          json: { type: 'boolean' },
        },
      });
      return capture(values);
    }
    case 'generate': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { profile: { type: 'string' }, packets: { type: 'string' }, seed: { type: 'string' }, write: { type: 'string', short: 'w' }, json: { type: 'boolean' } },
      });
      if (positionals.length > 0) throw new UsageError(`generate takes no file argument (got ${positionals[0]}); write with -w FILE`);
      return generate(values);
    }
    case 'inject': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          interface: { type: 'string', short: 'i' },
          speed: { type: 'string' },
          pps: { type: 'string' },
          loop: { type: 'string' },
          rewrite: { type: 'string' },
          json: { type: 'boolean' },
        },
      });
      return inject(oneFile('inject', positionals), values);
    }
    case 'stats':
      return stats(rest);
    case 'follow':
      return follow(rest);
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  if (e instanceof FilterError) {
    // The filter with a caret under the offending text, as TShark shows it.
    process.stderr.write(`wirepool: -Y: ${e.message}\n${e.excerpt().replace(/^/gm, '  ')}\n`);
    process.exitCode = 2;
  } else if (e instanceof WirepoolError) {
    process.stderr.write(`wirepool: ${e.message}\n`);
    process.exitCode = e instanceof UsageError ? 2 : 1;
  } else if (e instanceof TypeError && (e as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`wirepool: ${e.message} (run \`wirepool help\` for usage)\n`);
    process.exitCode = 2;
  } else {
    throw e;
  }
}
