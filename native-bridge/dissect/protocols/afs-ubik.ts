import { AFS } from './afs-fields.js';
import type { Cursor } from './afs-ops.js';

/**
 * Ubik, the replicated database under AFS's servers (its vote and disk calls, opcodes
 * 10000-10007 and 20000-20013 on any AFS service's port): the bodies Wireshark decodes.
 */
const f = AFS.f;

function version(c: Cursor, label: string): void {
  const epoch = c.tvb.u32(c.off);
  const counter = c.tvb.u32(c.off + 4);
  c.push(`UBIK Version (${label}): ${epoch}.${counter}`);
  c.tree.add(c.node, f['ubik.version.epoch'], c.tvb, c.off, 4, [epoch, 0], epoch === 0 ? 'Epoch: 0' : undefined);
  c.skip(4);
  c.u32(f['ubik.version.counter']);
  c.pop();
}

/** 255 interface addresses; a run of zeros shows once. */
function interfaces(c: Cursor): void {
  let seenNull = false;
  for (let i = 0; i < 255; i++) {
    if (c.tvb.u32(c.off) !== 0) {
      c.ipv4(f['ubik.interface']);
      seenNull = false;
      continue;
    }
    if (!seenNull) c.tree.add(c.node, f['ubik.null_addresses'], c.tvb, c.off, c.tvb.remaining(c.off));
    seenNull = true;
    c.skip(4);
  }
}

function debugOld(c: Cursor): void {
  c.secs(f['ubik.now']);
  c.secs(f['ubik.lastyesttime']);
  c.ipv4(f['ubik.lastyeshost']);
  c.u32(f['ubik.lastyesstate']);
  c.secs(f['ubik.lastyesclaim']);
  c.ipv4(f['ubik.lowesthost']);
  c.secs(f['ubik.lowesttime']);
  c.ipv4(f['ubik.synchost']);
  c.secs(f['ubik.synctime']);
  version(c, 'Sync Version');
  version(c, 'Sync TID');
  c.u32(f['ubik.amsyncsite']);
  c.secs(f['ubik.syncsiteuntil']);
  c.u32(f['ubik.nservers']);
  c.u32(f['ubik.lockedpages']);
  c.u32(f['ubik.writelockedpages']);
  version(c, 'Local Version');
  for (const field of [
    f['ubik.activewrite'],
    f['ubik.tidcounter'],
    f['ubik.anyreadlocks'],
    f['ubik.anywritelocks'],
    f['ubik.recoverystate'],
    f['ubik.currenttran'],
    f['ubik.writetran'],
  ])
    c.u32(field);
  c.secs(f['ubik.epochtime']);
}

function sdebugOld(c: Cursor): void {
  c.ipv4(f['ubik.addr']);
  c.secs(f['ubik.lastvotetime']);
  c.secs(f['ubik.lastbeaconsent']);
  c.u32(f['ubik.lastvote']);
  version(c, 'Remote Version');
  c.u32(f['ubik.currentdb']);
  c.u32(f['ubik.beaconsincedown']);
  c.u32(f['ubik.up']);
}

export function ubikReply(c: Cursor, op: number): void {
  switch (op) {
    case 10001:
    case 10004:
    case 10006:
      debugOld(c);
      if (op !== 10001) interfaces(c);
      if (op === 10006) c.u32(f['ubik.isclone']);
      break;
    case 10002:
    case 10005:
    case 10007:
      sdebugOld(c);
      if (op !== 10002) interfaces(c);
      if (op === 10007) c.u32(f['ubik.isclone']);
      break;
    case 20004:
      version(c, 'DB Version');
      break;
    case 20012:
      interfaces(c);
      break;
  }
}

export function ubikRequest(c: Cursor, op: number): void {
  c.skip(4);
  switch (op) {
    case 10000:
      c.u32(f['ubik.state']);
      c.secs(f['ubik.votestart']);
      version(c, 'DB Version');
      version(c, 'TID');
      break;
    case 10002:
    case 10003:
    case 10004:
    case 10005:
      c.ipv4(f['ubik.site']);
      break;
    case 20000:
    case 20001:
    case 20011:
      version(c, 'TID');
      break;
    case 20002:
      version(c, 'TID');
      for (const field of [f['ubik.file'], f['ubik.position'], f['ubik.length'], f['ubik.locktype']]) c.u32(field);
      break;
    case 20003:
      version(c, 'TID');
      c.u32(f['ubik.file']);
      c.u32(f['ubik.position']);
      break;
    case 20005:
      c.u32(f['ubik.file']);
      break;
    case 20006:
      c.u32(f['ubik.file']);
      c.u32(f['ubik.length']);
      version(c, 'DB Version');
      break;
    case 20009:
      version(c, 'TID');
      c.u32(f['ubik.file']);
      c.u32(f['ubik.length']);
      break;
    case 20012:
      interfaces(c);
      break;
    case 20013:
      version(c, 'TID');
      version(c, 'Old DB Version');
      version(c, 'New DB Version');
      break;
  }
}
