"""An HTTP/1.0 server that sends a body without Content-Length in five writes, then closes
(dev: the recording behind test/fixtures/dissect/http-until-fin.pcap; serves one request on 127.0.0.1:8090)."""
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1', 8090)); s.listen(1)
c, _ = s.accept(); c.recv(1000)
c.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n")
for i in range(5):
    time.sleep(0.05); c.sendall(b"line %d of a body without a length\n" % i)
time.sleep(0.05); c.close()
