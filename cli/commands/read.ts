import '../../native-bridge/codecs/index.js';
import {
  DissectSession,
  ProtoTree,
  dissectFrame,
  fieldTable,
  fieldText,
  frameDisplayed,
  countDisplayedOnly,
  type Dissection,
  type FieldInfo,
} from '../../native-bridge/dissect/index.js';
import { Colorizer, compileFilter, DEFAULT_COLORING_RULES, suggestField } from '../../native-bridge/filter/index.js';
import { CaptureFormatError, formatEpoch, openCapture, type CaptureReader, type Frame } from '../../native-bridge/formats/index.js';
import { BufferPool } from '../../native-bridge/pool/index.js';
import { LineWriter } from '../output.js';
import { UsageError } from '../usage.js';
import { openExport, type Export } from './export.js';

export interface ReadArgs {
  /** `-e FIELD`: print these fields instead of the default columns. */
  fields?: string[];
  /** `-w OUT`: write the frames to a capture file instead of printing them. */
  write?: string;
  /** `-Y FILTER`: only frames that pass this display filter. */
  filter?: string;
}

/**
 * `frame.coloring_rule.name`: the default coloring rule the frame takes (TShark's field with
 * `--color`; not in the field table: it comes from the rules, not a dissector).
 */
const COLORING_RULE = 'frame.coloring_rule.name';
type Column = FieldInfo | typeof COLORING_RULE;

function resolveFields(names: readonly string[]): Column[] {
  return names.map((name) => {
    if (name === COLORING_RULE) return COLORING_RULE;
    const f = fieldTable.get(name);
    if (f !== undefined) return f;
    // The same suggestion the display filter gives for a misspelt field.
    const close = suggestField(name);
    throw new UsageError(`-e ${name}: "${name}" is not a field Wirepool knows${close ? `; did you mean ${close}?` : ''}`);
  });
}

/** A column's text for one frame (`colorizer`: the default coloring rules, made when a column asks for them). */
function columnText(tree: Dissection['tree'], c: Column, colorizer: () => Colorizer): string {
  if (c !== COLORING_RULE) return fieldText(tree, c);
  const i = colorizer().ruleOf(tree);
  return i < 0 ? '' : DEFAULT_COLORING_RULES[i]!.name;
}

/** The default columns: the capture file's view of the frame, then the decoders' summary. */
function columns(frame: Frame, d: Dissection): string {
  const iface = frame.interfaceId < 0 ? '' : String(frame.interfaceId);
  const p = d.pinfo;
  return `${frame.number}\t${formatEpoch(frame.sec, frame.nsec)}\t${frame.wireLen}\t${frame.capLen}\t${iface}\t${p.stack}\t${p.src}\t${p.dst}\t${p.protocol}\t${p.info}`;
}

/**
 * `wirepool read FILE`: one line per frame (number, epoch time, wire length, captured length,
 * interface id, protocol stack, source, destination, protocol, info), or the fields asked for
 * with -e, or the frames written to a file with -w; with -Y, only the frames a display filter
 * passes.
 */
export function read(file: string, args: ReadArgs = {}): number {
  const fields = args.fields?.length ? resolveFields(args.fields) : undefined;
  const filter = args.filter === undefined ? undefined : compileFilter(args.filter); // compiled once, before any I/O
  let colors: Colorizer | undefined;
  const colorizer = (): Colorizer => (colors ??= new Colorizer(DEFAULT_COLORING_RULES.map((r) => (r.enabled ? r.filter : ''))));
  const pool = new BufferPool();
  const reader: CaptureReader = openCapture(file, { pool });
  // One pass in file order: the session keeps nothing per frame for revisits.
  const session = new DissectSession(pool, { revisits: false });
  if (filter !== undefined) countDisplayedOnly(session); // frame.time_delta_displayed counts from the frames -Y passes
  // Each frame's tree is done with before the next is built: one tree for all, holding no more
  // than is read: none at all for the columns, the filter's and the -e fields' nodes otherwise
  // (the default coloring rules read many fields: a full tree then).
  const keep = [...(filter?.fields ?? []), ...(fields ?? []).flatMap((c) => (c === COLORING_RULE ? [] : [c.id]))];
  const tree = new ProtoTree(fields?.includes(COLORING_RULE) ? {} : { summary: true, keep });
  let out: LineWriter | undefined;
  let sink: Export | undefined;
  let written = 0;
  let failed: unknown;
  try {
    if (args.write !== undefined) sink = openExport(args.write, reader);
    else out = new LineWriter();
    for (let frame = reader.next(); frame !== undefined && !out?.closed; frame = reader.next()) {
      // Every frame is dissected, in order, even when not printed: reassembly and stream state need them all.
      const d = dissectFrame(frame, frame.data.bytes, session, tree);
      if (filter !== undefined) {
        if (!filter.matches(d.tree)) continue;
        frameDisplayed(session, frame);
      }
      if (sink !== undefined) {
        sink.write(frame);
        written++;
      } else if (fields !== undefined) {
        out!.line(fields.map((f) => columnText(d.tree, f, colorizer)).join('\t'));
      } else {
        out!.line(columns(frame, d));
      }
    }
  } catch (e) {
    failed = e;
    throw e;
  } finally {
    out?.flush(); // the good frames go out before the error does
    // As printed lines do, a file malformed part-way still gives the frames before the fault;
    // any other failure leaves OUT as it was.
    const keep = failed === undefined || failed instanceof CaptureFormatError;
    reader.close();
    if (sink !== undefined && keep) {
      sink.close();
      process.stderr.write(`wirepool: wrote ${written} frames to ${args.write}\n`);
    } else sink?.abort();
  }
  return 0;
}
