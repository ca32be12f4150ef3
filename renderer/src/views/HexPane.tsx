import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef, type MouseEvent, type ReactNode } from 'react';
import { scrollIntoView } from '../lib/scroll.js';

interface Props {
  bytes: Uint8Array;
  /** Highlighted range [start, end). */
  start: number;
  end: number;
  onByte(offset: number): void;
}

const LINE_HEIGHT = 16;
const hex2 = (n: number): string => n.toString(16).padStart(2, '0');
const ascii = (n: number): string => (n >= 0x20 && n < 0x7f ? String.fromCharCode(n) : '.');

interface LineProps {
  bytes: Uint8Array;
  line: number;
  top: number;
  /** The highlighted part of this line, as offsets within it ([0, 0) when none). */
  from: number;
  to: number;
}

/** One line of 16 bytes; re-renders only when its bytes or its part of the highlight change. */
const HexLine = memo(function HexLine({ bytes, line, top, from, to }: LineProps): ReactNode {
  const base = line * 16;
  const hex: ReactNode[] = [];
  const text: ReactNode[] = [];
  for (let k = 0; k < 16 && base + k < bytes.length; k++) {
    const i = base + k;
    const sel = k >= from && k < to;
    const cls = sel ? 'b sel' : 'b';
    hex.push(
      <span key={i} className={cls} data-testid="hex-byte" data-offset={i} data-selected={sel || undefined}>
        {hex2(bytes[i]!)}
      </span>,
    );
    text.push(
      <span key={i} className={cls} data-offset={i}>
        {ascii(bytes[i]!)}
      </span>,
    );
  }
  return (
    <div className="hex-line" style={{ transform: `translateY(${top}px)` }}>
      <span className="hex-off">{base.toString(16).padStart(4, '0')}</span>
      <span className="hex-bytes">{hex}</span>
      <span className="hex-ascii">{text}</span>
    </div>
  );
});

/**
 * Hex and ASCII, 16 bytes a line, virtualized: a 64 KiB packet is 4096 lines, and only those
 * on screen exist. Every byte is a span carrying its offset, in both columns; one click
 * handler on the pane reads it (no closure per byte). A newly highlighted field is scrolled
 * into view.
 */
export const HexPane = memo(function HexPane({ bytes, start, end, onByte }: Props): ReactNode {
  const ref = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: Math.ceil(bytes.length / 16),
    getScrollElement: () => ref.current,
    estimateSize: () => LINE_HEIGHT,
    overscan: 8,
    useFlushSync: false,
  });
  useEffect(() => {
    if (end > start)
      scrollIntoView(
        ref.current,
        Math.floor(start / 16) * LINE_HEIGHT,
        LINE_HEIGHT,
        virtualizer.scrollOffset,
        virtualizer.scrollRect?.height,
      );
  }, [start, end, virtualizer]);
  const onClick = (e: MouseEvent<HTMLDivElement>): void => {
    const off = (e.target as HTMLElement).closest('[data-offset]')?.getAttribute('data-offset');
    if (off !== null && off !== undefined) onByte(Number(off));
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions lint/a11y/useKeyWithClickEvents: a mouse shortcut to the field under a byte; the keyboard selects fields in the detail tree
    <div className="hex-pane" data-testid="hex-pane" data-length={bytes.length} ref={ref} onClick={onClick}>
      <div className="hex-inner" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((it) => {
          const base = it.index * 16;
          const from = Math.max(0, Math.min(16, start - base));
          const to = Math.max(0, Math.min(16, end - base));
          return (
            <HexLine key={it.index} bytes={bytes} line={it.index} top={it.start} from={to > from ? from : 0} to={to > from ? to : 0} />
          );
        })}
      </div>
    </div>
  );
});
