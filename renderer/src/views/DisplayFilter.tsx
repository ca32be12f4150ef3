import { type KeyboardEvent, type ReactNode, useMemo, useRef, useState } from 'react';
import { completeField } from '../../../native-bridge/filter/index.js';
import { loadHistory, rememberFilter } from '../lib/filter-history.js';
import { replaceWord, wordAt } from '../lib/filter-words.js';
import { useUi } from '../store/react.js';
import { useCommand } from './commands.js';

/** How many field names the completion list shows. */
const COMPLETIONS_SHOWN = 12;

/** The page's storage, when it has one (a sandboxed page may not). */
function pageStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

/**
 * The display-filter box: compiled as you type (checkFilter, the same compiler the engine
 * runs), red with the error and its column when it does not compile; Enter or Apply filters
 * the run's packets in the engine (no new run: the list shows what passes). As you type a
 * name, the field names that start with it are offered (arrows move, Tab or Enter takes one,
 * Escape closes); the filters applied lately are a drop-down (kept across reloads).
 */
export function DisplayFilter(): ReactNode {
  const text = useUi((s) => s.filterText);
  const error = useUi((s) => s.filterError);
  const applied = useUi((s) => s.view?.filter ?? '');
  const setText = useUi((s) => s.setFilterText);
  const applyFilter = useUi((s) => s.applyFilter);
  const input = useRef<HTMLInputElement>(null);
  useCommand('displayFilter', {
    run: () => {
      input.current?.focus();
      input.current?.select();
    },
  });
  const [caret, setCaret] = useState(0);
  const [pick, setPick] = useState(0);
  const [completing, setCompleting] = useState(false);
  const [history, setHistory] = useState<string[]>(() => {
    const s = pageStorage();
    return s === undefined ? [] : loadHistory(s);
  });
  const [historyOpen, setHistoryOpen] = useState(false);

  const word = completing ? wordAt(text, caret) : undefined;
  const completions = useMemo(() => {
    if (word === undefined) return [];
    const list = completeField(word.word.slice(0, caret - word.start), COMPLETIONS_SHOWN + 1);
    // Nothing to offer when the one name left is the word itself.
    return list.length === 1 && list[0]!.abbrev === word.word ? [] : list.slice(0, COMPLETIONS_SHOWN);
  }, [word, caret]);

  const apply = (): void => {
    applyFilter();
    setHistoryOpen(false);
    setCompleting(false);
    const s = pageStorage();
    if (error === undefined && s !== undefined) setHistory(rememberFilter(s, text));
  };
  const take = (abbrev: string): void => {
    if (word === undefined) return;
    const next = replaceWord(text, word, abbrev);
    setText(next.text);
    setCaret(next.caret);
    setCompleting(false);
    requestAnimationFrame(() => input.current?.setSelectionRange(next.caret, next.caret));
  };
  const choose = (filter: string): void => {
    setText(filter);
    setHistoryOpen(false);
    input.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (completions.length > 0) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const d = e.key === 'ArrowDown' ? 1 : -1;
        setPick((p) => (p + d + completions.length) % completions.length);
        return;
      }
      if (e.key === 'Tab' || e.key === 'Enter') {
        e.preventDefault();
        take(completions[Math.min(pick, completions.length - 1)]!.abbrev);
        return;
      }
      if (e.key === 'Escape') {
        setCompleting(false);
        return;
      }
    }
    if (e.key === 'Escape') setHistoryOpen(false);
    if (e.key === 'Enter') apply();
  };
  const state = text.trim() === '' ? 'empty' : error !== undefined ? 'invalid' : 'valid';
  return (
    <div className={`display-filter ${state}`}>
      <div className="filter-input-wrap">
        <input
          ref={input}
          type="text"
          role="combobox"
          data-testid="display-filter"
          placeholder="Display filter, e.g. tcp.port == 443 && ip.addr == 10.0.0.0/8"
          aria-label="Display filter"
          aria-invalid={error !== undefined}
          aria-autocomplete="list"
          aria-expanded={completions.length > 0}
          spellCheck={false}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setCaret(e.target.selectionStart ?? e.target.value.length);
            setCompleting(true);
            setPick(0);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setCompleting(false)}
        />
        {completions.length > 0 ? (
          <div className="filter-popup" role="listbox" data-testid="filter-completions">
            {completions.map((c, i) => (
              <div
                key={c.abbrev}
                role="option"
                tabIndex={-1}
                aria-selected={i === pick}
                className={i === pick ? 'picked' : undefined}
                data-testid="filter-completion"
                data-abbrev={c.abbrev}
                // mousedown, not click: the input keeps the focus (its blur would close the list first)
                onMouseDown={(e) => {
                  e.preventDefault();
                  take(c.abbrev);
                }}
              >
                <span className="abbrev">{c.abbrev}</span> <span className="name">{c.name}</span>
              </div>
            ))}
          </div>
        ) : null}
        {historyOpen ? (
          <div className="filter-popup" role="listbox" data-testid="filter-history">
            {history.length === 0 ? <div className="empty">No filters applied yet</div> : null}
            {history.map((h) => (
              <div
                key={h}
                role="option"
                tabIndex={-1}
                aria-selected={h === text}
                data-testid="filter-history-item"
                onMouseDown={(e) => {
                  e.preventDefault();
                  choose(h);
                }}
              >
                {h}
              </div>
            ))}
          </div>
        ) : null}
      </div>
      <button
        type="button"
        className="filter-history-button"
        data-testid="filter-history-button"
        aria-label="Recent display filters"
        aria-expanded={historyOpen}
        title="Recent display filters"
        onClick={() => setHistoryOpen(!historyOpen)}
      >
        ▾
      </button>
      <button
        type="button"
        data-testid="display-filter-apply"
        disabled={error !== undefined}
        onClick={apply}
        title={applied ? `Applied: ${applied}` : 'No filter applied'}
      >
        Apply
      </button>
      {error !== undefined ? (
        <div className="filter-error" role="alert" data-testid="display-filter-error" data-column={error.column}>
          <code className="caret">{`${text}\n${' '.repeat(error.column - 1)}^${'~'.repeat(Math.max(0, error.length - 1))}`}</code>
          <span>{`column ${error.column}: ${error.message}`}</span>
        </div>
      ) : null}
    </div>
  );
}
