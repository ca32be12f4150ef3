import { parseArgs } from 'node:util';
import { WirepoolError } from '../native-bridge/common/errors.js';
import { packageVersion } from './paths.js';
import { USAGE, UsageError, commandUsage } from './usage.js';

// Commands load when they run: `--version` or `read` should not pay for the UI server,
// capture and the generator (module loading was most of a short command's time).

function oneFile(command: string, positionals: string[]): string {
  if (positionals.length !== 1) throw new UsageError(`${command} takes one capture file, got ${positionals.length}`);
  return positionals[0]!;
}

/** A display-filter error (told by shape, so the filter compiler loads only with a command that uses it). */
function isFilterError(e: unknown): e is WirepoolError & { excerpt(): string } {
  return e instanceof WirepoolError && e.code.startsWith('FILTER_') && typeof (e as { excerpt?: unknown }).excerpt === 'function';
}

/** `wirepool COMMAND --help` (or -h, before any `--`): that command's usage. */
function asksHelp(rest: string[]): boolean {
  const end = rest.indexOf('--');
  return (end < 0 ? rest : rest.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const usage = command === undefined ? undefined : commandUsage(command);
  if (usage !== undefined && asksHelp(rest)) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    case '--version':
    case '-v':
      process.stdout.write(`${packageVersion()}\n`);
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
      return (await import('./commands/read.js')).read(oneFile('read', positionals), values);
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
      return (await import('./commands/replay.js')).replay(oneFile('replay', positionals), values);
    }
    case 'serve': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          port: { type: 'string' },
          host: { type: 'string' },
          'max-clients': { type: 'string' },
          root: { type: 'string', multiple: true },
        },
      });
      if (positionals.length > 1) throw new UsageError(`serve takes at most one capture file, got ${positionals.length}`);
      return (await import('./commands/serve.js')).serve(positionals[0], values);
    }
    case 'interfaces': {
      const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } } });
      return (await import('./commands/interfaces.js')).interfaces(values);
    }
    case 'capture': {
      const { values } = parseArgs({
        args: rest,
        options: {
          interface: { type: 'string', short: 'i', multiple: true },
          filter: { type: 'string', short: 'f' },
          count: { type: 'string', short: 'c' },
          autostop: { type: 'string', short: 'a' },
          write: { type: 'string', short: 'w' },
          snaplen: { type: 'string', short: 's' },
          buffer: { type: 'string', short: 'B' },
          'no-promiscuous-mode': { type: 'boolean', short: 'p' },
          'immediate-mode': { type: 'boolean' },
          helper: { type: 'boolean' },
          'time-stamp-type': { type: 'string', short: 'j' },
          'list-time-stamp-types': { type: 'boolean' },
          memory: { type: 'string' },
          json: { type: 'boolean' },
        },
      });
      return (await import('./commands/capture.js')).capture(values);
    }
    case 'generate': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          profile: { type: 'string' },
          packets: { type: 'string' },
          seed: { type: 'string' },
          write: { type: 'string', short: 'w' },
          json: { type: 'boolean' },
        },
      });
      if (positionals.length > 0) throw new UsageError(`generate takes no file argument (got ${positionals[0]}); write with -w FILE`);
      return (await import('./commands/generate.js')).generate(values);
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
      return (await import('./commands/inject.js')).inject(oneFile('inject', positionals), values);
    }
    case 'stats':
      return (await import('./commands/stats.js')).stats(rest);
    case 'follow':
      return (await import('./commands/follow.js')).follow(rest);
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  if (isFilterError(e)) {
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
