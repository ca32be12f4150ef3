import type { Operand as Ast } from './ast.js';
import { syntaxError } from './errors.js';

const utf8 = new TextDecoder('utf-8');

/**
 * Wireshark's `matches` takes a PCRE2 pattern, case-insensitive unless it starts with
 * `(?-i)`. JavaScript has no inline flags, so leading option groups (`(?i)`, `(?-i)`, `(?s)`,
 * `(?m)`) become RegExp flags, and the PCRE-only `\A \z \Z` and POSIX classes (`[[:digit:]]`)
 * are rewritten; the rest is JavaScript's dialect, which is PCRE's for everything common
 * (classes, anchors, quantifiers, groups, lookarounds, \d \w \s \b).
 */
export function compileRegex(filter: string, o: Extract<Ast, { kind: 'string' }>): RegExp {
  let pattern = utf8.decode(o.bytes);
  const flags = new Set(['i']);
  for (let m = /^\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?\)/.exec(pattern); m; m = /^\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?\)/.exec(pattern)) {
    for (const f of m[1] ?? '') {
      if (!'ims'.includes(f)) throw syntaxError(filter, o.span, `the regular expression option (?${f}) is not supported`, 'use i, m or s');
      flags.add(f);
    }
    for (const f of m[2] ?? '') flags.delete(f);
    pattern = pattern.slice(m[0].length);
  }
  pattern = translate(pattern);
  const nested = nestedQuantifier(pattern);
  if (nested !== undefined)
    throw syntaxError(
      filter,
      o.span,
      `${o.text} repeats a group that itself repeats (${nested}): such a pattern can take exponential time on a packet`,
      'repeat the inner part only, e.g. (a+)+ as a+, or (ab*)* as (ab?)*',
    );
  const base = [...flags].join('');
  try {
    return new RegExp(pattern, `${base}u`);
  } catch {
    // Without `u` JavaScript accepts PCRE's lenient escapes such as \- and \: outside classes.
    try {
      return new RegExp(pattern, base);
    } catch (e) {
      throw syntaxError(
        filter,
        o.span,
        `${o.text} is not a valid regular expression: ${(e as Error).message.replace(/^Invalid regular expression: (\/.*\/[a-z]*: )?/, '')}`,
      );
    }
  }
}

/**
 * The first group with an unbounded repeat inside that is itself repeated without bound, such
 * as `(a+)+` or `(x*y)*` (star height above one), as the text of that group and its quantifier;
 * undefined when there is none. JavaScript's engine backtracks without a limit (PCRE2, which
 * Wireshark uses, stops at its match limit), and these are the patterns that take exponential
 * time on a crafted packet. Ambiguous alternations under one repeat (`(a|a)*`) are not caught.
 */
export function nestedQuantifier(p: string): string | undefined {
  /** Open groups: where each starts and whether an unbounded repeat is inside it. */
  const open: { start: number; repeats: boolean }[] = [{ start: 0, repeats: false }];
  /** The unbounded quantifier at i (`*`, `+`, `{n,}`), its length; 0 if none. */
  const unbounded = (i: number): number => {
    const c = p[i];
    if (c === '*' || c === '+') return 1;
    const m = c === '{' ? /^\{\d*,\}/.exec(p.slice(i)) : null;
    return m === null ? 0 : m[0].length;
  };
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      // A class is one atom: skip to its closing ] (a ] first, or after ^, is a member).
      let j = i + 1;
      if (p[j] === '^') j++;
      if (p[j] === ']') j++;
      while (j < p.length && p[j] !== ']') j += p[j] === '\\' ? 2 : 1;
      i = j;
      continue;
    }
    if (c === '(') {
      open.push({ start: i, repeats: false });
      continue;
    }
    if (c === ')' && open.length > 1) {
      const group = open.pop()!;
      const q = unbounded(i + 1);
      if (q > 0 && group.repeats) return p.slice(group.start, i + 1 + q);
      open.at(-1)!.repeats ||= group.repeats || q > 0;
      continue;
    }
    if (unbounded(i) > 0) open.at(-1)!.repeats = true;
  }
  return undefined;
}

const POSIX: Readonly<Record<string, string>> = {
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: 'a-zA-Z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  xdigit: '0-9A-Fa-f',
  space: '\\s',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  word: '\\w',
  cntrl: '\\x00-\\x1f\\x7f',
  print: '\\x20-\\x7e',
  graph: '\\x21-\\x7e',
};

/** PCRE constructs JavaScript lacks, rewritten outside escapes: \A, \z, \Z, [:class:] in a class. */
function translate(p: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '\\') {
      const e = p[i + 1];
      if (!inClass && e === 'A') out += '^';
      else if (!inClass && e === 'z') out += '(?![\\s\\S])';
      else if (!inClass && e === 'Z') out += '(?=\\n?(?![\\s\\S]))';
      else out += c + (e ?? '');
      i++;
      continue;
    }
    if (inClass && c === '[' && p[i + 1] === ':') {
      const end = p.indexOf(':]', i + 2);
      const name = end > 0 ? p.slice(i + 2, end) : '';
      if (POSIX[name] !== undefined) {
        out += POSIX[name];
        i = end + 1;
        continue;
      }
    }
    if (c === '[' && !inClass) {
      inClass = true;
      out += c;
      // A ] right after [ or [^ is a literal member.
      if (p[i + 1] === '^') out += p[++i];
      if (p[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === ']' && inClass) inClass = false;
    out += c;
  }
  return out;
}
