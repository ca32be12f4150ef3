import { WirepoolError } from '../common/errors.js';

export type InjectErrorCode = 'INJECT_LINK_TYPE' | 'INJECT_BAD_OPTIONS' | 'INJECT_OPEN_FAILED';

export class InjectError extends WirepoolError {
  declare readonly code: InjectErrorCode;
  constructor(code: InjectErrorCode, message: string, hint: string, cause?: unknown) {
    super(code, message, { hint, cause });
    this.name = 'InjectError';
  }
}
