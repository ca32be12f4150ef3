import { callData } from '../core/dispatch.js';
import type { Dissector } from '../core/dissector.js';
import { fieldTable } from '../core/fields.js';
import { addItem } from '../core/items.js';
import { dissectorTable } from '../core/tables.js';
import { SMB_TRANSACTION, type SmbTransaction } from './smb.js';

/**
 * SMB Mailslot (MS-MAIL): an SMB Trans request to `\MAILSLOT\<name>`. Its setup words give the
 * opcode, priority and class; a Write Mail Slot's data goes to the decoder registered for the
 * mailslot's name in `mailslot.name` (`BROWSE` and `LANMAN`: the Browser protocol), else to
 * `data`. Like TShark's, SMB calls it directly: it is in the tree (and `-z io,phs`) but not on
 * the protocol stack. Protocol `SMB Mailslot`, which the layer above replaces.
 */
const OPCODES: Readonly<Record<number, string>> = { 1: 'Write Mail Slot' };
const CLASSES: Readonly<Record<number, string>> = { 1: 'Reliable', 2: 'Unreliable & Broadcast' };
const P = fieldTable.register('mailslot', 'SMB MailSlot Protocol', [
  { abbrev: 'mailslot.opcode', name: 'Opcode', type: 'uint', bits: 16, strings: OPCODES },
  { abbrev: 'mailslot.priority', name: 'Priority', type: 'uint', bits: 16 },
  { abbrev: 'mailslot.class', name: 'Class', type: 'uint', bits: 16, strings: CLASSES },
  { abbrev: 'mailslot.size', name: 'Size', type: 'uint', bits: 16 },
  { abbrev: 'mailslot.name', name: 'Mailslot Name', type: 'string' },
]);
const f = P.f;
const WRITE = 1;

const mailslot: Dissector = {
  name: 'mailslot',
  dissect(tvb, pinfo, tree, parent) {
    const t = pinfo.data.get(SMB_TRANSACTION) as SmbTransaction | undefined;
    if (t === undefined) return false;
    pinfo.protocol = 'SMB Mailslot';
    pinfo.setInfo('');
    const setup = t.setup;
    const node = tree.add(parent, P.proto, setup, 0, setup.length);
    const opcode = setup.u16(0, true);
    addItem(tree, node, f.opcode, setup, 0, 2, true);
    if (opcode !== WRITE) return;
    addItem(tree, node, f.priority, setup, 2, 2, true);
    addItem(tree, node, f.class, setup, 4, 2, true);
    addItem(tree, node, f.size, t.smb, t.bccOffset, 2, true);
    tree.add(node, f.name, t.smb, t.nameOffset, t.nameLength, t.name);
    const d = dissectorTable('mailslot.name').get(t.rest.toUpperCase());
    if (d === undefined || d.dissect(tvb, pinfo, tree, parent) === false) callData(tvb, pinfo, tree, parent);
  },
};

dissectorTable('smb.transaction').add('MAILSLOT', mailslot);
