/**
 * Display filters: Wireshark's filter language (`ip.addr == 10.0.0.0/8 && tcp.port in {80, 443}`)
 * compiled once, against the field table, to a predicate over dissected packets.
 */
import { compileFilter } from './compile.js';
import { FilterError } from './errors.js';

export { compileFilter, type CompiledFilter } from './compile.js';
export { FilterError, type FilterErrorCode } from './errors.js';
export { completeField, suggestField, type FieldCompletion } from './names.js';
export { COMPARE, KEYWORDS, MAX_FILTER_DEPTH } from './parser.js';

/** Validates a filter as the user types (the filter bar's green/red): the error, or undefined. */
export function checkFilter(text: string): FilterError | undefined {
  try {
    compileFilter(text);
    return undefined;
  } catch (e) {
    if (e instanceof FilterError) return e;
    throw e;
  }
}
export { fieldFilter, quoteString } from './field-filter.js';
export { type ColoringRule, DEFAULT_COLORING_RULES, MAX_COLORING_RULES } from './coloring-rules.js';
export { Colorizer } from './coloring.js';
