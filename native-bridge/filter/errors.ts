import { WirepoolError } from '../common/errors.js';

/** The widest stretch of a filter an error's excerpt shows. */
export const EXCERPT_WIDTH = 80;

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

  /**
   * The filter and a caret line under the offending text, as TShark prints it. A filter longer
   * than EXCERPT_WIDTH shows only that many characters around the caret, cut ends marked `…`
   * (a 100 000-term filter is not printed twice); line breaks and tabs show as blanks so the
   * caret stays under its character.
   */
  excerpt(): string {
    const at = this.column - 1;
    let from = 0;
    let to = this.filter.length;
    if (to > EXCERPT_WIDTH) {
      from = Math.max(0, Math.min(at - Math.floor((EXCERPT_WIDTH * 2) / 3), to - EXCERPT_WIDTH));
      to = from + EXCERPT_WIDTH;
    }
    const head = from > 0 ? '…' : '';
    const tail = to < this.filter.length ? '…' : '';
    const underline = Math.max(1, Math.min(this.length, to - at));
    const text = this.filter.slice(from, to).replace(/[\t\n\r]/g, ' ');
    return `${head}${text}${tail}\n${' '.repeat(head.length + at - from)}^${'~'.repeat(underline - 1)}`;
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
