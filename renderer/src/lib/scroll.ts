/**
 * Scrolls the least needed to show [top, top + height) of a fixed-height list, from the
 * offset and viewport the virtualizer already measured (the hex pane): no layout read, one scrollTop write
 * (the virtualizer's scrollToIndex re-measures over several frames).
 */
export function scrollIntoView(
  el: HTMLElement | null,
  top: number,
  height: number,
  offset: number | null,
  viewport: number | undefined,
): void {
  if (el === null) return;
  const at = offset ?? el.scrollTop;
  const view = viewport ?? el.clientHeight;
  if (top < at) el.scrollTop = top;
  else if (top + height > at + view) el.scrollTop = top + height - view;
}
