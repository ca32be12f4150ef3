"""A SIP call between two user agents on loopback (dev only), for recordings that test the SIP,
SDP, RTP and RTCP decoders: REGISTER over TCP (401 challenge, then 200; the second REGISTER
and a MESSAGE cut across segments), an INVITE over UDP with an SDP offer, 100/180/200 with an SDP answer, ACK, G.711 PCMU RTP both ways on the ports
the SDP announced, RTCP compound packets (SR+SDES, RR+SDES, BYE) on port+1, then BYE/200 and
an OPTIONS answered 404. Both agents are in this process; every message crosses real sockets.

    python3 sip_call.py   (run while tcpdump listens on lo)
"""
import socket
import struct
import time

A_IP, B_IP = "127.0.0.1", "127.0.0.2"
SIP = 5060
A_RTP, B_RTP = 49170, 51372
CALL_ID = "a84b4c76e66710@127.0.0.1"


def udp(ip, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((ip, port))
    return s


def sdp(ip, port, sess):
    return (
        "v=0\r\n"
        f"o=- {sess} {sess} IN IP4 {ip}\r\n"
        "s=Wirepool call\r\n"
        f"c=IN IP4 {ip}\r\n"
        "t=0 0\r\n"
        f"m=audio {port} RTP/AVP 0 8 101\r\n"
        "a=rtpmap:0 PCMU/8000\r\n"
        "a=rtpmap:8 PCMA/8000\r\n"
        "a=rtpmap:101 telephone-event/8000\r\n"
        "a=fmtp:101 0-16\r\n"
        "a=ptime:20\r\n"
        "a=sendrecv\r\n"
    )


def msg(first, headers, body="", ctype="application/sdp"):
    lines = [first] + headers
    if body:
        lines.append(f"Content-Type: {ctype}")
    lines.append(f"Content-Length: {len(body.encode())}")
    return ("\r\n".join(lines) + "\r\n\r\n" + body).encode()


def common(method, cseq, via_ip, branch, to_tag=""):
    return [
        f"Via: SIP/2.0/UDP {via_ip}:5060;branch=z9hG4bK{branch}",
        "Max-Forwards: 70",
        "From: \"Alice\" <sip:alice@127.0.0.1>;tag=1928301774",
        f"To: <sip:bob@127.0.0.2>{';tag=' + to_tag if to_tag else ''}",
        f"Call-ID: {CALL_ID}",
        f"CSeq: {cseq} {method}",
    ]


def rtp(pt, seq, ts, ssrc, marker, payload):
    return struct.pack("!BBHII", 0x80, (0x80 if marker else 0) | pt, seq, ts, ssrc) + payload


def sdes(ssrc, cname):
    item = bytes([1, len(cname)]) + cname
    chunk = struct.pack("!I", ssrc) + item + b"\0"
    chunk += b"\0" * (-len(chunk) % 4)
    return struct.pack("!BBH", 0x81, 202, len(chunk) // 4) + chunk


def sr(ssrc, ntp, ts, pkts, octets, report=None):
    body = struct.pack("!IIIIII", ssrc, ntp >> 32, ntp & 0xFFFFFFFF, ts, pkts, octets)
    rc = 0
    if report:
        body += report
        rc = 1
    return struct.pack("!BBH", 0x80 | rc, 200, len(body) // 4) + body


def rr(ssrc, report):
    body = struct.pack("!I", ssrc) + report
    return struct.pack("!BBH", 0x81, 201, len(body) // 4) + body


def block(ssrc, lost, highest, jitter):
    return struct.pack("!IIIIII", ssrc, lost & 0xFFFFFF, highest, jitter, 0, 0)


def bye(ssrc, reason=b""):
    body = struct.pack("!I", ssrc)
    if reason:
        r = bytes([len(reason)]) + reason
        r += b"\0" * (-len(r) % 4)
        body += r
    return struct.pack("!BBH", 0x81, 203, len(body) // 4) + body


def main():
    # Registration over TCP: a 401 challenge, then 200.
    reg = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    reg.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    reg.bind((B_IP, SIP))
    reg.listen(1)
    cli = socket.create_connection((B_IP, SIP), source_address=(A_IP, 0))
    srv, _ = reg.accept()
    port = cli.getsockname()[1]
    hdr = [
        f"Via: SIP/2.0/TCP {A_IP}:{port};branch=z9hG4bKreg1",
        "Max-Forwards: 70",
        "From: <sip:alice@127.0.0.2>;tag=reg77",
        "To: <sip:alice@127.0.0.2>",
        "Call-ID: reg-843817637684230@127.0.0.1",
        "CSeq: 1 REGISTER",
        f"Contact: <sip:alice@{A_IP}:{port};transport=tcp>",
        "Expires: 3600",
        "User-Agent: wirepool-recorder/1.0",
    ]
    cli.sendall(msg("REGISTER sip:127.0.0.2 SIP/2.0", hdr))
    srv.recv(4096)
    srv.sendall(msg("SIP/2.0 401 Unauthorized", hdr[:1] + hdr[2:6] + ['WWW-Authenticate: Digest realm="wirepool", nonce="ea9c8e88df84f1cec4341ae6cbe5a359", algorithm=MD5']))
    cli.recv(4096)
    hdr2 = [h.replace("reg1", "reg2").replace("CSeq: 1", "CSeq: 2") for h in hdr]
    hdr2.append('Authorization: Digest username="alice", realm="wirepool", nonce="ea9c8e88df84f1cec4341ae6cbe5a359", uri="sip:127.0.0.2", response="dfe56131d1958046689d83306477ecc"')
    # The second REGISTER in two segments, cut inside a header: TCP reassembles it.
    cli.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    reg2 = msg("REGISTER sip:127.0.0.2 SIP/2.0", hdr2)
    cli.sendall(reg2[:150])
    time.sleep(0.05)
    cli.sendall(reg2[150:])
    got = b""
    while len(got) < len(reg2):
        got += srv.recv(4096)
    srv.sendall(msg("SIP/2.0 200 OK", hdr2[:1] + hdr2[2:7] + ["Expires: 3600"]))
    cli.recv(4096)
    # A MESSAGE whose body comes in the segment after its headers.
    text = "hello over TCP\r\nsecond line\r\n"
    hdr3 = [h.replace("reg2", "msg1").replace("CSeq: 2 REGISTER", "CSeq: 3 MESSAGE") for h in hdr2[:6]]
    m3 = msg("MESSAGE sip:bob@127.0.0.2 SIP/2.0", hdr3, text, "text/plain")
    cut = m3.index(b"\r\n\r\n") + 4
    cli.sendall(m3[:cut])
    time.sleep(0.05)
    cli.sendall(m3[cut:])
    got = b""
    while len(got) < len(m3):
        got += srv.recv(4096)
    srv.sendall(msg("SIP/2.0 200 OK", hdr3[:1] + hdr3[2:6]))
    cli.recv(4096)
    cli.close()
    srv.close()
    reg.close()
    time.sleep(0.05)

    a, b = udp(A_IP, SIP), udp(B_IP, SIP)
    ar, br = udp(A_IP, A_RTP), udp(B_IP, B_RTP)
    arc, brc = udp(A_IP, A_RTP + 1), udp(B_IP, B_RTP + 1)

    def ab(data):
        a.sendto(data, (B_IP, SIP))
        b.recv(65535)

    def ba(data):
        b.sendto(data, (A_IP, SIP))
        a.recv(65535)

    inv = common("INVITE", 314159, A_IP, "776asdhds") + [
        "Contact: <sip:alice@127.0.0.1:5060>",
        "User-Agent: wirepool-recorder/1.0",
        "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS",
    ]
    ab(msg("INVITE sip:bob@127.0.0.2 SIP/2.0", inv, sdp(A_IP, A_RTP, 2890844526)))
    ba(msg("SIP/2.0 100 Trying", common("INVITE", 314159, A_IP, "776asdhds")))
    ba(msg("SIP/2.0 180 Ringing", common("INVITE", 314159, A_IP, "776asdhds", "a6c85cf")))
    ok = common("INVITE", 314159, A_IP, "776asdhds", "a6c85cf") + ["Contact: <sip:bob@127.0.0.2:5060>"]
    ba(msg("SIP/2.0 200 OK", ok, sdp(B_IP, B_RTP, 2890844527)))
    ab(msg("ACK sip:bob@127.0.0.2:5060 SIP/2.0", common("ACK", 314159, A_IP, "ack1", "a6c85cf")))

    sa, sb = 0x11223344, 0x5566AABB
    for i in range(6):
        ar.sendto(rtp(0, 1000 + i, 160 * i, sa, i == 0, b"\xff" * 160), (B_IP, B_RTP))
        br.recv(2048)
        br.sendto(rtp(0, 7000 + i, 8000 + 160 * i, sb, i == 0, b"\x7f" * 160), (A_IP, A_RTP))
        ar.recv(2048)
    ar.sendto(rtp(101, 1006, 960, sa, True, bytes([1, 0x0A, 0, 160])), (B_IP, B_RTP))
    br.recv(2048)
    ntp = (3_900_000_000 << 32) | 0x80000000
    arc.sendto(sr(sa, ntp, 960, 7, 964, block(sb, 0, 7005, 3)) + sdes(sa, b"alice@127.0.0.1"), (B_IP, B_RTP + 1))
    brc.recv(2048)
    brc.sendto(rr(sb, block(sa, 0, 1006, 2)) + sdes(sb, b"bob@127.0.0.2"), (A_IP, A_RTP + 1))
    arc.recv(2048)
    brc.sendto(sr(sb, ntp + (1 << 32), 8800, 6, 960) + sdes(sb, b"bob@127.0.0.2"), (A_IP, A_RTP + 1))
    arc.recv(2048)
    arc.sendto(rr(sa, block(sb, 0, 7005, 1)) + sdes(sa, b"alice@127.0.0.1") + bye(sa, b"call ended"), (B_IP, B_RTP + 1))
    brc.recv(2048)

    ab(msg("BYE sip:bob@127.0.0.2:5060 SIP/2.0", common("BYE", 314160, A_IP, "bye1", "a6c85cf")))
    ba(msg("SIP/2.0 200 OK", common("BYE", 314160, A_IP, "bye1", "a6c85cf")))
    ab(msg("OPTIONS sip:carol@127.0.0.2 SIP/2.0", common("OPTIONS", 1, A_IP, "opt1") + ["Accept: application/sdp"]))
    ba(msg("SIP/2.0 404 Not Found", common("OPTIONS", 1, A_IP, "opt1", "x1")))


if __name__ == "__main__":
    main()
