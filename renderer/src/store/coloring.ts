import { checkFilter, type ColoringRule, DEFAULT_COLORING_RULES } from '../../../native-bridge/filter/index.js';
import type { ErrorInfo, OpArgs, OpResult } from '../../../native-bridge/protocol/index.js';
import type { ErrorAbout } from './error-about.js';

/** View ▸ Colorize Packet List, and the coloring rules (the Coloring Rules dialog's), kept in localStorage. */
export interface Coloring {
  enabled: boolean;
  rules: ColoringRule[];
  /** Per rule: why its filter does not compile ('' when it does); such a rule never matches. */
  errors: string[];
}

export interface ColoringActions {
  setColorize(on: boolean): void;
  /** Replaces the rules (the dialog's OK) and sends them to the engine. */
  setColoringRules(rules: ColoringRule[]): void;
  restoreColoringDefaults(): void;
  setColoringOpen(open: boolean): void;
  /** Sends the rules to the engine (whenever they change); the list asks for its rows again. */
  sendColoring(): void;
  /** After hello: sends the rules kept from an earlier session, unless they are the engine's own (Wireshark's defaults) or coloring is off. */
  helloColoring(): void;
}

interface StoreView {
  coloring: Coloring;
  connected: boolean;
}

interface Deps {
  get(): StoreView;
  set(partial: { coloring?: Coloring; coloringOpen?: boolean }): void;
  request(op: 'coloring', args: OpArgs<'coloring'>): Promise<OpResult<'coloring'>>;
  pushError(about: ErrorAbout, error: ErrorInfo): void;
  /** The rows held were colored by other rules (or none): drop them, and the palette they refer to is `rules`. */
  recolor(rules: readonly ColoringRule[] | undefined): void;
}

const KEY = 'wirepool.coloring.v1';

/** Each rule's filter error ('' when it compiles), as the filter box would say it. */
export function ruleErrors(rules: readonly ColoringRule[]): string[] {
  return rules.map((r) => {
    const e = r.filter.trim() === '' ? undefined : checkFilter(r.filter);
    return e === undefined ? '' : `column ${e.column}: ${e.reason}`;
  });
}

function isRule(v: unknown): v is ColoringRule {
  const r = v as Partial<ColoringRule> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.name === 'string' &&
    typeof r.filter === 'string' &&
    typeof r.background === 'string' &&
    /^#[0-9a-f]{6}$/i.test(r.background) &&
    typeof r.foreground === 'string' &&
    /^#[0-9a-f]{6}$/i.test(r.foreground) &&
    typeof r.enabled === 'boolean'
  );
}

/** The coloring kept from an earlier session, or Wireshark's defaults. */
export function loadColoring(): Coloring {
  let enabled = true;
  let rules: ColoringRule[] = DEFAULT_COLORING_RULES.map((r) => ({ ...r }));
  try {
    const raw = typeof localStorage === 'undefined' ? null : localStorage.getItem(KEY);
    const saved = raw === null ? undefined : (JSON.parse(raw) as { enabled?: unknown; rules?: unknown });
    if (saved !== undefined && typeof saved.enabled === 'boolean' && Array.isArray(saved.rules) && saved.rules.every(isRule)) {
      enabled = saved.enabled;
      rules = saved.rules;
    }
  } catch {
    // Unreadable: the defaults.
  }
  return { enabled, rules, errors: ruleErrors(rules) };
}

function save(c: Coloring): void {
  try {
    if (typeof localStorage !== 'undefined') localStorage.setItem(KEY, JSON.stringify({ enabled: c.enabled, rules: c.rules }));
  } catch {
    // Storage full or off: the rules last this session.
  }
}

/** True for Wireshark's default rules, colorizing: what the engine starts with. */
export function isDefault(c: Pick<Coloring, 'enabled' | 'rules'>): boolean {
  return c.enabled && JSON.stringify(c.rules) === JSON.stringify(DEFAULT_COLORING_RULES);
}

/** The coloring slice's actions. */
export function coloringActions({ get, set, request, pushError, recolor }: Deps): ColoringActions {
  const change = (c: Coloring): void => {
    set({ coloring: c });
    save(c);
    actions.sendColoring();
  };
  const actions: ColoringActions = {
    setColorize: (on) => change({ ...get().coloring, enabled: on }),
    setColoringRules: (rules) => change({ ...get().coloring, rules, errors: ruleErrors(rules) }),
    restoreColoringDefaults: () => actions.setColoringRules(DEFAULT_COLORING_RULES.map((r) => ({ ...r }))),
    setColoringOpen: (coloringOpen) => set({ coloringOpen }),
    helloColoring() {
      const c = get().coloring;
      // Off, rows are asked without colors: the engine's rules do not matter.
      if (c.enabled && !isDefault(c)) actions.sendColoring();
    },
    sendColoring() {
      const c = get().coloring;
      if (!get().connected) return;
      // A disabled rule, or one whose filter does not compile, is sent empty: it never matches.
      const filters = c.enabled ? c.rules.map((r, i) => (r.enabled && c.errors[i] === '' ? r.filter : '')) : [];
      recolor(c.enabled ? c.rules : undefined);
      request('coloring', { filters }).then(
        () => recolor(c.enabled ? c.rules : undefined),
        (e: ErrorInfo) => pushError('coloring', e),
      );
    },
  };
  return actions;
}
