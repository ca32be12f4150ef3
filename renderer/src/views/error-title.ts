import type { ErrorAbout } from '../store/ui-store.js';

/**
 * The headline of an error, in the user's words: what they were doing that failed. Every
 * request has one (a new op that lacks a title does not compile); the code stays a detail.
 */
const TITLES: Record<ErrorAbout, string> = {
  hello: 'Could not reach Wirepool',
  openDialog: 'Could not open the file',
  open: 'Could not open the file',
  replay: 'Could not replay the file',
  pause: 'Could not pause',
  resume: 'Could not resume',
  stop: 'Could not stop',
  speed: 'Could not change the speed',
  rows: 'Could not show the packet list',
  packet: 'Could not show the packet',
  filter: 'Could not apply the filter',
  stats: 'Could not compute the statistics',
  interfaces: 'Could not list the interfaces',
  captureStart: 'Capture failed',
  captureStop: 'Could not stop the capture',
  save: 'Could not save',
  follow: 'Could not follow the stream',
  sort: 'Could not sort the packets',
  locate: 'Could not go to the packet',
  findMark: 'No marked packet to go to',
  mark: 'Could not mark the packet',
  find: 'Could not search the packets',
  coloring: 'Could not set the coloring rules',
  host: 'Lost touch with Wirepool',
  ui: 'Cannot do that yet',
};

export function errorTitle(about: ErrorAbout): string {
  return TITLES[about];
}
