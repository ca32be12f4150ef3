import { type KeyboardEvent, type PointerEvent, type ReactNode, useLayoutEffect, useRef, useState } from 'react';
import { PANES, type Pane } from '../lib/pane-sizes.js';
import { paneSize, setPaneSize } from './prefs.js';

/**
 * A drag handle between two panes: it resizes `pane` (measured from `target`, the element the
 * size applies to). `grows`: which way of the pointer makes the pane bigger (`down` for the
 * packet list above it, `left` for a pane right of it). The arrow keys move it a step, Shift
 * five; the size is kept when the drag or key press ends.
 */
export function Splitter(props: { pane: Pane; target: string; grows: 'down' | 'left'; label: string }): ReactNode {
  const { pane, target, grows, label } = props;
  const drag = useRef<{ from: number; size: number } | undefined>(undefined);
  const vertical = grows === 'left'; // a vertical bar, moved sideways
  const current = (): number => {
    const el = document.querySelector(target);
    if (el === null) return PANES[pane].min;
    const box = el.getBoundingClientRect();
    return vertical ? box.width : box.height;
  };
  // The size as a screen reader reads it: measured at mount, updated when a drag or key press ends.
  const [now, setNow] = useState(paneSize(pane) ?? PANES[pane].min);
  // biome-ignore lint/correctness/useExhaustiveDependencies: measured once; later sizes come from the handle itself
  useLayoutEffect(() => setNow(Math.round(current())), []);
  const resize = (px: number): void => {
    setPaneSize(pane, px, true);
    setNow(paneSize(pane) ?? px);
  };
  const sign = grows === 'down' ? 1 : -1;
  const at = (e: PointerEvent): number => (vertical ? e.clientX : e.clientY);
  const onPointerDown = (e: PointerEvent<HTMLDivElement>): void => {
    if (e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { from: at(e), size: current() };
    document.documentElement.classList.add('resizing');
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>): void => {
    const d = drag.current;
    if (d !== undefined) setPaneSize(pane, d.size + sign * (at(e) - d.from), false);
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>): void => {
    const d = drag.current;
    if (d === undefined) return;
    drag.current = undefined;
    document.documentElement.classList.remove('resizing');
    resize(d.size + sign * (at(e) - d.from));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    // Which way the bar moves on screen.
    const keys: Record<string, number> = vertical ? { ArrowLeft: -1, ArrowRight: 1 } : { ArrowUp: -1, ArrowDown: 1 };
    const dir = keys[e.key];
    if (dir === undefined) return;
    e.preventDefault();
    resize(current() + sign * dir * PANES[pane].step * (e.shiftKey ? 5 : 1));
  };
  return (
    // biome-ignore lint/a11y/useSemanticElements: a focusable window splitter (WAI-ARIA's separator pattern); <hr> cannot take the focus
    <div
      className={`splitter ${vertical ? 'vertical' : 'horizontal'}`}
      data-testid={`splitter-${pane}`}
      role="separator"
      aria-orientation={vertical ? 'vertical' : 'horizontal'}
      aria-label={label}
      aria-valuemin={PANES[pane].min}
      aria-valuemax={PANES[pane].max}
      aria-valuenow={now}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
    />
  );
}
