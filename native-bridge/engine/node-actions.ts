import { type ProtoTree, fieldValueText, nodeLabel, shownIndexes } from '../dissect/index.js';
import { fieldFilter } from '../filter/index.js';
import type { NodeAction } from '../protocol/index.js';

/**
 * What the detail tree's context menu offers for each node `shownTree` shows (the same nodes,
 * `shownIndexes`, in the same order): the display filter that selects it (Apply/Prepare as
 * Filter, Copy as Filter) and its value as text (Copy Value: `tshark -T fields`'s text; a
 * protocol or a label copies its line).
 */
export function nodeActions(tree: ProtoTree): NodeAction[] {
  const out: NodeAction[] = [];
  for (const i of shownIndexes(tree)) {
    const field = tree.fields[i]!;
    const filter = fieldFilter(field, tree.values[i]);
    const value = field.type === 'protocol' || field.type === 'none' ? nodeLabel(tree, i) : fieldValueText(field, tree.values[i]);
    out.push(filter === undefined ? { value } : { filter, value });
  }
  return out;
}
