import { beginProtocol, setDataDissector } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';

/** Bytes no protocol claims: shown as data, never an error. */
const P = fieldTable.register('data', 'Data', [
  { abbrev: 'data.data', name: 'Data', type: 'bytes' },
  { abbrev: 'data.len', name: 'Length', type: 'uint', bits: 32 },
]);

setDataDissector({
  name: 'data',
  dissect(tvb, pinfo, tree, parent) {
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    tree.setText(node, `Data (${tvb.length} bytes)`);
    tree.add(node, P.f.data, tvb, 0, tvb.length, tvb.view(0, tvb.length));
    tree.add(node, P.f.len, tvb, 0, 0, tvb.length);
  },
});
