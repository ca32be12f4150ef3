import { WirepoolError, errorParts } from '../common/index.js';
import type { ErrorInfo } from '../protocol/index.js';

/** A request the host cannot serve here (a native dialog in serve mode, replay before open). */
export class HostError extends WirepoolError {
  constructor(code: 'HOST_UNSUPPORTED' | 'HOST_NOTHING_OPEN' | 'HOST_INTERNAL', message: string, hint?: string) {
    super(code, message, { hint });
    this.name = 'HostError';
  }
}

/** Any thrown value as the ErrorInfo the UI shows; unexpected ones keep their message. */
export function errorInfo(e: unknown): ErrorInfo {
  if (e instanceof WirepoolError) return errorParts(e);
  const err = e instanceof Error ? e : new Error(String(e));
  const code = (err as { code?: unknown }).code;
  return {
    code: typeof code === 'string' ? code : 'HOST_INTERNAL',
    message: err.message,
    hint: 'this is a bug if it repeats: report it with the steps that led here',
  };
}
