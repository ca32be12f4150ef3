/**
 * The capture file named on the command line (`wirepool-desktop capture.pcapng`), if any.
 * A packaged app gets [exe, ...args]; `electron dist/electron/main.js ...` gets [exe, main, ...args].
 */
export function fileFromArgv(argv: readonly string[], packaged: boolean): string | undefined {
  const args = argv.slice(packaged ? 1 : 2).filter((a) => !a.startsWith('-'));
  return args.at(-1);
}
