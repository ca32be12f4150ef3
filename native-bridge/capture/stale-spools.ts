import { readdirSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A temporary capture spool's name: the process that wrote it comes first. */
const SPOOL = /^wirepool-capture-(\d+)-\d+-\d+\.pcapng$/;

/** The name of run `runId`'s temporary spool in this process. */
export function temporarySpoolPath(runId: number): string {
  return path.join(tmpdir(), `wirepool-capture-${process.pid}-${runId}-${Date.now()}.pcapng`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, owned by another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes temporary spools whose process is gone (killed before it could remove them): they
 * were never saved and nothing can reach them any more. Spools of live processes, and files
 * named otherwise, are left alone. Returns the paths removed.
 */
export function removeStaleSpools(dir = tmpdir()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = SPOOL.exec(name);
    if (m === null || alive(Number(m[1]))) continue;
    const file = path.join(dir, name);
    try {
      unlinkSync(file);
      removed.push(file);
    } catch {
      // gone meanwhile, or not ours to remove
    }
  }
  return removed;
}
