import { WirepoolError } from '../common/errors.js';

/** Stable codes of display-filter errors. */
export type FilterErrorCode = 'FILTER_SYNTAX' | 'FILTER_UNKNOWN_FIELD' | 'FILTER_TYPE';

/**
 * A display filter that does not compile. The message starts with `filter:COLUMN:` (1-based,
 * like a compiler's `file:line:`) and says what was expected; `column` and `length` mark the
 * offending text so an editor can underline it (`excerpt()` draws TShark's caret line).
 */
export class FilterError extends WirepoolError {
  declare readonly code: FilterErrorCode;
  /** 1-based column of the offending text. */
  readonly column: number;
  /** Length of the offending text (at least 1). */
  readonly length: number;
  /** The filter that failed. */
  readonly filter: string;
  /** The message without the `filter:COLUMN:` prefix and the hint. */
  readonly reason: string;

  constructor(code: FilterErrorCode, filter: string, offset: number, length: number, reason: string, hint?: string) {
    super(code, `filter:${offset + 1}: ${reason}`, hint === undefined ? undefined : { hint });
    this.name = 'FilterError';
    this.filter = filter;
    this.column = offset + 1;
    this.length = Math.max(1, length);
    this.reason = reason;
  }

  /** The filter and a caret line under the offending text, as TShark prints it. */
  excerpt(): string {
    return `${this.filter}\n${' '.repeat(this.column - 1)}^${'~'.repeat(this.length - 1)}`;
  }
}

/** Where a piece of filter text sits: 0-based offset and length. */
export interface Span {
  readonly offset: number;
  readonly length: number;
}

export function syntaxError(filter: string, at: Span, reason: string, hint?: string): FilterError {
  return new FilterError('FILTER_SYNTAX', filter, at.offset, at.length, reason, hint);
}

export function typeError(filter: string, at: Span, reason: string, hint?: string): FilterError {
  return new FilterError('FILTER_TYPE', filter, at.offset, at.length, reason, hint);
}

export function unknownFieldError(filter: string, at: Span, name: string, suggestion: string | undefined): FilterError {
  return new FilterError(
    'FILTER_UNKNOWN_FIELD',
    filter,
    at.offset,
    at.length,
    `"${name}" is not a field or protocol`,
    suggestion === undefined ? undefined : `did you mean ${suggestion}?`,
  );
}
