import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ColoringRule } from '../../../native-bridge/filter/index.js';
import { ruleErrors } from '../store/coloring.js';
import { useUi, useUiStore } from '../store/react.js';

/** View ▸ Colorize Packet List in the toolbar (the dialog is View ▸ Coloring Rules…). */
export function ColoringControls(): ReactNode {
  const enabled = useUi((s) => s.coloring.enabled);
  const { setColorize } = useUiStore().getState();
  return (
    <div className="group">
      <label title="Paint each row with the colors of the first coloring rule its packet matches">
        <input type="checkbox" data-testid="colorize-toggle" checked={enabled} onChange={(e) => setColorize(e.target.checked)} /> Colorize
      </label>
    </div>
  );
}

const move = <T,>(list: readonly T[], from: number, to: number): T[] => {
  const out = [...list];
  const [x] = out.splice(from, 1);
  out.splice(to, 0, x!);
  return out;
};

/**
 * The Coloring Rules dialog (Wireshark's View ▸ Coloring Rules): enable, rename, edit the
 * filter and colors of, reorder, add and remove rules, or restore Wireshark's defaults. The
 * first enabled rule a packet matches colors its row; a rule whose filter does not compile
 * shows why and never matches. OK keeps the rules (in this browser) and applies them.
 */
export function ColoringRulesDialog(): ReactNode {
  const open = useUi((s) => s.coloringOpen);
  const saved = useUi((s) => s.coloring.rules);
  const { setColoringRules, restoreColoringDefaults, setColoringOpen } = useUiStore().getState();
  const [draft, setDraft] = useState<ColoringRule[]>(saved);
  useEffect(() => {
    if (open) setDraft(saved);
  }, [open, saved]);
  const errors = useMemo(() => ruleErrors(draft), [draft]);
  useEffect(() => {
    if (!open) return;
    const key = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') setColoringOpen(false);
    };
    document.addEventListener('keydown', key);
    return () => document.removeEventListener('keydown', key);
  }, [open, setColoringOpen]);
  if (!open) return null;
  const edit = (i: number, change: Partial<ColoringRule>): void => setDraft(draft.map((r, j) => (j === i ? { ...r, ...change } : r)));
  return (
    <section className="coloring-dialog" role="dialog" aria-label="Coloring rules" data-testid="coloring-dialog">
      <header>
        <strong>Coloring Rules</strong>
        <span className="hint">The first enabled rule a packet matches colors its row.</span>
      </header>
      <ol className="coloring-rules">
        {draft.map((r, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rules are edited in place; names may repeat
          <li key={i} data-testid="coloring-rule" data-name={r.name} data-error={errors[i] !== '' ? 'true' : 'false'}>
            <input
              type="checkbox"
              aria-label="Enabled"
              data-testid="rule-enabled"
              checked={r.enabled}
              onChange={(e) => edit(i, { enabled: e.target.checked })}
            />
            <input
              type="text"
              className="rule-name"
              aria-label="Name"
              data-testid="rule-name"
              value={r.name}
              style={{ background: r.background, color: r.foreground }}
              onChange={(e) => edit(i, { name: e.target.value })}
            />
            <input
              type="text"
              className={`rule-filter${errors[i] !== '' ? ' invalid' : ''}`}
              aria-label="Filter"
              data-testid="rule-filter"
              spellCheck={false}
              value={r.filter}
              onChange={(e) => edit(i, { filter: e.target.value })}
            />
            <input
              type="color"
              aria-label="Background"
              data-testid="rule-background"
              value={r.background}
              onChange={(e) => edit(i, { background: e.target.value })}
            />
            <input
              type="color"
              aria-label="Foreground"
              data-testid="rule-foreground"
              value={r.foreground}
              onChange={(e) => edit(i, { foreground: e.target.value })}
            />
            <button
              type="button"
              aria-label="Move up"
              data-testid="rule-up"
              disabled={i === 0}
              onClick={() => setDraft(move(draft, i, i - 1))}
            >
              ▲
            </button>
            <button
              type="button"
              aria-label="Move down"
              data-testid="rule-down"
              disabled={i === draft.length - 1}
              onClick={() => setDraft(move(draft, i, i + 1))}
            >
              ▼
            </button>
            <button type="button" aria-label="Remove" data-testid="rule-remove" onClick={() => setDraft(draft.filter((_, j) => j !== i))}>
              ✕
            </button>
            {errors[i] !== '' ? (
              <p className="rule-error" data-testid="rule-error">
                {r.note ?? 'This filter does not compile: the rule never matches.'} {errors[i]}
              </p>
            ) : null}
          </li>
        ))}
      </ol>
      <footer>
        <button
          type="button"
          data-testid="rule-add"
          onClick={() =>
            setDraft([...draft, { name: 'New rule', filter: '', background: '#ffffff', foreground: '#000000', enabled: true }])
          }
        >
          New rule
        </button>
        <button
          type="button"
          data-testid="coloring-restore"
          onClick={() => {
            restoreColoringDefaults();
            setColoringOpen(false);
          }}
        >
          Restore defaults
        </button>
        <span className="spacer" />
        <button type="button" data-testid="coloring-cancel" onClick={() => setColoringOpen(false)}>
          Cancel
        </button>
        <button
          type="button"
          data-testid="coloring-ok"
          onClick={() => {
            setColoringRules(draft);
            setColoringOpen(false);
          }}
        >
          OK
        </button>
      </footer>
    </section>
  );
}
