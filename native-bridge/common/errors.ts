/**
 * Every error Wirepool raises carries a stable `code` (for scripts and tests), says what went
 * wrong, where (file, byte offset, interface, tier) and how to fix it.
 */
export class WirepoolError extends Error {
  readonly code: string;
  readonly hint: string | undefined;

  constructor(code: string, message: string, options?: { hint?: string; cause?: unknown }) {
    super(options?.hint ? `${message}; ${options.hint}` : message, { cause: options?.cause });
    this.name = 'WirepoolError';
    this.code = code;
    this.hint = options?.hint;
  }
}
