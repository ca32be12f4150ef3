/** The field name being typed in a filter: the run of name characters around the caret. */
export interface WordAt {
  start: number;
  end: number;
  word: string;
}

const NAME_CHAR = /[A-Za-z0-9_.-]/;

/**
 * The word under the caret at `caret` of `text` if it can start a field name (a letter or an
 * underscore first: not a number, not an address such as 10.0.0.1), else undefined.
 */
export function wordAt(text: string, caret: number): WordAt | undefined {
  let start = caret;
  while (start > 0 && NAME_CHAR.test(text[start - 1]!)) start--;
  let end = caret;
  while (end < text.length && NAME_CHAR.test(text[end]!)) end++;
  const word = text.slice(start, end);
  if (word === '' || !/^[A-Za-z_]/.test(word) || caret === start) return undefined;
  return { start, end, word };
}

/** `text` with the word at `at` replaced by `name`, and where the caret goes (after the name). */
export function replaceWord(text: string, at: WordAt, name: string): { text: string; caret: number } {
  return { text: text.slice(0, at.start) + name + text.slice(at.end), caret: at.start + name.length };
}
