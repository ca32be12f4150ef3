import { describe, expect, it } from 'vitest';
import { DissectSession, PacketInfo } from '../../native-bridge/dissect/index.js';

/** A fresh frame's packet info (frame `number` of a one-pass session). */
function pinfoOf(session = new DissectSession(undefined, { revisits: false }), number = 1): PacketInfo {
  return new PacketInfo({ number, sec: 0, nsec: 0, wireLen: 60, capLen: 60, interfaceId: -1, linkType: 1 }, session);
}

/** UDP's ports text, counting how often it is made. */
function counting(): { made: number; format: (a: number, b: number, c: number) => string } {
  const c = {
    made: 0,
    format: (a: number, b: number, n: number): string => {
      c.made++;
      return `${a} → ${b} Len=${n}`;
    },
  };
  return c;
}

describe('PacketInfo: Info made only when read (setInfoLater)', () => {
  it('reads as the text setInfo would have set', () => {
    const p = pinfoOf();
    const c = counting();
    p.setInfo('Ethernet II');
    p.setInfoLater(c.format, 40001, 5201, 118);
    expect(c.made).toBe(0);
    expect(p.info).toBe('40001 → 5201 Len=118');
    expect(p.info).toBe('40001 → 5201 Len=118');
    expect(c.made).toBe(1);
  });

  it('is never made when a layer above replaces it', () => {
    const p = pinfoOf();
    const c = counting();
    p.setInfoLater(c.format, 53, 40000, 30);
    p.setInfo('Standard query 0x1234');
    p.appendInfo('A example.com');
    expect(p.info).toBe('Standard query 0x1234 A example.com');
    expect(c.made).toBe(0);
  });

  it('is made before a layer above appends to it', () => {
    const p = pinfoOf();
    const c = counting();
    p.setInfoLater(c.format, 1, 2, 3);
    p.appendInfo('[ILLEGAL CHECKSUM (0)]');
    expect(p.info).toBe('1 → 2 Len=3 [ILLEGAL CHECKSUM (0)]');
  });

  it('keeps a fenced start, and goes after it', () => {
    const p = pinfoOf();
    const c = counting();
    p.prependInfoFenced('[TCP Window Full] ');
    p.setInfoLater(c.format, 1, 2, 3);
    expect(p.info).toBe('[TCP Window Full] 1 → 2 Len=3');
    p.setInfo('HTTP/1.1 200 OK');
    expect(p.info).toBe('[TCP Window Full] HTTP/1.1 200 OK');
  });

  it('is dropped while the columns are read-only, and an assignment replaces it', () => {
    const p = pinfoOf();
    const c = counting();
    p.setInfo('kept');
    p.columnsWritable = false;
    p.setInfoLater(c.format, 1, 2, 3);
    expect(p.info).toBe('kept');
    p.columnsWritable = true;
    p.setInfoLater(c.format, 1, 2, 3);
    p.info = 'cut';
    expect(p.info).toBe('cut');
    expect(c.made).toBe(0);
  });
});

describe('PacketInfo: MAC addresses printed only when read (setMacs)', () => {
  it('shows both addresses as Ethernet sets them', () => {
    const p = pinfoOf();
    p.setMacs(0x0011, 0x22334455, 0xffff, 0xffffffff);
    expect(p.src).toBe('00:11:22:33:44:55');
    expect(p.dst).toBe('ff:ff:ff:ff:ff:ff');
  });

  it('gives way to the network addresses, and keeps the other one when one column is set', () => {
    const p = pinfoOf();
    p.setMacs(0x0011, 0x22334455, 0x0a0b, 0x0c0d0e0f);
    p.setNet('ipv4', '10.0.0.1', '10.0.0.2', 1);
    expect([p.src, p.dst]).toEqual(['10.0.0.1', '10.0.0.2']);
    p.setMacs(0x0011, 0x22334455, 0x0a0b, 0x0c0d0e0f);
    p.src = '00:00:00:00:00:01';
    expect([p.src, p.dst]).toEqual(['00:00:00:00:00:01', '0a:0b:0c:0d:0e:0f']);
    // What an ICMP error's quote saves and puts back.
    const saved = p.saveAddresses();
    p.setNet('ipv4', '192.0.2.1', '192.0.2.2', 1);
    p.restoreAddresses(saved);
    expect([p.src, p.dst]).toEqual(['00:00:00:00:00:01', '0a:0b:0c:0d:0e:0f']);
  });
});
