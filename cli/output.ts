/**
 * Buffered stdout for line-per-frame output. Stops quietly when the reader goes away
 * (`wirepool read big.pcap | head`), as Unix tools do.
 */
export class LineWriter {
  #buf: string[] = [];
  #size = 0;
  closed = false;

  constructor(readonly stream: NodeJS.WriteStream = process.stdout) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') this.closed = true;
      else throw e;
    });
  }

  line(s: string): void {
    this.#buf.push(s);
    this.#size += s.length + 1;
    if (this.#size >= 1 << 16) this.flush();
  }

  flush(): void {
    if (this.#buf.length === 0 || this.closed) return;
    this.stream.write(`${this.#buf.join('\n')}\n`);
    this.#buf = [];
    this.#size = 0;
  }
}
