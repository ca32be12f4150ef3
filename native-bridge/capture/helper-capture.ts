import { type ChildProcess, spawn } from 'node:child_process';
import type net from 'node:net';
import { BATCH_MAGIC, ENTRY_BYTES, HEADER_BYTES } from '../batch/index.js';
import type { BufferPool, Lease } from '../pool/index.js';
import type { KernelCounts } from './binding.js';
import { CaptureError, openError } from './errors.js';
import { HELPER_NAME, helperPath, helperRightsFix } from './helper-path.js';
import { CAPTURE_BULK_TIER } from './limits.js';
import { readSocketPair } from './read-socket.js';
import type { CaptureSource, OnBatch } from './source.js';

/** How HelperCapture opens an interface: LiveOptions' choices, given to the helper as arguments. */
export interface HelperOptions {
  iface: string;
  /** A BPF capture filter (pcap-filter syntax); '' or undefined for everything. */
  filter?: string | undefined;
  /** The kernel ring's size in bytes (`-B`); undefined: libpcap's default. */
  bufferSize?: number | undefined;
  /** Bytes kept of each packet (`-s`, default 65535). */
  snaplen?: number | undefined;
  /** Promiscuous mode (default true; false gives `-p`). */
  promiscuous?: boolean | undefined;
  /** Immediate mode (default false). */
  immediate?: boolean | undefined;
  /** The read timeout in ms (default 100). */
  timeoutMs?: number | undefined;
  /** libpcap's time stamp type by name (`-j`: host, adapter, …); undefined: the default. */
  tstampType?: string | undefined;
  /** The link-layer header type (LINKTYPE_, tcpdump's -y); undefined: the interface's default. */
  linkType?: number | undefined;
  /** The pcapng interface id written into every block and index entry (default 0). */
  interfaceId?: number | undefined;
  /** Size of each batch the helper fills (default CAPTURE_BULK_TIER: a flood's batches as large as in-process ones). */
  batchBytes?: number | undefined;
  /** The helper to run (default helperPath()). */
  helper?: string | undefined;
  /**
   * A command to run the helper through when the user asks for it, e.g. ['pkexec'] or
   * ['sudo', '-n']: the helper then starts as root and drops to the user who asked
   * (SUDO_UID, PKEXEC_UID) once the interface is open. Undefined: run the helper directly
   * (its file capabilities, or this process being root, give it the right to capture).
   */
  runAs?: readonly string[] | undefined;
}

/** Called once when a capture that was open fails: the helper died, ended on its own or reported an error. */
export type OnHelperError = (error: CaptureError) => void;

/** Message types on the helper's stdout (vendor/cap/src/capture_helper.c). */
const OPENED = 1;
const BATCH = 2;
const STATS = 3;
const ERROR = 4;
const END = 5;
const MESSAGE_HEAD = 8;
/** Bounds what a message may claim before anything is allocated for it. */
const MAX_SMALL = 64 * 1024;
const MAX_BATCH = (64 << 20) + (1 << 20);
/** close() kills a helper that has not exited this long after being told to stop. */
const KILL_AFTER_MS = 1000;
const STDERR_KEEP = 4096;

/**
 * A live capture on one interface through the capture helper, `wirepool-capture-helper`
 * (vendor/cap/src/capture_helper.c): a small libpcap program that alone holds CAP_NET_RAW and
 * CAP_NET_ADMIN (`setcap`, or pkexec/sudo), so this process (Electron, the engine's worker
 * thread) needs no rights. The helper fills sealed WPB1 batches (pcapng blocks + index) and
 * writes them as messages to its stdout; this object reads them into pooled buffers and hands
 * each to onBatch.
 *
 * Copies per packet byte, kernel to onBatch:
 *   1. kernel ring (TPACKET_V3, mmap) → the helper's batch buffer (batch_put's memcpy);
 *   2. helper → socket (write(2): the kernel copies into the socket's buffer);
 *   3. socket → the pooled Lease (read(2) by libuv straight into the lease's bytes).
 * So one user-space copy (1) and the two kernel copies of any pipe. The helper's stdout is one
 * end of a Unix socket pair this process made (`readSocketPair`); the other end is opened with
 * Node's `onread`, whose buffer callback names exactly the bytes wanted next (the rest of a
 * message head, or of a batch's lease), so no read crosses a message and nothing is copied in
 * JavaScript. (A child's own stdout pipe cannot take `onread`: it was a fourth copy, from
 * Node's chunk into the lease.)
 *
 * Framing checks: a message's type and length are checked before anything is allocated for it;
 * a BATCH must start with a WPB1 header whose usedBytes is the message length. Anything else is
 * a protocol failure: the helper is killed and onError told.
 *
 * Threads: it spawns with child_process, which works in worker threads; all callbacks run on
 * the calling thread's event loop.
 */
export class HelperCapture implements CaptureSource {
  readonly iface: string;
  readonly helper: string;
  /** Set by OPENED. */
  linkType = 0;
  snaplen = 0;
  /** libpcap's version string, as the helper reported it. */
  libpcapVersion = '';
  /** Resolves when the helper process is gone (after close(), an END or a failure). */
  readonly exited: Promise<void>;

  readonly #pool: BufferPool;
  readonly #onBatch: OnBatch;
  readonly #onError: OnHelperError;
  readonly #filter: string;
  readonly #child: ChildProcess;
  #open = false;
  #closed = false;
  /** end() was called: the helper is stopping and its last batches still come through onBatch. */
  #ending = false;
  #ended = false;
  #failed = false;
  #counts: KernelCounts | undefined;
  #stderr = '';
  #killTimer: ReturnType<typeof setTimeout> | undefined;
  #opening: { resolve: (c: HelperCapture) => void; reject: (e: CaptureError) => void } | undefined;

  // The message being read.
  readonly #head: Buffer;
  #headGot = 0;
  #type = 0;
  #length = -1;
  #got = 0;
  #lease: Lease | undefined;
  #small: Buffer | undefined;

  /**
   * Starts the helper and resolves once it has opened the interface (OPENED: link type and snap
   * length known). Rejects with a CaptureError: CAPTURE_HELPER_MISSING (not built, cannot be
   * run), CAPTURE_HELPER_NO_RIGHTS (may not capture: the fix is the setcap command for this
   * helper), CAPTURE_NO_INTERFACE, CAPTURE_BAD_FILTER, CAPTURE_OPEN_FAILED (libpcap's words), or
   * CAPTURE_HELPER_FAILED (it exited without saying why). After that, a failure goes to onError
   * (once), and onBatch gets every sealed batch (its lease is the callee's to release or transfer)
   * until close().
   */
  static open(o: HelperOptions, pool: BufferPool, onBatch: OnBatch, onError: OnHelperError): Promise<HelperCapture> {
    const helper = o.helper ?? helperPath();
    if (helper === undefined) {
      return Promise.reject(
        new CaptureError(
          'CAPTURE_HELPER_MISSING',
          `cannot capture on ${o.iface} through the capture helper: ${HELPER_NAME} was not built (cap is missing, or was built without it)`,
          'install the libpcap headers and rebuild cap: `apt-get install libpcap-dev && rm -rf node_modules/cap && npm install`, or set WIREPOOL_CAPTURE_HELPER to its path',
        ),
      );
    }
    return new Promise((resolve, reject) => {
      // The reader's data lands in whatever the capture wants next: a lease's bytes for a batch.
      // Node asks for the first target as the socket is made, before the capture exists: the
      // head buffer the capture will read its first message head into.
      let capture: HelperCapture | undefined;
      const head = Buffer.alloc(MESSAGE_HEAD);
      readSocketPair({
        target: () => capture?.target() ?? head,
        read: (n) => capture?.took(n),
      }).then(
        ({ reader, writer }) => {
          capture = new HelperCapture(o, helper, pool, onBatch, onError, { resolve, reject }, head, reader, writer);
        },
        (e: unknown) =>
          reject(
            new CaptureError(
              'CAPTURE_HELPER_FAILED',
              `cannot capture on ${o.iface} through the capture helper: no socket to read it from (${e instanceof Error ? e.message : String(e)})`,
              'check that the temporary folder is writable (TMPDIR)',
              e,
            ),
          ),
      );
    });
  }

  private constructor(
    o: HelperOptions,
    helper: string,
    pool: BufferPool,
    onBatch: OnBatch,
    onError: OnHelperError,
    opening: { resolve: (c: HelperCapture) => void; reject: (e: CaptureError) => void },
    head: Buffer,
    reader: net.Socket,
    writer: net.Socket,
  ) {
    this.#head = head;
    this.iface = o.iface;
    this.helper = helper;
    this.#pool = pool;
    this.#onBatch = onBatch;
    this.#onError = onError;
    this.#filter = o.filter ?? '';
    this.#opening = opening;
    const args = helperArgs(o);
    const [command, ...prefix] = o.runAs !== undefined && o.runAs.length > 0 ? [...o.runAs, helper] : [helper];
    // The helper writes to a socket whose other end this process reads with `onread`: each
    // message's bytes go straight from the kernel into their lease (no copy in JavaScript).
    this.#child = spawn(command!, [...prefix, ...args], { stdio: ['pipe', writer, 'pipe'] });
    writer.destroy(); // the helper has its own copy of the descriptor
    const child = this.#child;
    const stdin = child.stdin!;
    const stderr = child.stderr!;
    let resolveExited!: () => void;
    this.exited = new Promise((r) => (resolveExited = r));
    stdin.on('error', () => {}); // EPIPE once the helper is gone: its exit tells the rest
    reader.on('error', () => {});
    stderr.on('error', () => {});
    stderr.setEncoding('utf8');
    stderr.on('data', (s: string) => {
      this.#stderr = (this.#stderr + s).slice(-STDERR_KEEP);
    });
    // Gone: the process has exited and every byte it wrote has been read (the socket's end
    // comes on its own, before or after the exit).
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let drained = false;
    const gone = (): void => {
      if (exit !== undefined && drained) onGone(exit.code, exit.signal);
    };
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      gone();
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      // Spawning failed (ENOENT, EACCES): no exit event comes, and nothing will be written.
      this.#fail(
        new CaptureError(
          'CAPTURE_HELPER_MISSING',
          `cannot capture on ${this.iface}: the capture helper ${command} could not be started (${e.code ?? e.message})`,
          e.code === 'EACCES'
            ? `make it executable: \`chmod 755 ${helper}\``
            : 'rebuild cap (`rm -rf node_modules/cap && npm install`) or set WIREPOOL_CAPTURE_HELPER',
          e,
        ),
      );
      exit ??= { code: null, signal: null };
      reader.destroy();
    });
    reader.on('close', () => {
      drained = true;
      gone();
    });
    const onGone = (code: number | null, signal: NodeJS.Signals | null): void => {
      if (this.#killTimer !== undefined) clearTimeout(this.#killTimer);
      this.#open = false;
      this.#dropPartial();
      // Asked to end (end()): its exit, after END or after the kill, is what was asked for.
      if (!this.#closed && !this.#failed && !(this.#ending && this.#opening === undefined)) {
        const said = this.#stderr.trim().split('\n').at(-1) ?? '';
        const how = signal !== null ? `was killed by ${signal}` : `exited with status ${String(code)}`;
        if (this.#opening !== undefined) {
          this.#fail(
            new CaptureError(
              'CAPTURE_HELPER_FAILED',
              `the capture helper ${how} before opening ${this.iface}${said ? `: ${said}` : ''}`,
              `run it by hand to see why: \`${[helper, ...args].join(' ')}\``,
            ),
          );
        } else if (this.#ended) {
          this.#fail(
            new CaptureError(
              'CAPTURE_HELPER_FAILED',
              `the capture helper on ${this.iface} ended on its own (it was sent SIGTERM or SIGINT)`,
              'start the capture again',
            ),
          );
        } else {
          this.#fail(
            new CaptureError(
              'CAPTURE_HELPER_FAILED',
              `the capture helper on ${this.iface} (pid ${String(child.pid)}) ${how} mid-capture${said ? `: ${said}` : ''}`,
              'start the capture again; if it keeps dying, run the helper by hand to see why',
            ),
          );
        }
      }
      resolveExited();
    };
  }

  get open(): boolean {
    return this.#open;
  }

  /** The helper's process id (undefined when it could not be started). */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** The last STATS the helper sent (every 200 ms); undefined when closed or none came yet. */
  kernelCounts(): KernelCounts | undefined {
    return this.#open ? this.#counts : undefined;
  }

  /**
   * Asks the helper to seal its partly filled batch now ("flush" on its stdin). The batch comes
   * through onBatch later, never during this call. Without it the helper seals a batch 50 ms
   * after its first packet at the latest, so a flush only shortens that wait.
   */
  flush(): void {
    if (this.#open) this.#child.stdin!.write('flush\n');
  }

  /**
   * Stops the capture: "stop" and EOF on the helper's stdin (it then seals, sends its last
   * STATS and END, and exits), SIGKILL if it has not exited 1 s later. onBatch is not called
   * after close(); what the helper still sends is read and dropped (so it never blocks on a full
   * pipe). Safe from inside onBatch. `exited` resolves when the process is gone.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#open = false;
    this.#dropPartial();
    if (this.#child.exitCode !== null || this.#child.signalCode !== null || this.#ending) return;
    this.#child.stdin!.end('stop\n');
    this.#killTimer = setTimeout(() => this.#child.kill('SIGKILL'), KILL_AFTER_MS);
  }

  /**
   * Stops the capture without losing what the helper still holds: "stop" on its stdin, then its
   * last batches (the partly filled one included) come through onBatch until it says END and
   * exits (SIGKILL 1 s after the stop if it has not). Resolves once it is gone; the capture is
   * then closed. The user's Stop and a capture's duration end this way; close() drops them.
   */
  end(): Promise<void> {
    if (this.#closed || this.#ending) return this.exited;
    this.#ending = true;
    if (this.#child.exitCode === null && this.#child.signalCode === null) {
      this.#child.stdin!.end('stop\n');
      this.#killTimer = setTimeout(() => this.#child.kill('SIGKILL'), KILL_AFTER_MS);
    }
    return this.exited.then(() => {
      this.#closed = true;
      this.#open = false;
    });
  }

  /** Scratch the socket reads into once nothing more is wanted (closed, failed): read and dropped. */
  readonly #discard = new Uint8Array(64 * 1024);

  /** Where the socket's next bytes go: the rest of the message head, or of the payload (a lease's bytes for a batch). */
  target(): Uint8Array {
    if (this.#closed || this.#failed) return this.#discard;
    if (this.#length < 0) return this.#head.subarray(this.#headGot, MESSAGE_HEAD);
    const into = this.#lease !== undefined ? this.#lease.bytes : this.#small!;
    return into.subarray(this.#got, this.#length);
  }

  /** `n` bytes were read into the last target(). */
  took(n: number): void {
    if (this.#closed || this.#failed || n <= 0) return;
    if (this.#length < 0) {
      this.#headGot += n;
      if (this.#headGot < MESSAGE_HEAD) return;
      this.#headGot = 0;
      if (!this.#begin(this.#head.readUInt32LE(0), this.#head.readUInt32LE(4))) return;
    } else this.#got += n;
    if (this.#got === this.#length) this.#finish();
  }

  /** A message head came: checks it and makes room for its payload. False: give up reading. */
  #begin(type: number, length: number): boolean {
    const max = type === BATCH ? MAX_BATCH : MAX_SMALL;
    if (type < OPENED || type > END || length > max || (type === BATCH && length < HEADER_BYTES)) {
      this.#protocol(`a message of type ${type} and ${length} bytes`);
      return false;
    }
    this.#type = type;
    this.#length = length;
    this.#got = 0;
    if (type === BATCH) {
      try {
        this.#lease = this.#pool.acquire(length);
      } catch (e) {
        this.#fail(
          new CaptureError(
            'CAPTURE_HELPER_FAILED',
            `no pooled buffer for a ${length}-byte batch from the capture helper on ${this.iface}: ${e instanceof Error ? e.message : String(e)}`,
            'lower the snap length so a packet fits the largest tier, or let the pool allocate oversize buffers',
            e,
          ),
        );
        this.#kill();
        return false;
      }
    } else {
      this.#small = Buffer.alloc(length);
    }
    return true;
  }

  /** A whole message is in. */
  #finish(): void {
    const type = this.#type;
    const lease = this.#lease;
    const small = this.#small;
    this.#length = -1;
    this.#lease = undefined;
    this.#small = undefined;
    if (type === BATCH) {
      const b = lease!;
      const view = new DataView(b.buffer, 0, b.size);
      const count = view.getUint32(8, true);
      const indexOffset = view.getUint32(16, true);
      if (
        view.getUint32(0, true) !== BATCH_MAGIC ||
        view.getUint32(20, true) !== b.size ||
        indexOffset < HEADER_BYTES ||
        indexOffset + count * ENTRY_BYTES !== b.size
      ) {
        b.release();
        this.#protocol('a batch whose header does not match its length');
        return;
      }
      if (!this.#open) {
        b.release();
        return;
      }
      this.#onBatch({ lease: b, count, usedBytes: b.size, dataBytes: indexOffset - HEADER_BYTES });
    } else if (type === OPENED) {
      if (small!.length < 8) {
        this.#protocol('an OPENED message shorter than 8 bytes');
        return;
      }
      this.linkType = small!.readUInt32LE(0);
      this.snaplen = small!.readUInt32LE(4);
      this.libpcapVersion = small!.toString('utf8', 8);
      const opening = this.#opening;
      this.#opening = undefined;
      if (opening !== undefined) {
        this.#open = true;
        opening.resolve(this);
      }
    } else if (type === STATS) {
      if (small!.length < 12) {
        this.#protocol('a STATS message shorter than 12 bytes');
        return;
      }
      this.#counts = { received: small!.readUInt32LE(0), dropped: small!.readUInt32LE(4), ifDropped: small!.readUInt32LE(8) };
    } else if (type === ERROR) {
      const text = small!.toString('utf8');
      this.#fail(this.#opening !== undefined ? this.#openFailure(text) : this.#midFailure(text));
    } else if (type === END) {
      this.#ended = true;
    }
  }

  /** What the helper said when opening failed, with a stable code and a fix. */
  #openFailure(text: string): CaptureError {
    if (/permission|not permitted|EPERM|EACCES/i.test(text)) {
      return new CaptureError(
        'CAPTURE_HELPER_NO_RIGHTS',
        `the capture helper ${this.helper} may not capture on ${this.iface}: ${text}`,
        helperRightsFix(this.helper),
      );
    }
    return openError(new Error(text), this.iface, this.#filter);
  }

  #midFailure(text: string): CaptureError {
    return new CaptureError(
      'CAPTURE_HELPER_FAILED',
      `the capture helper on ${this.iface} stopped: ${text}`,
      'check the interface is still up (`ip link`) and start the capture again',
    );
  }

  #protocol(what: string): void {
    this.#fail(
      new CaptureError(
        'CAPTURE_HELPER_FAILED',
        `the capture helper on ${this.iface} sent ${what}: it is not the helper this Wirepool was built with`,
        'rebuild cap so the helper matches (`rm -rf node_modules/cap && npm install`), or unset WIREPOOL_CAPTURE_HELPER',
      ),
    );
    this.#kill();
  }

  /** Reports a failure once: rejects the opening, or tells onError. */
  #fail(e: CaptureError): void {
    if (this.#failed || this.#closed) return;
    this.#failed = true;
    this.#open = false;
    this.#dropPartial();
    const opening = this.#opening;
    this.#opening = undefined;
    if (opening !== undefined) opening.reject(e);
    else this.#onError(e);
  }

  #kill(): void {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGKILL');
  }

  #dropPartial(): void {
    if (this.#lease?.held) this.#lease.release();
    this.#lease = undefined;
    this.#small = undefined;
    this.#length = -1;
  }
}

/** The helper's command line for these options. */
export function helperArgs(o: HelperOptions): string[] {
  const args = ['-i', o.iface];
  if (o.filter !== undefined && o.filter !== '') args.push('-f', o.filter);
  if (o.snaplen !== undefined) args.push('-s', String(o.snaplen));
  if (o.bufferSize !== undefined) args.push('-B', String(o.bufferSize));
  if (o.promiscuous === false) args.push('-p');
  if (o.immediate === true) args.push('--immediate');
  if (o.timeoutMs !== undefined) args.push('--timeout', String(o.timeoutMs));
  if (o.tstampType !== undefined) args.push('-j', o.tstampType);
  if (o.linkType !== undefined) args.push('-y', String(o.linkType));
  if (o.interfaceId !== undefined) args.push('--interface-id', String(o.interfaceId));
  args.push('--batch-bytes', String(o.batchBytes ?? CAPTURE_BULK_TIER));
  return args;
}
