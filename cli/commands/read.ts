import { formatEpoch, openCapture } from '../../native-bridge/formats/index.js';
import { LineWriter } from '../output.js';

/** `wirepool read FILE`: the frame table, the same columns as tshark -T fields -e frame.number … */
export function read(file: string): number {
  const out = new LineWriter();
  const reader = openCapture(file);
  try {
    for (let frame = reader.next(); frame !== undefined && !out.closed; frame = reader.next()) {
      const iface = frame.interfaceId < 0 ? '' : String(frame.interfaceId);
      out.line(`${frame.number}\t${formatEpoch(frame.sec, frame.nsec)}\t${frame.wireLen}\t${frame.capLen}\t${iface}`);
    }
  } finally {
    out.flush(); // the good frames go out before the error does
    reader.close();
  }
  return 0;
}
