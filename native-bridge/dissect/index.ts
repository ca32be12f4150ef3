/**
 * Dissection: one protocol per file under protocols/, each registering its fields in the
 * field table and itself in its parents' dissector tables. Importing this module registers
 * them all.
 */
import './protocols/data.js';
import './protocols/eth.js';

export { dissectFrame, frameFields, type Dissection } from './core/frame.js';
export { fieldTable, type FieldInfo, type FieldType } from './core/fields.js';
export { ProtoTree } from './core/tree.js';
export { fieldText, fieldValueText, nodeLabel } from './core/render.js';
export { DissectSession } from './core/session.js';
export { PacketInfo, type FrameMeta, type Malformed } from './core/packet-info.js';
