import type { WriteStream } from 'node:tty';

/**
 * A one-line progress bar on a terminal (stderr), redrawn in place; nothing at all when the
 * stream is not a terminal, so pipes and logs stay clean.
 */
export class Progress {
  readonly #out: WriteStream | undefined;
  #drawn = false;

  constructor(stream: NodeJS.WriteStream = process.stderr) {
    this.#out = stream.isTTY ? (stream as WriteStream) : undefined;
  }

  update(done: number, total: number, detail: string): void {
    if (this.#out === undefined || total <= 0) return;
    const width = 30;
    const frac = Math.min(1, done / total);
    const filled = Math.round(frac * width);
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}%  ${detail}`;
    this.#out.write(`\r${line.slice(0, (this.#out.columns || 80) - 1)}\x1b[K`);
    this.#drawn = true;
  }

  clear(): void {
    if (this.#out !== undefined && this.#drawn) this.#out.write('\r\x1b[K');
    this.#drawn = false;
  }
}
