import type { Span } from './errors.js';

/**
 * The parsed filter, before names are looked up. A `word` may turn out to be a field or a
 * literal: that is decided against the field table when the filter is compiled.
 */
export type Expr =
  /**
   * `a && b && c`: every term (`and`) or some term (`or`), in order. A chain is one node with
   * two or more terms, not a tree of pairs, so a long chain does not nest.
   */
  | { readonly kind: 'and' | 'or'; readonly terms: readonly Expr[]; readonly span: Span }
  | { readonly kind: 'not'; readonly expr: Expr; readonly span: Span }
  /** A bare operand: a field or protocol that must be present, or a bitwise test (`tcp.flags & 0x02`). */
  | { readonly kind: 'test'; readonly operand: Operand; readonly span: Span }
  | {
      readonly kind: 'compare';
      readonly op: CompareOp;
      /** `any`: some value satisfies it (==, <, contains, …); `all`: every value does (!=, ===). */
      readonly quantifier: 'any' | 'all';
      readonly left: Operand;
      readonly right: Operand;
      /** The operator's own text, for messages. */
      readonly opText: string;
      readonly opSpan: Span;
      readonly span: Span;
    }
  /** `x in {…}`: some value is in the set (every value, with `all`); `not in` negates the whole test. */
  | {
      readonly kind: 'in';
      readonly negated: boolean;
      readonly quantifier: 'any' | 'all';
      readonly left: Operand;
      readonly members: readonly SetMember[];
      readonly span: Span;
    };

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'contains' | 'matches';

export interface SetMember {
  readonly low: Operand;
  /** Upper end of a range `low..high` (inclusive). */
  readonly high?: Operand;
}

export type Operand =
  /** A field/protocol name or an unquoted literal (`tcp.port`, `80`, `10.0.0.0/8`). */
  | {
      readonly kind: 'word';
      readonly text: string;
      readonly span: Span;
      readonly layers?: readonly Range[];
      readonly slice?: readonly SliceRange[];
    }
  /** A double-quoted (or raw) string, decoded to bytes. */
  | { readonly kind: 'string'; readonly bytes: Uint8Array; readonly text: string; readonly span: Span }
  | { readonly kind: 'char'; readonly value: number; readonly text: string; readonly span: Span }
  | {
      readonly kind: 'call';
      readonly name: string;
      readonly args: readonly Operand[];
      readonly span: Span;
      readonly slice?: readonly SliceRange[];
    }
  /** `left & m1 & m2 …`: a chain of masks on one operand (flat, like `and`/`or`). */
  | { readonly kind: 'bitand'; readonly left: Operand; readonly masks: readonly Operand[]; readonly span: Span };

/** An inclusive range of layer numbers (`#2` is 2..2, `#[2-4]` is 2..4). */
export interface Range {
  readonly low: number;
  readonly high: number;
}

/**
 * One piece of a slice: `start` (negative counts from the end) and either a `length`, an
 * inclusive `end`, or neither (to the end of the value).
 */
export interface SliceRange {
  readonly start: number;
  readonly length?: number;
  readonly end?: number;
}
