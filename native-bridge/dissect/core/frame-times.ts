import type { PacketMeta } from '../../common/index.js';
import type { FrameReader, FrameWriter } from './frame-log.js';
import type { PacketInfo } from './packet-info.js';
import { type DissectSession, frameSlot } from './session.js';

/**
 * The frame's times as TShark 4.0 shows them (frame.time_delta, frame.time_delta_displayed,
 * frame.time_relative) and the flags a viewer sets on frames (frame.marked), from the capture's
 * state: the first frame's time, the previous captured frame's and the previous displayed one's.
 *
 * A span of time is [seconds, nanoseconds] with the seconds floored (−4 µs is [−1, 999996000]),
 * the form the display filters compare and `formatSpan` prints as TShark does (`-0.000004000`).
 *
 * Which frames are displayed is the session owner's to say: without a display filter every
 * frame is (frame.time_delta_displayed = frame.time_delta); an owner that filters calls
 * `countDisplayedOnly` before the first frame and `frameDisplayed` for each frame its filter
 * passes, as TShark's single pass does (the first displayed frame gets 0).
 */
class FrameTimes {
  hasFirst = false;
  firstSec = 0;
  firstNsec = 0;
  hasPrev = false;
  prevSec = 0;
  prevNsec = 0;
  /** Whether a display filter decides which frames are displayed (else every frame is). */
  filtered = false;
  hasShown = false;
  shownSec = 0;
  shownNsec = 0;
  /** What the app's packet list knows about the frames (marks, filter, references); none elsewhere. */
  viewer: FrameViewer | undefined = undefined;
}

/**
 * What a viewer (the app's packet list) knows about a capture's frames beyond the file, by frame
 * number: Wireshark's frame flags the user sets and the frames its display filter shows.
 */
export interface FrameViewer {
  /** Whether the user marked the frame (Edit ▸ Mark Packet): frame.marked. */
  marked(number: number): boolean;
  /**
   * The time frame.time_delta_displayed counts from: the frame displayed before it under the
   * list's filter (the frame itself when none is), or undefined to count from the frame before
   * it in the session's pass. For a revisit, whose filter may have changed since.
   */
  displayedBase?(number: number): { sec: number; nsec: number } | undefined;
  /** The time frame.time_relative counts from: the latest time reference at or before the frame, or undefined (the first frame). */
  relativeBase?(number: number): { sec: number; nsec: number } | undefined;
}

const newTimes = (): FrameTimes => new FrameTimes();

function times(session: DissectSession): FrameTimes {
  return session.state('frame.times', newTimes);
}

/** a − b as a floored span (an invalid fraction of 1e9 or more, kept from the file, is not carried into the seconds). */
export function timeSpan(aSec: number, aNsec: number, bSec: number, bNsec: number): [number, number] {
  let sec = aSec - bSec;
  let nsec = (aNsec | 0) - (bNsec | 0); // fractions as C ints, as wiretap keeps them
  while (nsec < 0) {
    nsec += 1e9;
    sec -= 1;
  }
  return [sec, nsec];
}

const INT32_MAX = 0x7fffffff;
const fitsInt32 = (v: number): boolean => v >= -INT32_MAX && v <= INT32_MAX && Number.isInteger(v);
/** Markers before a span that does not fit one word: two 32-bit words, or two doubles. */
const TWO_WORDS = -1;
const TWO_DOUBLES = -2;

/**
 * Writes a span for a revisit in as few words as it needs: one (0 to 2.147 s, in nanoseconds:
 * the time between most frames), else a marker and two 32-bit words, or (a span beyond 32 bits,
 * from a file with odd timestamps) a marker and two doubles. `readSpan` reads it back.
 */
export function writeSpan(v: readonly [number, number], out: FrameWriter): void {
  const [sec, nsec] = v;
  if (sec >= 0 && sec <= 2 && nsec >= 0 && nsec < 1e9 && sec * 1e9 + nsec <= INT32_MAX) out.int(sec * 1e9 + nsec);
  else if (fitsInt32(sec) && fitsInt32(nsec)) {
    out.int(TWO_WORDS);
    out.int(sec);
    out.int(nsec);
  } else {
    out.int(TWO_DOUBLES);
    out.f64(sec);
    out.f64(nsec);
  }
}

export function readSpan(from: FrameReader): [number, number] {
  const w = from.int();
  if (w >= 0) return w >= 1e9 ? [Math.floor(w / 1e9), w % 1e9] : [0, w];
  if (w === TWO_WORDS) return [from.int(), from.int()];
  return [from.f64(), from.f64()];
}

/** The time since the previous captured frame, recorded per frame. */
const FRAME_DELTA = frameSlot<[number, number]>('frame.times', { write: writeSpan, read: readSpan });

/** In capture order: the span since the previous frame (0 for the first), moving the state on. */
function captureDelta(t: FrameTimes, f: PacketMeta): [number, number] {
  const delta: [number, number] = t.hasPrev ? timeSpan(f.sec, f.nsec, t.prevSec, t.prevNsec) : [0, 0];
  advance(t, f);
  return delta;
}

/** Makes `f` the previous frame (and the first, if none was). */
function advance(t: FrameTimes, f: PacketMeta): void {
  if (!t.hasFirst) {
    t.hasFirst = true;
    t.firstSec = f.sec;
    t.firstNsec = f.nsec;
  }
  t.hasPrev = true;
  t.prevSec = f.sec;
  t.prevNsec = f.nsec;
}

/** The frame's three spans: since the previous captured frame, the previous displayed one, the first one. */
export interface FrameSpans {
  delta: [number, number];
  deltaDisplayed: [number, number];
  relative: [number, number];
}

/** The span since the previous captured frame, moving the session's clock on (what every frame must do, shown or not). */
export function frameDelta(pinfo: PacketInfo): [number, number] {
  const t = times(pinfo.session);
  const f = pinfo.frame;
  return pinfo.frameData(FRAME_DELTA, () => captureDelta(t, f));
}

/**
 * `frameDelta` for a frame whose spans nothing shows: a session that revisits records the span
 * (a revisit may show it), a one-pass session only moves its clock on.
 */
export function passFrame(pinfo: PacketInfo): void {
  if (pinfo.session.revisits) frameDelta(pinfo);
  else advance(times(pinfo.session), pinfo.frame);
}

/** The spans of the frame being dissected: computed on the first pass, the same on a revisit. */
export function frameSpans(pinfo: PacketInfo): FrameSpans {
  const t = times(pinfo.session);
  const f = pinfo.frame;
  const delta = frameDelta(pinfo);
  const ref = t.viewer?.relativeBase?.(f.number);
  const relative = ref === undefined ? timeSpan(f.sec, f.nsec, t.firstSec, t.firstNsec) : timeSpan(f.sec, f.nsec, ref.sec, ref.nsec);
  let deltaDisplayed = delta;
  const shown = t.viewer?.displayedBase?.(f.number);
  if (shown !== undefined) deltaDisplayed = timeSpan(f.sec, f.nsec, shown.sec, shown.nsec);
  else if (t.filtered) deltaDisplayed = t.hasShown ? timeSpan(f.sec, f.nsec, t.shownSec, t.shownNsec) : [0, 0];
  return { delta, deltaDisplayed, relative };
}

/** Whether the session's viewer marked frame `number` (frame.marked). */
export function isMarked(session: DissectSession, number: number): boolean {
  return times(session).viewer?.marked(number) === true;
}

/**
 * The session's owner filters what it displays: from now on a frame counts as displayed (for
 * frame.time_delta_displayed of the frames after it) only when `frameDisplayed` says so.
 */
export function countDisplayedOnly(session: DissectSession): void {
  times(session).filtered = true;
}

/** Frame `frame`, just dissected, passed the owner's display filter. */
export function frameDisplayed(session: DissectSession, frame: PacketMeta): void {
  const t = times(session);
  t.hasShown = true;
  t.shownSec = frame.sec;
  t.shownNsec = frame.nsec;
}

/** The session's frames are shown by `viewer` (the app's list): their marks, references and filter. */
export function setFrameViewer(session: DissectSession, viewer: FrameViewer): void {
  times(session).viewer = viewer;
}
