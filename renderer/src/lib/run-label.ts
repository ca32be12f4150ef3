import type { RunState, SourceInfo } from '../../../native-bridge/protocol/index.js';

/**
 * What the status bar says of the run: its source and where it stands, so a capture that
 * stopped no longer reads "capturing on lo", nor a finished replay "replaying".
 */
export function runLabel(source: Pick<SourceInfo, 'kind' | 'name'> | undefined, state: RunState | undefined): string {
  if (source === undefined) return 'no file open';
  const name = source.name;
  if (source.kind === 'capture') {
    switch (state) {
      case undefined:
      case 'running':
        return `capturing on ${name}`;
      case 'paused':
        return `capture on ${name} paused`;
      case 'failed':
        return `capture on ${name} failed`;
      case 'done':
      case 'stopped':
        return `capture on ${name} stopped`;
    }
  }
  switch (state) {
    case undefined:
    case 'running':
      return `replaying ${name}`;
    case 'paused':
      return `replay of ${name} paused`;
    case 'failed':
      return `replay of ${name} failed`;
    case 'stopped':
      return `replay of ${name} stopped`;
    case 'done':
      return `${name} (done)`;
  }
}
