import type { Dissector } from '../core/dissector.js';
import { beginProtocol } from '../core/dispatch.js';
import { fieldTable } from '../core/fields.js';
import { formatText } from '../core/format.js';
import { dissectorTable } from '../core/tables.js';

/**
 * BSD syslog (RFC 3164, UDP 514): the `<PRI>` part split into facility and level, and the
 * message. Info is Wireshark's: `USER.NOTICE: message`.
 */
const FACILITIES = [
  'KERN',
  'USER',
  'MAIL',
  'DAEMON',
  'AUTH',
  'SYSLOG',
  'LPR',
  'NEWS',
  'UUCP',
  'CRON',
  'AUTHPRIV',
  'FTP',
  'NTP',
  'AUDIT',
  'ALERT',
  'CRON2',
  'LOCAL0',
  'LOCAL1',
  'LOCAL2',
  'LOCAL3',
  'LOCAL4',
  'LOCAL5',
  'LOCAL6',
  'LOCAL7',
];
const LEVELS = ['EMERG', 'ALERT', 'CRIT', 'ERR', 'WARNING', 'NOTICE', 'INFO', 'DEBUG'];
const P = fieldTable.register('syslog', 'Syslog message', [
  { abbrev: 'syslog.facility', name: 'Facility', type: 'uint', bits: 8 },
  { abbrev: 'syslog.level', name: 'Level', type: 'uint', bits: 8 },
  { abbrev: 'syslog.msg', name: 'Message', type: 'string' },
]);
const f = P.f;

/** The longest `<PRI>` is `<191>`. */
const MAX_PRI_LENGTH = 5;

const syslog: Dissector = {
  name: 'syslog',
  dissect(tvb, pinfo, tree, parent) {
    pinfo.protocol = 'Syslog';
    const node = beginProtocol(P, tvb, pinfo, tree, parent);
    const b = tvb.bytes;
    let pri = -1;
    let start = 0;
    if (b.length > 2 && b[0] === 0x3c) {
      let v = 0;
      let i = 1;
      while (i < b.length && i < MAX_PRI_LENGTH && b[i]! >= 0x30 && b[i]! <= 0x39) v = v * 10 + b[i++]! - 0x30;
      if (i > 1 && b[i] === 0x3e) {
        pri = v;
        start = i + 1;
      }
    }
    const msg = formatText(b, start, b.length);
    if (pri >= 0) {
      const facility = pri >> 3;
      const level = pri & 7;
      tree.add(node, f.facility, tvb, 0, start, facility);
      tree.add(node, f.level, tvb, 0, start, level);
      pinfo.setInfo(`${FACILITIES[facility] ?? 'UNKNOWN'}.${LEVELS[level]}: ${msg}`);
    } else pinfo.setInfo(msg);
    tree.add(node, f.msg, tvb, start, b.length - start, msg);
  },
};

dissectorTable('udp.port').add(514, syslog);
