/**
 * The toolbar's icons: inline SVG on a 16-unit grid, stroked in the text's colour
 * (`currentColor`), so they follow the theme and a disabled button's grey. Decorative: the
 * button next to them carries the name (`aria-hidden`).
 */
import type { ReactNode } from 'react';

function Svg({ children }: { children: ReactNode }): ReactNode {
  return (
    <svg
      className="icon"
      viewBox="0 0 16 16"
      width="16"
      height="16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

export const OpenIcon = (): ReactNode => (
  <Svg>
    <path d="M1.75 4.25v8.5c0 .55.45 1 1 1h10.5c.55 0 1-.45 1-1v-6.5c0-.55-.45-1-1-1H8L6.5 3.25H2.75c-.55 0-1 .45-1 1z" />
  </Svg>
);
export const SaveIcon = (): ReactNode => (
  <Svg>
    <path d="M2.75 1.75h8.5l3 3v8.5c0 .55-.45 1-1 1H2.75c-.55 0-1-.45-1-1V2.75c0-.55.45-1 1-1z" />
    <path d="M4.75 1.75v3.5h5.5v-3.5M4.75 14.25v-4.5h6.5v4.5" />
  </Svg>
);
export const PauseIcon = (): ReactNode => (
  <Svg>
    <path d="M5.25 3v10M10.75 3v10" strokeWidth="2.25" />
  </Svg>
);
export const PlayIcon = (): ReactNode => (
  <Svg>
    <path d="M4.5 2.75v10.5l8.5-5.25z" fill="currentColor" />
  </Svg>
);
export const StopIcon = (): ReactNode => (
  <Svg>
    <rect x="3.5" y="3.5" width="9" height="9" rx="1" fill="currentColor" />
  </Svg>
);
export const ReplayIcon = (): ReactNode => (
  <Svg>
    <path d="M2.75 8a5.25 5.25 0 1 0 1.54-3.71" />
    <path d="M2.5 1.75v3h3" />
  </Svg>
);
export const RecordIcon = (): ReactNode => (
  <Svg>
    <circle cx="8" cy="8" r="4.75" fill="currentColor" stroke="none" className="record" />
  </Svg>
);
export const StatsIcon = (): ReactNode => (
  <Svg>
    <path d="M1.75 14.25h12.5M3.75 11.25v-3M7.25 11.25v-8M10.75 11.25v-5" strokeWidth="2" />
  </Svg>
);
export const FilterIcon = (): ReactNode => (
  <Svg>
    <path d="M1.75 2.75h12.5L9.5 8.5v4.25l-3 1.5V8.5z" />
  </Svg>
);
export const StreamIcon = (): ReactNode => (
  <Svg>
    <path d="M1.75 5.25h10.5M9.5 2.5l2.75 2.75L9.5 8M14.25 10.75H3.75M6.5 8l-2.75 2.75 2.75 2.75" />
  </Svg>
);
export const PanelIcon = (): ReactNode => (
  <Svg>
    <rect x="1.75" y="2.25" width="12.5" height="11.5" rx="1.25" />
    <path d="M10 2.25v11.5" />
  </Svg>
);
export const ChevronIcon = ({ dir }: { dir: 'left' | 'right' }): ReactNode => (
  <Svg>
    <path d={dir === 'left' ? 'M10 3.5 5.5 8l4.5 4.5' : 'M6 3.5 10.5 8 6 12.5'} />
  </Svg>
);
export const SunIcon = (): ReactNode => (
  <Svg>
    <circle cx="8" cy="8" r="3" />
    <path d="M8 1v1.5M8 13.5V15M1 8h1.5M13.5 8H15M3.05 3.05l1.06 1.06M11.89 11.89l1.06 1.06M3.05 12.95l1.06-1.06M11.89 4.11l1.06-1.06" />
  </Svg>
);
export const MoonIcon = (): ReactNode => (
  <Svg>
    <path d="M13.25 9.9A5.75 5.75 0 0 1 6.1 2.75 5.75 5.75 0 1 0 13.25 9.9z" />
  </Svg>
);
export const SystemIcon = (): ReactNode => (
  <Svg>
    <rect x="1.75" y="2.25" width="12.5" height="8.5" rx="1" />
    <path d="M5.5 13.75h5M8 10.75v3" />
  </Svg>
);
/** Wirepool's mark: a pool (a ring) with a packet going through it. */
export const LogoIcon = (): ReactNode => (
  <svg className="logo" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
    <circle cx="12" cy="12" r="9" fill="none" stroke="var(--accent)" strokeWidth="2.5" />
    <path d="M3 12h5l2-4 4 8 2-4h5" fill="none" stroke="var(--accent-2)" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
  </svg>
);
