import { WirepoolError } from '../common/errors.js';

export class GenerateError extends WirepoolError {
  constructor(message: string, hint: string) {
    super('GENERATE_BAD_OPTIONS', message, { hint });
    this.name = 'GenerateError';
  }
}
