/** cap's link-type names to LINKTYPE_ values; "Unknown linktype N" carries the number itself. */
export function linkTypeOf(name: string): number {
  switch (name) {
    case 'NULL':
      return 0;
    case 'ETHERNET':
      return 1;
    case 'IEEE802_11_RADIO':
      return 127;
    case 'LINKTYPE_LINUX_SLL':
      return 113;
    case 'RAW':
      return 101;
    default: {
      const m = /(\d+)/.exec(name);
      return m ? Number(m[1]) : 1;
    }
  }
}

/** LINKTYPE_LINUX_SLL2: Linux cooked capture v2, what tcpdump captures libpcap's "any" device as. */
export const LINKTYPE_LINUX_SLL2 = 276;
