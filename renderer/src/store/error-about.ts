import type { OpName } from '../../../native-bridge/protocol/index.js';

/** What an error is about: the request that failed (`open`, `save`…), `host`, or `ui` for the renderer's own. */
export type ErrorAbout = OpName | 'host' | 'ui';
