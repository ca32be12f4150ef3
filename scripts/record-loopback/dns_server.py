"""A small DNS responder for recordings (dev only): answers every A/AAAA/TXT query for any
name, over UDP and TCP, on the address and port given. Not a resolver: it makes real DNS
traffic between real clients (dig) and a real server for scripts/record-loopback.sh."""
import socket
import socketserver
import struct
import sys
import threading


def answer(query: bytes) -> bytes:
    if len(query) < 12:
        return b""
    qid, flags, qd = struct.unpack("!HHH", query[:6])
    off = 12
    while off < len(query) and query[off] != 0:
        off += query[off] + 1
    off += 1
    qtype, qclass = struct.unpack("!HH", query[off : off + 4])
    question = query[12 : off + 4]
    rdata = b""
    if qtype == 1:
        rdata = socket.inet_aton("127.0.0.1")
    elif qtype == 28:
        rdata = socket.inet_pton(socket.AF_INET6, "::1")
    elif qtype == 16:
        text = b"v=wirepool recording " + b"x" * 40
        rdata = bytes([len(text)]) + text
    answers = 1 if rdata else 0
    header = struct.pack("!HHHHHH", qid, 0x8180 | (flags & 0x0100), 1, answers, 0, 0)
    body = question
    if answers:
        body += struct.pack("!HHHIH", 0xC00C, qtype, qclass, 300, len(rdata)) + rdata
    return header + body


class Udp(socketserver.BaseRequestHandler):
    def handle(self):
        data, sock = self.request
        sock.sendto(answer(data), self.client_address)


class Tcp(socketserver.BaseRequestHandler):
    def handle(self):
        while True:
            head = self.request.recv(2)
            if len(head) < 2:
                return
            (n,) = struct.unpack("!H", head)
            q = b""
            while len(q) < n:
                part = self.request.recv(n - len(q))
                if not part:
                    return
                q += part
            a = answer(q)
            self.request.sendall(struct.pack("!H", len(a)) + a)


host, port = sys.argv[1], int(sys.argv[2])
socketserver.ThreadingTCPServer.allow_reuse_address = True
tcp = socketserver.ThreadingTCPServer((host, port), Tcp)
udp = socketserver.ThreadingUDPServer((host, port), Udp)
threading.Thread(target=tcp.serve_forever, daemon=True).start()
udp.serve_forever()
