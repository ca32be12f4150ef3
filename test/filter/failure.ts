import { compileFilter, FilterError } from '../../native-bridge/filter/index.js';

/** The error a filter fails with; throws if it compiles (quoting at most 40 characters of it). */
export function failure(text: string): FilterError {
  try {
    compileFilter(text);
  } catch (e) {
    if (e instanceof FilterError) return e;
    throw e;
  }
  throw new Error(`"${text.length > 40 ? `${text.slice(0, 40)}…` : text}" compiled`);
}
