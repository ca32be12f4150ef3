"""HTTP server for recordings (dev only): static files, plus responses a packet inspector must
decode: chunked, gzip, JSON, a form echo. HTTP/1.1 (keep-alive) or HTTP/1.0 by argument."""
import functools
import gzip
import http.server
import json
import socket
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path.startswith("/chunked"):
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for i in range(40):
                line = f"chunk {i} of a chunked response\n".encode() * (i + 1)
                self.wfile.write(b"%x\r\n%s\r\n" % (len(line), line))
            self.wfile.write(b"0\r\n\r\n")
            return
        if self.path.startswith("/gzip"):
            body = gzip.compress(("compressed line of text for the inspector\n" * 4000).encode())
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if self.path.startswith("/api"):
            body = json.dumps({"items": [{"id": i, "name": f"item {i}", "ok": i % 2 == 0} for i in range(200)]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        data = self.rfile.read(n)
        body = b"received " + str(len(data)).encode() + b" bytes\n"
        self.send_response(201)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


host, port, version, root = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
Handler.protocol_version = version


class Server(http.server.ThreadingHTTPServer):
    address_family = socket.AF_INET6 if ":" in host else socket.AF_INET


Server((host, port), functools.partial(Handler, directory=root)).serve_forever()
