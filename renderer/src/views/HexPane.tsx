import { memo, type MouseEvent, type ReactNode } from 'react';

interface Props {
  bytes: Uint8Array;
  /** Highlighted range [start, end). */
  start: number;
  end: number;
  onByte(offset: number): void;
}

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');
const ascii = (n: number): string => (n >= 0x20 && n < 0x7f ? String.fromCharCode(n) : '.');

/**
 * Hex and ASCII, 16 bytes a line. Every byte is a span carrying its offset, in both columns;
 * one click handler on the pane reads it (no closure per byte).
 */
export const HexPane = memo(function HexPane({ bytes, start, end, onByte }: Props): ReactNode {
  const onClick = (e: MouseEvent<HTMLDivElement>): void => {
    const off = (e.target as HTMLElement).closest('[data-offset]')?.getAttribute('data-offset');
    if (off !== null && off !== undefined) onByte(Number(off));
  };
  const lines: ReactNode[] = [];
  for (let line = 0; line < bytes.length; line += 16) {
    const hex: ReactNode[] = [];
    const text: ReactNode[] = [];
    for (let i = line; i < Math.min(line + 16, bytes.length); i++) {
      const sel = i >= start && i < end;
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
    lines.push(
      <div key={line} className="hex-line">
        <span className="hex-off">{line.toString(16).padStart(4, '0')}</span>
        <span className="hex-bytes">{hex}</span>
        <span className="hex-ascii">{text}</span>
      </div>,
    );
  }
  return (
    <div className="hex-pane" data-testid="hex-pane" onClick={onClick}>
      {lines}
    </div>
  );
});
