/**
 * The one way a message and its fix are joined into one line: "what; how to fix". Error
 * messages (`WirepoolError.message`) and any other single-line text of the two use it; the
 * UI and the protocol keep them apart (`errorParts`).
 */
export function withHint(what: string, hint?: string): string {
  return hint ? `${what}; ${hint}` : what;
}

/**
 * Every error Wirepool raises carries a stable `code` (for scripts and tests), says what went
 * wrong, where (file, byte offset, interface, tier) and how to fix it. `what` and `hint` are
 * kept apart; `message` is the two joined by `withHint` (what a log or a terminal shows).
 */
export class WirepoolError extends Error {
  readonly code: string;
  /** What went wrong and where: the message without the hint. */
  readonly what: string;
  /** How to fix it. */
  readonly hint: string | undefined;

  constructor(code: string, message: string, options?: { hint?: string; cause?: unknown }) {
    super(withHint(message, options?.hint), { cause: options?.cause });
    this.name = 'WirepoolError';
    this.code = code;
    this.what = message;
    this.hint = options?.hint;
  }
}

/** An error as the UI shows it (the protocol's ErrorInfo): code, what and where, and the hint apart. */
export function errorParts(e: WirepoolError): { code: string; message: string; hint?: string } {
  return e.hint ? { code: e.code, message: e.what, hint: e.hint } : { code: e.code, message: e.what };
}
