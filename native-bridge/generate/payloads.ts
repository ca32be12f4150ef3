/** Application payloads the flows carry: DNS messages, HTTP/1.1 requests and responses. */

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

function dnsName(name: string): number[] {
  return [...name.split('.').flatMap((l) => [l.length, ...ascii(l)]), 0];
}

/** A DNS query (RD set) for `name`, type A (1) or AAAA (28); with `answer`, the response carrying it. */
export function dnsMessage(id: number, name: string, type: 1 | 28, answer?: Uint8Array): Uint8Array {
  const q = [...dnsName(name), 0, type, 0, 1];
  const head = [id >>> 8, id & 0xff, answer ? 0x81 : 0x01, answer ? 0x80 : 0x00, 0, 1, 0, answer ? 1 : 0, 0, 0, 0, 0];
  const rr = answer ? [0xc0, 12, 0, type, 0, 1, 0, 0, 0x0e, 0x10, 0, answer.length, ...answer] : [];
  return Uint8Array.from([...head, ...q, ...rr]);
}

export function httpRequest(host: string, path: string): Uint8Array {
  return ascii(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: wirepool-generate\r\nAccept: */*\r\n\r\n`);
}

/** A 200 response whose body is `bodyLength` bytes of text. */
export function httpResponse(bodyLength: number, seed: number): Uint8Array {
  const head = ascii(`HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: ${bodyLength}\r\n\r\n`);
  const out = new Uint8Array(head.length + bodyLength);
  out.set(head);
  const text = ascii('<p>Wirepool generated page. The quick brown fox jumps over the lazy dog.</p>\n');
  for (let i = 0; i < bodyLength; i++) out[head.length + i] = text[(i + seed) % text.length]!;
  return out;
}

/** Bulk data: a fixed pattern, sliced per segment (no allocation per packet). */
export function bulkPattern(size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 13 + (i >>> 11)) & 0xff;
  return out;
}
