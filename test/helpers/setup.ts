/** Run before every test file (vitest.config.ts): what each Node entry of the app provides. */
import '../../native-bridge/codecs/index.js';
