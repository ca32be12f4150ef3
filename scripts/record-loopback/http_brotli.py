"""HTTP responses with Content-Encoding: br between a real server and client on loopback (dev
only), for the brotli body decoder's recording (test/fixtures/dissect/http-brotli.pcap). The
bodies are compressed by the `brotli` command-line tool (apt package brotli). Serves on the
port given, fetches /text and /json once with urllib (which leaves bodies as sent), then exits.

    python3 http_brotli.py 8090   (run while tcpdump listens on lo)
"""
import http.server
import json
import random
import subprocess
import sys
import threading
import urllib.request

r = random.Random(5)
WORDS = ["packet", "inspector", "brotli", "wire", "frame", "stream", "buffer", "pool", "lease", "tier"]
TEXT = "\n".join(" ".join(r.choice(WORDS) for _ in range(12)) for _ in range(600)).encode() + b"\n"
JSON = json.dumps({"items": [{"id": i, "name": f"item {i}"} for i in range(40)]}).encode()


def br(data):
    return subprocess.run(["brotli", "-c"], input=data, capture_output=True, check=True).stdout


BODIES = {"/text": ("text/plain", br(TEXT)), "/json": ("application/json", br(JSON))}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        ctype, body = BODIES[self.path]
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "br")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


port = int(sys.argv[1])
server = http.server.HTTPServer(("127.0.0.1", port), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
for path in ("/text", "/json"):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Accept-Encoding": "br"})
    with urllib.request.urlopen(req) as resp:
        resp.read()
server.shutdown()
